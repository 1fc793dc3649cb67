using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Backhaul;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// The shape of the backhaul cases (NRF-BACKHAUL-TUNNEL-ONLY, NRF-MGMT-LINK, NRF-TIME-SYNC): the
/// SeGW role observes a served tunnel (<see cref="BackhaulObservation.ObserveServedTunnelAsync"/>),
/// the backhaul judgement decides (<see cref="BackhaulJudgement.Decide"/>), the finding goes into
/// the case's evidence.
/// </summary>
public static class ServedTunnelCase
{
    /// <summary>Observes, then judges by <paramref name="rule"/>; <paramref name="whileUp"/> runs after the window with the tunnel still up.</summary>
    public static async Task<Decision> JudgeAsync(TestCaseContext t, BackhaulJudgement.Rule rule, Func<CancellationToken, Task>? whileUp = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        await using var session = new TunnelSession(t);
        var served = await BackhaulObservation.ObserveServedTunnelAsync(t, session, whileUp).ConfigureAwait(false);
        var judged = BackhaulJudgement.Decide(served, rule, t.Pixit.BackhaulObservation);
        if (judged.Finding is { } finding) t.Finding(finding);
        return judged.Decision;
    }

    /// <summary>
    /// For the cases of <see cref="BackhaulRules.ByCase"/>: observes, writes the observation record
    /// (<see cref="BackhaulReplay"/>) and decides from that record, as <c>femtoscas rejudge</c> does later.
    /// </summary>
    public static Task<Decision> JudgeFromRecordAsync(TestCaseContext t) => JudgeFromRecordAsync(t, null);

    /// <summary>
    /// As <see cref="JudgeFromRecordAsync(TestCaseContext)"/>, <paramref name="observe"/> (when given) observing the served
    /// tunnel instead of the plain observation (e.g. with the harness core inside the tunnel, NRF-NGC-IN-TUNNEL).
    /// </summary>
    public static async Task<Decision> JudgeFromRecordAsync(TestCaseContext t, Func<TunnelSession, Task<Capture.ServedTunnel>>? observe)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!BackhaulRules.ByCase.ContainsKey(t.CaseId))
            throw new InvalidOperationException($"{t.CaseId} has no replayable backhaul rule");
        await using var session = new TunnelSession(t);
        var served = observe is null ? await BackhaulObservation.ObserveServedTunnelAsync(t, session).ConfigureAwait(false)
            : await observe(session).ConfigureAwait(false);
        var record = ObservationRecord.Write(t.Evidence, BackhaulReplay.Judge,
            BackhaulReplay.Record(t.CaseId, served, BackhaulObservation.ServedTunnelCaptureFileName, t.Pixit));
        var judged = ReplayJudges.Decide(record);
        foreach (var f in judged.Findings) t.Finding(f);
        return judged.Decision;
    }
}
