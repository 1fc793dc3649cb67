using FemtoScas.Harness.Judgements;
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
}
