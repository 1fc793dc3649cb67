using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.IpStack;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.IpStack;

/// <summary>
/// TS 33.117 4.3.3.1.4 — SYN flood prevention (TC_SYN_FLOOD_PREVENTION).
/// Requirement: a SYN-flood defence (e.g. SYN cookies) keeps the DUT's TCP services reachable while
/// half-open connections pile up.
/// Threat: a flood of forged SYNs fills the listen queue and locks every real client out.
/// Preconditions: root; the DUT in a network namespace of the run (the forged sources' answers must go
/// nowhere); a documented TCP service (PIXIT documentedServices); the PIXIT's burst bound
/// (ipStack.synFloodCount SYNs within ipStack.synFloodSeconds).
/// Steps: a real connect before the burst; the bounded burst from forged sources at the service; a
/// real connect during it and one after it, each within ipStack.connectTimeoutMs.
/// Expected: all three handshakes complete. Evidence: every SYN and the connects in the pcapng, the
/// burst and liveness tables, the PIXIT values used.
/// </summary>
[Requirement("TS33117-4.3.3.1.4")]
public sealed class SynFlood_4_3_3_1_4 : ConformanceTest
{
    [Test]
    public Task Service_stays_reachable_under_a_bounded_SYN_flood() => RunAsync(async t =>
    {
        if (t.Pixit.DocumentedServices.FirstOrDefault(s => s.Protocol == "tcp") is not { } service)
            return new Decision(Verdict.NotApplicable, "the PIXIT documents no TCP service: there is no listen queue to flood");
        var (target, why) = await IpStackAccess.OpenAsync(t);
        if (target is null) return new Decision(Verdict.Inconclusive, "the DUT's IP stack cannot be probed: " + why);
        t.Step($"service under the burst: tcp/{service.Port} ({service.Name}), the PIXIT's first documented TCP service");
        var observation = await SynFlooder.RunAsync(target, service.Port, t.Pixit.IpStack, t.Recorder, t.Step, t.CancellationToken);
        t.Step($"burst: {observation.SynsSent} SYNs in {observation.FloodTook.TotalSeconds:0.00} s; connects: "
            + string.Join("; ", observation.Probes.Select(p => $"{p.When}: {(p.Connected ? "completed" : p.Detail)} ({p.Took.TotalMilliseconds:0} ms)")));
        var outcome = SynFloodJudgement.Decide(observation);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        return outcome.Decision;
    });
}
