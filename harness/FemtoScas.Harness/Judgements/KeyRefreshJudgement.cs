using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rules of TS33511-4.2.2.1.13 TC_GNB_KEY_REFRESH_DRB_ID (issue 13) over one KeyRefreshTrial (Roles/UeSim). TS 33.511's
/// test: DRBs are set up and torn down repeatedly within one connection until a DRB identity is reused; expected: before the reuse
/// the gNB takes a new K_gNB into use (intra-cell handover, or a pass through RRC_IDLE / RRC_INACTIVE), so that no PDCP COUNT
/// repeats under one key and radio bearer identity (TS 33.501 6.9.4.1). FAIL when a DRB identity is added again under the key
/// generation it was already added under. PASS when the trial reached its stop rule and every reuse came under a newer key
/// generation that a key refresh started and the SRB1 traffic after it verified with the new K_RRCint. No reuse at all cannot be
/// a PASS: 33 additions in one connection must repeat one of the 32 identities, so a trial without a reuse stopped early, and
/// that is INCONCLUSIVE like every incomplete set-up (NG-C, AS security, a session, a DRB, a release), a refresh the UE could
/// not follow or whose keys did not verify.
/// </summary>
public static class KeyRefreshJudgement
{
    /// <summary>What the case hands the rules: NG-C as the harness AMF saw it, the trial, or why none ran.</summary>
    public sealed record KeyRefreshCaseSeen(AmfObservation? Amf, KeyRefreshTrialOutcome? Trial, string? NotRun);

    /// <summary>TS33511-4.2.2.1.13 TC_GNB_KEY_REFRESH_DRB_ID.</summary>
    public static Decision KeyRefreshDrbId(KeyRefreshCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.NotRun is { } notRun) return Decision.Inconclusive(notRun);
        if (NgcPreconditions.NotUp(seen.Amf) is { } ngc) return ngc;
        if (seen.Trial is not { } trial) return Decision.Inconclusive("the key refresh trial did not run");
        if (!trial.Trial.Secured) return Decision.Inconclusive($"AS security was not activated on the air link: {trial.Trial.Why}");

        // A reuse under the same key decides first, whatever followed it.
        var cycles = trial.Cycles;
        for (var i = 0; i < cycles.Count; i++)
        {
            if (cycles[i].Drb is not { } drb) continue;
            if (cycles.Take(i).FirstOrDefault(e => e.Drb is { } d && d.DrbIdentity == drb.DrbIdentity && d.KeyGeneration == drb.KeyGeneration) is { } earlier)
                return Decision.Fail($"DRB {drb.DrbIdentity} was added again under the same K_gNB (key generation {drb.KeyGeneration}, C-RNTI 0x{drb.Crnti:X4}) by the RRCReconfiguration at SRB1 COUNT {Count(drb.ReconfigurationCount)} in cycle {cycles[i].Index}, after cycle {earlier.Index} had used it: "
                    + $"no key refresh came before the reuse, and the DRB's PDCP COUNT restarted (first uplink COUNT {Count(cycles[i].FirstUplinkCount)}, as in cycle {earlier.Index}: {Count(earlier.FirstUplinkCount)}) under the same K_UPenc, so keystream repeats (TS 33.501 6.9.4.1)");
        }
        if (trial.Refreshes.FirstOrDefault(r => r.Check == KeyRefreshCheck.NotFollowed) is { } unfollowed)
            return Decision.Inconclusive($"the femto sent a key refresh the UE simulator cannot follow, so the trial stopped there: {unfollowed}");
        if (trial.Refreshes.FirstOrDefault(r => r.Check == KeyRefreshCheck.Failed) is { } failed)
            return Decision.Inconclusive($"the femto claimed a key refresh, but its next SRB1 PDU does not verify with the K_RRCint of K_gNB* (TS 33.501 A.11, horizontal, for the emulated cell's PCI and ARFCN-DL); whether it kept the old key cannot be told: {failed}");

        var reuses = cycles.Where((c, i) => c.Drb is { } d && cycles.Take(i).Any(e => e.Drb?.DrbIdentity == d.DrbIdentity)).ToList();
        foreach (var reuse in reuses)
        {
            var generation = reuse.Drb!.KeyGeneration;
            if (!trial.Refreshes.Any(r => r.Generation == generation && r.Check == KeyRefreshCheck.Verified))
                return Decision.Inconclusive($"DRB {reuse.Drb.DrbIdentity} came back in cycle {reuse.Index} under key generation {generation}, but no key refresh starting that generation was verified by the SRB1 traffic after it");
        }
        if (!trial.Completed)
            return Decision.Inconclusive(reuses.Count == 0
                ? $"no DRB identity came back before the trial stopped after {cycles.Count} of at most {trial.MaxCycles} set-up/release cycles: {trial.Trial.Why}"
                : $"the trial stopped after {cycles.Count} cycles, before its stop rule: {trial.Trial.Why} ({reuses.Count} reuse(s) so far, each after a verified key refresh)");
        if (reuses.Count == 0)
            return Decision.Inconclusive($"{cycles.Count} set-up/release cycles brought no DRB identity back, which 32 identities do not allow: the record is inconsistent ({trial.Trial.Why})");
        var how = string.Join("; ", reuses.Select(r => $"cycle {r.Index}: DRB {r.Drb!.DrbIdentity} under key generation {r.Drb.KeyGeneration} ({trial.Refreshes.First(k => k.Generation == r.Drb.KeyGeneration)})"));
        return Decision.Pass($"in {cycles.Count} PDU session set-up/release cycles of one RRC connection every DRB identity that came back did so under a fresh K_gNB the gNB had taken into use before the reuse, shown by the SRB1 PDUs after each refresh verifying with the new K_RRCint: {how}");
    }

    private static string Count(uint? count) => count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
