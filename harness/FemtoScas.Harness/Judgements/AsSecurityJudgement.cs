using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rules of the TS 33.511 4.2.2.1 control-plane AS cases (issue 13) over one AsSecurityTrial (Roles/UeSim):
/// .1 RRC integrity (the AS SMC selects an algorithm other than NIA0 and every downlink RRC message after it verifies with
/// K_RRCint), .12 algorithm selection (the SMC's NIA and NEA are the first entries of the DUT's configured priority lists
/// that the UE supports), .6 RRC ciphering (every downlink RRC message after the SMC is ciphered with the selected NEA),
/// .4 RRC integrity check failure (an uplink PDU with a bad MAC-I never reaches the AMF) and .9 RRC replay (an uplink PDU
/// replayed with its COUNT never reaches the AMF). FAIL names message, algorithm or COUNT; INCONCLUSIVE when NG-C, the
/// trial or its positive controls did not get that far.
/// </summary>
public static class AsSecurityJudgement
{
    /// <summary>What a case hands the rules: NG-C as the harness AMF saw it, the trial, or why none ran.</summary>
    public sealed record AsCaseSeen(AmfObservation? Amf, AsTrialOutcome? Trial, string? NotRun);

    /// <summary>Common preconditions: null when the trial completed with AS security active.</summary>
    private static Decision? Unready(AsCaseSeen seen)
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
        if (seen.Trial is not { } trial) return Decision.Inconclusive("the air-link trial did not run");
        if (!trial.Secured || trial.Selected is null) return Decision.Inconclusive($"AS security was not activated on the air link: {trial.Why}");
        return null;
    }

    private static IEnumerable<AirDownlink> AfterSmc(AsTrialOutcome trial) =>
        trial.Received.SkipWhile(r => r.Message is not SecurityModeCommand).Skip(1);

    private static string Describe(AirDownlink d) => $"{d.Message.Name} (PDCP COUNT {d.Count})";

    /// <summary>TS33511-4.2.2.1.1 TC_CP_DATA_INT_RRC_SIGN_gNB.</summary>
    public static Decision RrcIntegrity(AsCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen) is { } unready) return unready;
        var trial = seen.Trial!;
        var nia = trial.Selected!.Integrity ?? NrIntegrityAlgorithm.Nia0;
        if (nia == NrIntegrityAlgorithm.Nia0)
            return Decision.Fail($"the AS SecurityModeCommand selects NIA0 (null integrity) with {trial.Selected.Ciphering}: SRB1 RRC messages after it carry no real MAC-I");
        var failed = trial.Steps.Where(s => s.Direction == Crypto.Nr.NrDirection.Downlink && s.Protection.StartsWith("MAC-I fails", StringComparison.Ordinal)).ToList();
        if (failed.Count > 0)
            return Decision.Fail($"downlink SRB1 PDU(s) after the SecurityModeCommand whose MAC-I does not verify with K_RRCint under {nia}: {string.Join("; ", failed.Select(s => $"COUNT {s.Count}"))}");
        var after = AfterSmc(trial).ToList();
        if (after.Count == 0)
            return Decision.Inconclusive($"{nia} selected, but no downlink RRC message after the SecurityModeCommand to check (DOWNLINK NAS TRANSPORT not relayed as DLInformationTransfer)");
        // The uplink half is the in-process UE's probes; an imported capture (no probes) shows the downlink only.
        return Decision.Pass($"the SecurityModeCommand (MAC-I verified) selects {nia}; every later downlink RRC message verifies with K_RRCint: {string.Join(", ", after.Select(Describe))}"
            + (trial.Probes.Count > 0
                ? "; the cell took uplink RRC only with a valid MAC-I (SecurityModeComplete and the good ULInformationTransfer reached it, see TS33511-4.2.2.1.4 for the bad one)"
                : $" ({trial.Why}; the lab UE's uplink is not judged)"));
    }

    /// <summary>TS33511-4.2.2.1.12 TC_AS_alg_select_gNB: against the configured lists (null: the profile gives none).</summary>
    public static Decision AlgorithmSelection(AsCaseSeen seen, IReadOnlyList<NrIntegrityAlgorithm>? integrityPriority, IReadOnlyList<NrEncryptionAlgorithm>? cipheringPriority)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen) is { } unready) return unready;
        if (integrityPriority is not { Count: > 0 } || cipheringPriority is not { Count: > 0 })
            return Decision.Inconclusive("the DUT profile gives no AS algorithm priority lists (asSecurity.integrityPriority / cipheringPriority): the selection cannot be judged");
        var trial = seen.Trial!;
        var expectedNia = integrityPriority.FirstOrDefault(a => a == NrIntegrityAlgorithm.Nia0 || Offers(trial.NiaOffered, (int)a), (NrIntegrityAlgorithm)0xFF);
        var expectedNea = cipheringPriority.FirstOrDefault(a => a == NrEncryptionAlgorithm.Nea0 || Offers(trial.NeaOffered, (int)a), (NrEncryptionAlgorithm)0xFF);
        var nia = trial.Selected!.Integrity ?? NrIntegrityAlgorithm.Nia0;
        var nea = trial.Selected.Ciphering;
        var lists = $"integrity list {string.Join(">", integrityPriority)}, ciphering list {string.Join(">", cipheringPriority)}, UE offers NIA mask 0x{trial.NiaOffered:X4} and NEA mask 0x{trial.NeaOffered:X4}";
        var wrong = new List<string>();
        if (nia != expectedNia) wrong.Add($"integrity {nia} instead of {expectedNia}");
        if (nea != expectedNea) wrong.Add($"ciphering {nea} instead of {expectedNea}");
        return wrong.Count > 0
            ? Decision.Fail($"the AS SecurityModeCommand selects {string.Join(" and ", wrong)}, not the highest-priority algorithm the UE supports ({lists})")
            : Decision.Pass($"the AS SecurityModeCommand selects {nia} and {nea}, the highest-priority entries the UE supports ({lists})");
    }

    private static bool Offers(ushort mask, int id) => id is >= 1 and <= 16 && (mask & (0x8000 >> (id - 1))) != 0;

    /// <summary>TS33511-4.2.2.1.6 TC_CP_DATA_CIP_RRC_SIGN_gNB.</summary>
    public static Decision RrcCiphering(AsCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen) is { } unready) return unready;
        var trial = seen.Trial!;
        var nea = trial.Selected!.Ciphering;
        if (nea == NrEncryptionAlgorithm.Nea0)
            return Decision.Inconclusive("the SecurityModeCommand selects NEA0 (null ciphering): whether the cell ciphers RRC cannot be shown; TS33511-4.2.2.1.12 judges whether NEA0 was its choice to make");
        var after = AfterSmc(trial).ToList();
        var clear = after.Where(d => d.Protection == AirDownlinkProtection.NotCiphered).ToList();
        if (clear.Count > 0)
            return Decision.Fail($"downlink RRC after the SecurityModeCommand sent in clear although {nea} was selected: {string.Join(", ", clear.Select(Describe))} (its MAC-I verifies over the unciphered body)");
        if (after.Count == 0)
            return Decision.Inconclusive($"{nea} selected, but no downlink RRC message after the SecurityModeCommand to check");
        return Decision.Pass($"every downlink RRC message after the SecurityModeCommand is ciphered with {nea} (deciphered with K_RRCenc, MAC-I verified): {string.Join(", ", after.Select(Describe))}"
            + (trial.Probes.Count > 0 ? "; the cell deciphered the UE's ciphered SecurityModeComplete and ULInformationTransfer" : $" ({trial.Why}; the lab UE's uplink is not judged)"));
    }

    /// <summary>TS33511-4.2.2.1.4: an uplink RRC PDU with a bad MAC-I is discarded.</summary>
    public static Decision RrcIntegrityFailure(AsCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen) is { } unready) return unready;
        var probes = seen.Trial!.Probes;
        if (probes.Count < 4 || !probes[0].Arrived || !probes[3].Arrived)
            return Decision.Inconclusive("the positive controls (good ULInformationTransfer before and after) did not both reach the AMF: the cell's discarding cannot be told from a dead link");
        var bad = probes[1];
        return bad.Arrived
            ? Decision.Fail($"ULInformationTransfer with a corrupted MAC-I (PDCP COUNT {bad.Count}, {seen.Trial.Selected!.Integrity}) was delivered: its NAS reached the AMF in UPLINK NAS TRANSPORT")
            : Decision.Pass($"ULInformationTransfer with a corrupted MAC-I (PDCP COUNT {bad.Count}) was discarded (its NAS never reached the AMF) while good ones before and after were delivered");
    }

    /// <summary>TS33511-4.2.2.1.9 TC_UP_DATA_RRC_REPLAY_gNB.</summary>
    public static Decision RrcReplay(AsCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (Unready(seen) is { } unready) return unready;
        var probes = seen.Trial!.Probes;
        if (probes.Count < 4 || !probes[0].Arrived || !probes[3].Arrived)
            return Decision.Inconclusive("the positive controls (good ULInformationTransfer before and after) did not both reach the AMF: the cell's discarding cannot be told from a dead link");
        var replay = probes[2];
        return replay.Arrived
            ? Decision.Fail($"an SRB1 ULInformationTransfer replayed with its already received COUNT {replay.Count} was delivered again: its NAS reached the AMF a second time")
            : Decision.Pass($"an SRB1 ULInformationTransfer replayed with its already received COUNT {replay.Count} was discarded (its NAS reached the AMF once only)");
    }
}
