using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>Which fuzzer a reachable protocol gets.</summary>
public enum ProtocolFuzzer
{
    /// <summary>The stateful IKEv2 fuzzer with the harness as the SeGW (Roles/Fuzz/IkeFuzzCampaign).</summary>
    Ike,
    /// <summary>The local GUI's HTTPS fuzzer (Roles/Fuzz/GuiFuzzer).</summary>
    Gui,
    /// <summary>None: <see cref="ReachableProtocol.WhyNotFuzzed"/> says why.</summary>
    None,
}

/// <summary>One protocol reachable on the DUT, where it was learnt from, and which fuzzer it gets (or why none).</summary>
public sealed record ReachableProtocol(string Protocol, string Where, string LearntFrom, ProtocolFuzzer Fuzzer, string? WhyNotFuzzed = null);

/// <summary>What one fuzzer observed: whether the DUT's protocol stayed alive (null: could not be judged), in words, and the reproducer file when it did not.</summary>
public sealed record FuzzObservation(ProtocolFuzzer Fuzzer, bool? StayedAlive, string Detail, string? Reproducer = null);

/// <summary>
/// TS33117-4.4.4: PASS only when every fuzzed protocol stayed alive and every protocol not fuzzed
/// is named with its reason; FAIL on a crash or hang, naming the reproducer; INCONCLUSIVE when a
/// fuzzer could not run or a protocol has neither a fuzzer nor a reason.
/// </summary>
public static class RobustnessJudgement
{
    public static Decision Decide(IReadOnlyList<ReachableProtocol> protocols, IReadOnlyList<FuzzObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(observations);
        var dead = new List<string>();
        var undecided = new List<string>();
        foreach (var p in protocols)
        {
            if (p.Fuzzer == ProtocolFuzzer.None)
            {
                if (string.IsNullOrWhiteSpace(p.WhyNotFuzzed)) undecided.Add($"{p.Protocol} has neither a fuzzer nor a reason");
                continue;
            }
            var seen = observations.Where(o => o.Fuzzer == p.Fuzzer).ToList();
            if (seen.Count == 0) undecided.Add($"{p.Protocol}: its fuzzer did not run");
            foreach (var o in seen)
            {
                if (o.StayedAlive == false) dead.Add($"{p.Protocol}: {o.Detail}{(o.Reproducer is { } r ? $"; reproducer {r}" : "")}");
                else if (o.StayedAlive is null) undecided.Add($"{p.Protocol}: {o.Detail}");
            }
        }
        if (dead.Count > 0) return Decision.Fail("the DUT did not survive fuzzing: " + string.Join("; ", dead));
        if (undecided.Count > 0) return Decision.Inconclusive(string.Join("; ", undecided));
        var fuzzed = protocols.Where(p => p.Fuzzer != ProtocolFuzzer.None).Select(p => p.Protocol);
        var not = protocols.Where(p => p.Fuzzer == ProtocolFuzzer.None).Select(p => p.Protocol);
        return Decision.Pass($"stayed alive under fuzzing: {string.Join(", ", fuzzed)}; not fuzzed, each with its reason in the evidence: {string.Join(", ", not)}");
    }
}
