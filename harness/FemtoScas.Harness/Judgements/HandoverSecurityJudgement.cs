using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// TS33511-4.2.2.1.15, AS algorithm selection in gNB change, over N2 handovers into the femto (HandoverSecurityTrial): as
/// target the femto selects NIA and NEA from its own configured priority lists and the UE security capabilities of
/// HANDOVER REQUEST (TS 33.501 6.7.3.1), not the source's, and signals them in the HandoverCommand's securityAlgorithmConfig.
/// A HandoverCommand without securityAlgorithmConfig leaves the UE on the source's algorithms (TS 38.331 5.3.5.6.5 applies
/// only what is signalled), so that counts as keeping them. FAIL names the trial, the algorithms commanded and expected;
/// INCONCLUSIVE when NG-C, the lists, an answer or a decodable HandoverCommand is missing.
/// </summary>
public static class HandoverSecurityJudgement
{
    /// <summary>What the case saw, as the judgement needs it: the harness AMF's observation, the trials, or why none ran.</summary>
    public sealed record HandoverCaseSeen(AmfObservation? Amf, IReadOnlyList<HandoverSecurityOutcome> Trials, string? NotRun);

    public static Decision AlgorithmSelectionInGnbChange(HandoverCaseSeen seen, IReadOnlyList<NrIntegrityAlgorithm>? integrityPriority, IReadOnlyList<NrEncryptionAlgorithm>? cipheringPriority)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.NotRun is { } notRun) return Decision.Inconclusive(notRun);
        if (seen.Amf is not { } amf) return Decision.Inconclusive("NG-C was not observed");
        if (amf.Reach is AmfReach.SctpUnavailable or AmfReach.NoAssociation or AmfReach.NoNgSetup)
            return Decision.Inconclusive($"the femto's NG-C did not reach NG Setup through its tunnel: {amf.SctpUnavailable?.ToString() ?? amf.Why}");
        if (integrityPriority is not { Count: > 0 } || cipheringPriority is not { Count: > 0 })
            return Decision.Inconclusive("the DUT profile gives no AS algorithm priority lists (asAlgorithmPriority): the target's selection cannot be judged");
        if (seen.Trials.Count == 0) return Decision.Inconclusive("no handover-in trial ran");

        var lists = $"integrity list {string.Join(">", integrityPriority)}, ciphering list {string.Join(">", cipheringPriority)}";
        var wrong = new List<string>();
        var judged = new List<string>();
        var unjudged = new List<string>();
        var sourceWouldShow = false;
        foreach (var trial in seen.Trials)
        {
            var plan = trial.Plan;
            var expectedNia = AsAlgorithmMasks.Expected(integrityPriority, plan.NiaOffered);
            var expectedNea = AsAlgorithmMasks.Expected(cipheringPriority, plan.NeaOffered);
            if (expectedNia is null || expectedNea is null)
            {
                unjudged.Add($"'{plan.Name}': the lists hold no algorithm the UE supports (NIA mask 0x{plan.NiaOffered:X4}, NEA mask 0x{plan.NeaOffered:X4})");
                continue;
            }
            if (trial.Answer != HandoverAnswer.Acknowledged)
            {
                unjudged.Add($"'{plan.Name}': {trial.Why}");
                continue;
            }
            if (trial.Command is null)
            {
                unjudged.Add($"'{plan.Name}': {trial.Why}");
                continue;
            }
            sourceWouldShow |= plan.SourceNia != expectedNia || plan.SourceNea != expectedNea;
            var signalled = trial.Algorithms;
            var nea = signalled?.Ciphering ?? plan.SourceNea;
            var nia = signalled?.Integrity ?? plan.SourceNia;
            var how = signalled is null ? "no securityAlgorithmConfig, so the UE keeps the source's" : "securityAlgorithmConfig";
            var keyUpdate = trial.Command.KeyUpdate is { } k ? $"masterKeyUpdate NCC {k.NextHopChainingCount} (sent {trial.NccSent})" : "no masterKeyUpdate";
            var offered = $"UE NIA mask 0x{plan.NiaOffered:X4}, NEA mask 0x{plan.NeaOffered:X4}; source claims {plan.SourceNea}/{plan.SourceNia}";
            var mismatch = new List<string>();
            if (nia != expectedNia) mismatch.Add($"integrity {nia} instead of {expectedNia}");
            if (nea != expectedNea) mismatch.Add($"ciphering {nea} instead of {expectedNea}");
            if (mismatch.Count > 0)
            {
                var kept = nia == plan.SourceNia && nea == plan.SourceNea ? " (the source's algorithms)" : "";
                wrong.Add($"'{plan.Name}': HandoverCommand ({how}) gives {string.Join(" and ", mismatch)}{kept} ({offered}; {keyUpdate})");
            }
            else
            {
                judged.Add($"'{plan.Name}': {how} {nea}/{nia} ({offered}; {keyUpdate})");
            }
        }
        if (wrong.Count > 0)
            return Decision.Fail($"as handover target the femto does not select the highest-priority algorithms the UE supports ({lists}): {string.Join("; ", wrong)}");
        if (judged.Count == 0)
            return Decision.Inconclusive($"no handover-in trial gave a HandoverCommand to judge: {string.Join("; ", unjudged)}");
        var caveat = sourceWouldShow ? "" : "; note: in every judged trial the source's claim equalled the expected algorithms, so a target keeping them would not show";
        var skipped = unjudged.Count == 0 ? "" : $"; not judged: {string.Join("; ", unjudged)}";
        return Decision.Pass($"as handover target the femto commands the highest-priority algorithms of its lists that the UE supports, not the source's ({lists}): {string.Join("; ", judged)}{skipped}{caveat}");
    }
}
