using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Scanner;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.3.2.2 — restricted reachability of services (TC_RESTRICTED_REACHABILITY_OF_SERVICES).
/// Requirement: each service is reachable only on the interfaces it is meant for (the local GUI on the
/// LAN side, never on the backhaul).
/// Threat: a management service reachable from the wrong side is an entry point for whoever sits there.
/// Preconditions: the PIXIT documents at least two interfaces (pixit.interfaces) with the services
/// placed on each; their addresses (a DUT the run places itself, SimFemto as root, gets the run's).
/// Steps: scan every documented service port on each interface separately with the harness scanner
/// (TCP connect, UDP probe; the PIXIT's portScan timeout, retries and parallelism).
/// Expected: a service answers only on the interfaces it is placed on. Evidence: the per-interface
/// table, every connect and datagram in the pcapng, the PIXIT values used.
/// </summary>
[Requirement("TS33117-4.3.2.2")]
public sealed class RestrictedReachability_4_3_2_2 : ConformanceTest
{
    [Test]
    public Task Services_answer_only_on_the_interfaces_they_are_meant_for() => RunAsync(async t =>
    {
        if (t.Pixit.Interfaces.Count < 2)
            return Decision.Inconclusive($"the PIXIT documents {t.Pixit.Interfaces.Count} DUT interface(s) (pixit.interfaces): with fewer than two there is no other side to restrict a service from");
        var (interfaces, why) = await InterfaceReachability.ResolveAsync(t);
        if (interfaces is null) return Decision.Inconclusive("the DUT's interfaces cannot be scanned: " + why);
        var scans = await InterfaceReachability.ScanAsync(interfaces, t.Pixit, t.Recorder, t.Step, t.CancellationToken);
        var outcome = ReachabilityJudgement.Decide(scans, t.Pixit.DocumentedServices);
        foreach (var f in outcome.Findings) t.Finding(f);
        t.Evidence.Table(outcome.Table);
        return outcome.Decision;
    });
}
