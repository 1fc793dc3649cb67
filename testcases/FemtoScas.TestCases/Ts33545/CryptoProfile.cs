using FemtoScas.Harness;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.V1;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-BACKHAUL-PROFILE (TS 33.545, baseline TS 33.320 7 with the TS 33.210 IKEv2/ESP profile;
/// clause to be confirmed) — the backhaul's cryptographic profile.
/// Requirement: the femto speaks IKEv2 only, offers only transforms the profile allows (and the
/// required ones), and never accepts a forbidden one, whoever insists on it.
/// Threat: a femto that offers or accepts 3DES, MD5/SHA-1, small D-H groups or IKEv1 lets an
/// attacker on the backhaul (or a rogue SeGW) downgrade the tunnel to breakable cryptography.
/// Profile as data: fixtures/crypto-profiles/ts33210-ipsec.json (allowed / required / forbidden
/// per transform type, each with its source and a confidence note).
/// Steps: (1) positive control: the harness SeGW (conformant proposals) is triggered toward; the
/// DUT's SAi1 (IKE_SA_INIT) and SAi2 (IKE_AUTH, ESP) are enumerated transform by transform and
/// judged against the profile. (2) For each forbidden transform the harness can run, one at a
/// time, the SeGW answers SAi1 (IKE) or SAi2 (ESP) with a choice from the DUT's own offer with
/// only that transform swapped in (asking for the group with INVALID_KE_PAYLOAD where needed).
/// IKE: no IKE_AUTH, a Delete or an unanswered liveness check = refused, an answered liveness
/// check = accepted (the NRF-SEGW-AUTH rule). ESP: the SeGW then deletes the CHILD_SA; a Delete
/// of the DUT's own SPI in the answer = it installed it (accepted), an empty answer = refused. (3) An
/// IKEv1 Main Mode first message offering 16 common Phase 1 transforms goes to the DUT's IKE port
/// (PIXIT ikePort); any well-formed IKEv1 answer to it — a Main Mode response or an IKEv1
/// notification such as NO-PROPOSAL-CHOSEN — means the DUT speaks IKEv1; silence, ICMP port
/// unreachable or an IKEv2 answer are refusals.
/// Verdict: FAIL on any forbidden transform offered or accepted, or on IKEv1 spoken; INCONCLUSIVE when
/// the control fails, a probe is undecided, an offered transform is not in the profile or a
/// required one is never offered; else PASS.
/// Evidence: the crypto-profile section (accepted/refused per transform, a first-class section of
/// compliance.html/json), the self-recorded pcapng and the Wireshark key tables of the lab SAs.
/// </summary>
[Requirement("NRF-BACKHAUL-PROFILE")]
public sealed class CryptoProfile : ConformanceTest
{
    private static readonly IkeProtocolId[] Enumerated = [IkeProtocolId.Ike, IkeProtocolId.Esp];

    [Test]
    public Task Dut_offers_and_accepts_only_profile_transforms_and_refuses_IKEv1() => RunAsync(async t =>
    {
        var profile = IpsecProfile.LoadDefault(TestContext.CurrentContext.TestDirectory);
        var pkiDirectory = TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the harness SeGW has no certificates");
        var ledger = new CryptoProfileLedger(profile);
        await using var segw = new SegwChoiceProbe(t, TestPki.Load(pkiDirectory));
        t.Step($"profile: {profile.Name} ({profile.Reference}; confidence {profile.Confidence})");

        var control = await segw.AttemptAsync("conformant proposals (positive control and enumeration)", forcedIkeChoice: null);
        t.Step($"control: {(control.NotTriggerable ? "" : "the DUT ")}{control.Reaction}");
        var controlProblem = control.NotTriggerable
            ? control.Reaction
            : control.Kept ? null : $"positive control failed: with conformant proposals the DUT {control.Reaction}; a refusal cannot be told from a broken tunnel";

        var offer = segw.Sas.FirstOrDefault(s => s.OfferedIkeProposals.Count > 0);
        var sai2 = segw.Sas.FirstOrDefault(s => s.OfferedChildProposals.Count > 0)?.OfferedChildProposals ?? [];
        if (offer is not null)
        {
            ledger.Offered(offer.OfferedIkeProposals);
            ledger.Offered(sai2);
            t.Step($"enumerated SAi1 ({offer.OfferedIkeProposals.Count} proposals) and SAi2 ({sai2.Count}); forbidden offered: {Listed(ledger.ForbiddenOffered)}");
        }

        // Refusal probes need a working tunnel to compare with; the IKEv1 probe does not.
        var forbidden = controlProblem is null && offer is not null ? profile.Transforms.Where(r => r.Status == ProfileStatus.Forbidden) : [];
        foreach (var row in forbidden)
        {
            bool ike = row.Protocol == IkeProtocolId.Ike;
            var forced = SegwChoiceProbe.ForcedChoice(row, ike ? offer!.OfferedIkeProposals : sai2, DefaultCryptoProvider.Instance);
            if (forced is null)
                continue; // the harness cannot run it as SeGW (e.g. ENCR_NULL for an IKE SA): listed only if offered
            var label = $"forced {CryptoProfileLedger.ProtocolName(row.Protocol)} choice {forced} ({row.Name})";
            var outcome = ike ? await segw.AttemptAsync(label, forced) : await segw.AttemptAsync(label, null, forced);
            t.Step($"{CryptoProfileLedger.ProtocolName(row.Protocol)} {row.Name}: {(outcome.NotTriggerable ? "" : "the DUT ")}{outcome.Reaction}");
            ledger.Probed(row.Protocol, row.Wire, $"SeGW chose {forced}", outcome.Reaction, outcome.Outcome);
        }

        var (v1, reaction) = await IkeV1Probe.RunAsync(t, t.Pixit.RefusalSilence);
        t.Step($"IKEv1 probe: {reaction}");
        ledger.VersionProbed($"IKEv1 Main Mode to UDP {t.Pixit.IkePort?.ToString() ?? "?"}", reaction, v1);
        return Finish(t, ledger, segw, ledger.Decide(controlProblem, Enumerated));
    });

    private static string Listed(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join("; ", items);

    private static Decision Finish(TestCaseContext t, CryptoProfileLedger ledger, SegwChoiceProbe segw, Decision decision)
    {
        // The probes' SAs go into the key tables the runner writes (those with single DES, which Wireshark's IKEv2 table cannot name, are left out).
        t.Evidence.CryptoProfile(ledger.ToSection(Enumerated));
        return decision;
    }
}
