using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-PQ-READINESS (no 3GPP clause: RFC 9370 additional key exchanges over RFC 9242 IKE_INTERMEDIATE
/// with ML-KEM, draft-ietf-ipsecme-ikev2-mlkem; judged only against PIXIT pqPolicy).
/// Requirement: a femto whose vendor documents a post-quantum policy keeps it on its backhaul:
/// "required" offers ML-KEM as an additional key exchange that no SeGW answer can drop, completes the
/// hybrid exchange and refuses an SeGW that strips it; "preferred" offers it and completes it.
/// Threat: harvest-now-decrypt-later of the backhaul's IKE and ESP keys; an active attacker (or a
/// misconfigured SeGW) stripping the post-quantum exchange from IKE_SA_INIT (downgrade).
/// Purpose: records what the DUT offers (ADDKE transforms), whether a hybrid exchange completes, and
/// whether the DUT lets an SeGW strip the additional exchange.
/// Steps: (1) hybrid trial: a harness SeGW taking ML-KEM-512/768/1024 as optional ADDKE1/ADDKE2 next
/// to every profile suite; the DUT's offer is recorded, IKE_INTERMEDIATE and IKE_AUTH followed;
/// (2) downgrade trial, when the DUT offered an additional exchange: a SeGW answering IKE_SA_INIT with
/// the suite the DUT chose in (1) but without the additional exchange; does the tunnel come up?
/// Expected: per pqPolicy (see <see cref="PqReadinessJudgement"/>). Without a policy, or with "none",
/// the case is informative: INCONCLUSIVE naming what it saw, never a PASS that asserts nothing.
/// Evidence: pcapng of both trials (IKE_SA_INIT with the ADDKE transforms, IKE_INTERMEDIATE), key
/// tables (final SK_* only: see docs/status.md for what tshark decrypts), a table of the offer.
/// </summary>
[Requirement("NRF-PQ-READINESS")]
public sealed class PqReadiness : ConformanceTest
{
    [Test]
    public Task Dut_keeps_its_post_quantum_policy_on_the_backhaul() => RunAsync(async t =>
    {
        await using var session = new TunnelSession(t);
        var trials = new PqReadinessTrials(t, session);
        var policy = t.Pixit.PqPolicy;
        t.Step($"PIXIT pqPolicy: {policy?.ToString().ToLowerInvariant() ?? "not stated (informative only)"}");
        if (await trials.HybridAsync() is not { } hybrid)
            return Decision.Inconclusive("the DUT's IKE_SA_INIT never reached the hybrid trial's SeGW: nothing observed");

        var downgrade = (Outcome: DowngradeOutcome.NotRun, Detail: "not run (nothing offered to strip)");
        if (hybrid.Offer.Offered && hybrid.Chosen is { } chosen)
            downgrade = await trials.DowngradeAsync(chosen);
        else if (hybrid.Offer.Offered)
            downgrade = (DowngradeOutcome.NotRun, "not run (the hybrid trial chose no proposal to strip)");

        var (decision, findings) = PqReadinessJudgement.Judge(policy, new PqObservations(hybrid.Offer, hybrid.Outcome, hybrid.Detail, downgrade.Outcome, downgrade.Detail));
        foreach (var finding in findings) t.Finding(finding);
        return decision;
    });
}
