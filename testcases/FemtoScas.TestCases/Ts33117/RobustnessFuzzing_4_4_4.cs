using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Fuzz;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.4.4 — robustness and fuzz testing (TC_BVT_ROBUSTNESS_AND_FUZZ_TESTING).
/// Requirement: the DUT's externally reachable protocols withstand malformed and unexpected input
/// without crashing or hanging; the lab lists every reachable protocol with the tool used on it.
/// Threat: a parser bug reachable from the backhaul or the LAN (e.g. the EAP-AKA attribute heap
/// overflow of CVE-2026-35330) takes the femto down or worse.
/// Preconditions: the DUT brings its tunnel up toward a harness SeGW; PIXIT robustness gives seed
/// and budgets (defaults small enough for CI).
/// Steps: list the reachable protocols (PICS, PIXIT documented services, the tunnel); fuzz IKEv2
/// statefully as the SeGW (IKE_SA_INIT fields, IKE_AUTH payloads inside valid SK, the EAP-AKA
/// challenge), a fresh tunnel after every N inputs and at the end; fuzz the local GUI's HTTPS, the
/// login page answering after every N requests and at the end.
/// Expected: every fuzzed protocol stays alive; the others are named with the reason.
/// Evidence: the protocol table, each fuzzer's name, exact version, settings and raw output, the
/// liveness checks, the reproducer of a crash (replayable with ./femtoscas replay-ike), pcapng.
/// </summary>
[Requirement("TS33117-4.4.4")]
public sealed class RobustnessFuzzing_4_4_4 : ConformanceTest
{
    [Test]
    public Task Reachable_protocols_survive_fuzzing() => RunAsync(async t =>
    {
        var protocols = ReachableProtocols.Of(t.Profile);
        t.Evidence.Table(new EvidenceTable("Protocols reachable on the DUT and the fuzzer used on each", ["protocol", "where", "learnt from", "fuzzer", "why not fuzzed"],
            [.. protocols.Select(p => (IReadOnlyList<string>)[p.Protocol, p.Where, p.LearntFrom, Tool(p.Fuzzer), p.WhyNotFuzzed ?? ""])]));

        var observations = new List<FuzzObservation>();
        if (protocols.Any(p => p.Fuzzer == ProtocolFuzzer.Ike))
        {
            await using var session = new TunnelSession(t);
            observations.Add(await RobustnessFuzzing.FuzzIkeAsync(t, session));
        }
        if (protocols.Any(p => p.Fuzzer == ProtocolFuzzer.Gui))
            observations.Add(await RobustnessFuzzing.FuzzGuiAsync(t));

        foreach (var o in observations)
            t.Finding(new Finding($"{Tool(o.Fuzzer)}: the DUT stays alive", "every liveness check answered", o.Detail, o.StayedAlive == true, "TS 33.117 4.4.4"));
        return RobustnessJudgement.Decide(protocols, observations);
    });

    private static string Tool(ProtocolFuzzer f) => f switch
    {
        ProtocolFuzzer.Ike => RobustnessFuzzing.IkeTool,
        ProtocolFuzzer.Gui => RobustnessFuzzing.GuiTool,
        _ => "none",
    };
}
