using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rules of the TS 33.511 4.2.2.1 user-plane cases (issue 13) over UpSecurityTrials (Roles/UeSim), each trial a
/// PDU session with an SMF Security Indication: .2 UP integrity (integrity required: the DRB has integrityProtection, the
/// AS NIA is not NIA0 and the downlink user packet's MAC-I verifies with K_UPint), .7 UP ciphering (ciphering required: the
/// DRB is not cipheringDisabled and the downlink user packet was ciphered with K_UPenc), .5 UP integrity check failure (an
/// uplink DRB PDU with a bad MAC-I never reaches the UPF), .8 UP replay (a replayed uplink DRB PDU never reaches the UPF
/// again), .11 / .10 the gNB follows the SMF's integrity / confidentiality indication (required: on, not-needed: off) and
/// its Security Result says what it did. FAIL names the DRB, algorithm or COUNT; INCONCLUSIVE when NG-C, the trial or its
/// positive controls did not get that far.
/// </summary>
public static class UpSecurityJudgement
{
    /// <summary>What a case hands the rules: NG-C as the harness AMF saw it, the trials in the order of the policies asked for, or why none ran.</summary>
    public sealed record UpCaseSeen(AmfObservation? Amf, IReadOnlyList<UpTrialOutcome> Trials, string? NotRun);

    /// <summary>Common preconditions: null when every trial got a PDU session with a DRB and its good uplink packets through.</summary>
    private static Decision? Unready(UpCaseSeen seen, int trials)
    {
        if (seen.NotRun is { } notRun) return Decision.Inconclusive(notRun);
        if (seen.Amf is not { } amf) return Decision.Inconclusive("NG-C was not observed");
        switch (amf.Reach)
        {
            case AmfReach.SctpUnavailable:
                return Decision.Inconclusive($"NG-C cannot be terminated: {amf.SctpUnavailable?.ToString() ?? amf.Why}");
            case AmfReach.NoAssociation:
            case AmfReach.NoNgSetup:
                return Decision.Inconclusive($"the femto's NG-C did not reach NG Setup through its tunnel: {amf.Why}");
        }
        if (seen.Trials.Count < trials) return Decision.Inconclusive($"{seen.Trials.Count} of {trials} air-link user-plane trial(s) ran");
        foreach (var trial in seen.Trials)
        {
            if (!trial.Completed) return Decision.Inconclusive($"no PDU session with a DRB on the air link (SMF policy {trial.Policy}): {trial.Why}");
            if (trial.Probes.Count < 4 || !trial.Probes[0].Arrived || !trial.Probes[3].Arrived)
                return Decision.Inconclusive($"the positive controls (good uplink user packets before and after the probes, SMF policy {trial.Policy}) did not both reach the UPF: the DRB's user plane does not work end to end");
        }
        return null;
    }

    private static UpTrialOutcome Trial(UpCaseSeen seen) => seen.Trials[0];

    private static string Drb(UpTrialOutcome t) => $"DRB {t.Drb?.DrbIdentity}";

    /// <summary>TS33511-4.2.2.1.2 TC_UP_DATA_INT_gNB: the SMF requires UP integrity.</summary>
    public static Decision UpIntegrity(UpCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen, 1) is { } unready) return unready;
        var t = Trial(seen);
        if (t.Policy.Integrity != UpProtectionIndication.Required) return Decision.Inconclusive($"the trial's SMF policy does not require UP integrity ({t.Policy})");
        var nia = t.Selected?.Integrity ?? NrIntegrityAlgorithm.Nia0;
        if (t.DrbIntegrity != true)
            return Decision.Fail($"{Drb(t)}'s PDCP-Config in RRCReconfiguration has no integrityProtection although the SMF's Security Indication requires UP integrity: user data on it carries no MAC-I");
        if (nia == NrIntegrityAlgorithm.Nia0)
            return Decision.Fail($"{Drb(t)} is integrity protected with NIA0 (null integrity), the AS algorithm the SecurityModeCommand selected");
        if (t.Downlink is not { Seen: { } dl } down) return Decision.Inconclusive($"UP integrity is configured on {Drb(t)} with {nia}, but the UPF's downlink packet never reached the UE to check its MAC-I");
        if (!dl.MacIVerified) return Decision.Fail($"the downlink user packet on {Drb(t)} (PDCP COUNT {dl.Count}) has a MAC-I that does not verify with K_UPint under {nia}");
        return Decision.Pass($"the SMF requires UP integrity and {Drb(t)} has integrityProtection with {nia}: the downlink user packet's MAC-I (PDCP COUNT {dl.Count}) verifies with K_UPint{(down.DeliveredIntact ? "" : " (delivered altered: see TS33511-4.2.2.1.7)")}, "
            + $"and the cell passed the UE's integrity-protected uplink packets to the UPF (the bad MAC-I is TS33511-4.2.2.1.5's)");
    }

    /// <summary>TS33511-4.2.2.1.7 TC_UP_DATA_CIP_gNB: the SMF requires UP ciphering.</summary>
    public static Decision UpCiphering(UpCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen, 1) is { } unready) return unready;
        var t = Trial(seen);
        if (t.Policy.Confidentiality != UpProtectionIndication.Required) return Decision.Inconclusive($"the trial's SMF policy does not require UP ciphering ({t.Policy})");
        var nea = t.Selected?.Ciphering ?? NrEncryptionAlgorithm.Nea0;
        if (t.DrbCiphering != true)
            return Decision.Fail($"{Drb(t)}'s PDCP-Config in RRCReconfiguration has cipheringDisabled although the SMF's Security Indication requires UP ciphering");
        if (nea == NrEncryptionAlgorithm.Nea0)
            return Decision.Inconclusive($"the SecurityModeCommand selects NEA0 (null ciphering): whether the cell ciphers {Drb(t)} cannot be shown; TS33511-4.2.2.1.12 judges whether NEA0 was its choice to make");
        if (t.Downlink is not { Seen: { } dl } down) return Decision.Inconclusive($"ciphering is configured on {Drb(t)} with {nea}, but the UPF's downlink packet never reached the UE");
        if (down.SentInClear)
            return Decision.Fail($"the downlink user packet on {Drb(t)} (PDCP COUNT {dl.Count}) was sent in clear although {nea} ciphering is configured: its body on the air is the UPF's packet as sent");
        if (!down.DeliveredIntact)
            return Decision.Fail($"the downlink user packet on {Drb(t)} (PDCP COUNT {dl.Count}) does not decipher with K_UPenc under {nea} to the UPF's packet ({dl.Outcome})");
        return Decision.Pass($"the SMF requires UP ciphering and {Drb(t)} is ciphered with {nea}: the downlink user packet (PDCP COUNT {dl.Count}) deciphers with K_UPenc to the UPF's packet and was not readable as sent; "
            + "the cell deciphered the UE's ciphered uplink packets to exactly the IP packets the UPF got");
    }

    /// <summary>TS33511-4.2.2.1.5: an uplink DRB PDU with a bad MAC-I is discarded.</summary>
    public static Decision UpIntegrityFailure(UpCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen, 1) is { } unready) return unready;
        var t = Trial(seen);
        var bad = t.Probes[1];
        if (t.DrbIntegrity != true || !bad.Sent)
            return Decision.Inconclusive($"{Drb(t)} has no UP integrity (SMF policy {t.Policy}): no MAC-I to corrupt; TS33511-4.2.2.1.2 judges whether it should have");
        return bad.Arrived
            ? Decision.Fail($"an uplink user packet on {Drb(t)} with a corrupted MAC-I (PDCP COUNT {bad.Count}, {t.Selected?.Integrity}) was delivered: it reached the UPF as a G-PDU")
            : Decision.Pass($"an uplink user packet on {Drb(t)} with a corrupted MAC-I (PDCP COUNT {bad.Count}) was discarded (it never reached the UPF) while good ones before and after were delivered");
    }

    /// <summary>TS33511-4.2.2.1.8 TC_UP_DATA_REPLAY_gNB.</summary>
    public static Decision UpReplay(UpCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen, 1) is { } unready) return unready;
        var t = Trial(seen);
        var replay = t.Probes[2];
        return replay.Arrived
            ? Decision.Fail($"an uplink DRB PDU replayed with its already received COUNT {replay.Count} on {Drb(t)} was delivered again: its IP packet reached the UPF a second time")
            : Decision.Pass($"an uplink DRB PDU replayed with its already received COUNT {replay.Count} on {Drb(t)} was discarded (its IP packet reached the UPF once only)");
    }

    /// <summary>TS33511-4.2.2.1.11 TC_UP_DATA_INT_SMF: two trials, integrity required then not-needed.</summary>
    public static Decision UpIntegrityPolicy(UpCaseSeen seen) =>
        FollowsPolicy(seen, "integrity", p => p.Integrity, t => t.DrbIntegrity, r => r.Integrity, "integrityProtection");

    /// <summary>TS33511-4.2.2.1.10 TC_UP_DATA_CIP_SMF: two trials, confidentiality required then not-needed.</summary>
    public static Decision UpCipheringPolicy(UpCaseSeen seen) =>
        FollowsPolicy(seen, "ciphering", p => p.Confidentiality, t => t.DrbCiphering, r => r.Confidentiality, "no cipheringDisabled");

    private static Decision FollowsPolicy(UpCaseSeen seen, string what, Func<SecurityIndication, UpProtectionIndication> indication, Func<UpTrialOutcome, bool?> activated,
        Func<SecurityResult, UpProtectionResult> reported, string field)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen, 2) is { } unready) return unready;
        var wrong = new List<string>();
        var shown = new List<string>();
        foreach (var t in seen.Trials)
        {
            var wanted = indication(t.Policy);
            if (wanted == UpProtectionIndication.Preferred) continue;
            var on = activated(t) == true;
            var name = SecurityIndication.Name(wanted);
            if (wanted == UpProtectionIndication.Required && !on) wrong.Add($"the SMF says {what} {name} but {Drb(t)} has it off");
            if (wanted == UpProtectionIndication.NotNeeded && on) wrong.Add($"the SMF says {what} {name} but {Drb(t)} has it on ({field})");
            if (t.Result is not { } result) wrong.Add($"no Security Result in the Setup Response Transfer (SMF {what} {name}; TS 38.413 9.3.4.2: present when a Security Indication was received)");
            else if ((reported(result) == UpProtectionResult.Performed) != on)
                wrong.Add($"the Security Result says {what} {SecurityResult.Name(reported(result))} but {Drb(t)} has it {(on ? "on" : "off")}");
            shown.Add($"{what} {name}: {Drb(t)} {(on ? "on" : "off")}, Security Result {(t.Result is { } r ? SecurityResult.Name(reported(r)) : "absent")}");
        }
        if (wrong.Count > 0) return Decision.Fail($"the gNB does not follow the SMF's UP {what} policy: {string.Join("; ", wrong)}");
        if (shown.Count < 2) return Decision.Inconclusive($"the trials did not cover both a required and a not-needed {what} indication");
        return Decision.Pass($"the gNB follows the SMF's UP {what} policy and reports it truly: {string.Join("; ", shown)}");
    }
}
