using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// PIXIT robustness.ikeFuzz: the IKEv2 fuzzer's seed and budget (TS 33.117 4.4.4). The defaults are
/// small enough for a CI run against SimFemto; a lab raises them for a physical femto.
/// </summary>
public sealed record IkeFuzzBudget(ulong Seed, int MaxInputs, TimeSpan MaxTime, int MaxInputsPerSecond, int LivenessEvery, TimeSpan InputTimeout)
{
    public static IkeFuzzBudget Default { get; } = new(4404, 40, TimeSpan.FromSeconds(30), 20, 10, TimeSpan.FromMilliseconds(500));
}

/// <summary>PIXIT robustness.guiFuzz: the local GUI fuzzer's seed and budget (requests, time, per-request timeout, liveness interval).</summary>
public sealed record GuiFuzzBudget(ulong Seed, int MaxRequests, TimeSpan MaxTime, TimeSpan RequestTimeout, int LivenessEvery)
{
    public static GuiFuzzBudget Default { get; } = new(4404, 30, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2), 10);
}

/// <summary>PIXIT robustness: the budgets of the TS 33.117 4.4.4 fuzzers.</summary>
public sealed record RobustnessBudget(IkeFuzzBudget Ike, GuiFuzzBudget Gui)
{
    public static RobustnessBudget Default { get; } = new(IkeFuzzBudget.Default, GuiFuzzBudget.Default);

    /// <summary>Reads the optional section; every field optional, each bounded, unknown fields named with the file.</summary>
    internal static RobustnessBudget Read(JsonObjectReader? r)
    {
        if (r is null) return Default;
        var ike = IkeFuzzBudget.Default;
        if (r.OptionalObject("ikeFuzz") is { } i)
        {
            ike = new IkeFuzzBudget(
                (ulong)i.OptionalInt("seed", 0, int.MaxValue, (int)ike.Seed),
                i.OptionalInt("maxInputs", 1, 100_000, ike.MaxInputs),
                TimeSpan.FromSeconds(i.OptionalInt("maxSeconds", 1, 86_400, (int)ike.MaxTime.TotalSeconds)),
                i.OptionalInt("maxInputsPerSecond", 1, 1000, ike.MaxInputsPerSecond),
                i.OptionalInt("livenessEvery", 1, 100_000, ike.LivenessEvery),
                TimeSpan.FromMilliseconds(i.OptionalInt("inputTimeoutMs", 50, 60_000, (int)ike.InputTimeout.TotalMilliseconds)));
            i.RejectUnknown();
        }

        var gui = GuiFuzzBudget.Default;
        if (r.OptionalObject("guiFuzz") is { } g)
        {
            gui = new GuiFuzzBudget(
                (ulong)g.OptionalInt("seed", 0, int.MaxValue, (int)gui.Seed),
                g.OptionalInt("maxRequests", 1, 100_000, gui.MaxRequests),
                TimeSpan.FromSeconds(g.OptionalInt("maxSeconds", 1, 86_400, (int)gui.MaxTime.TotalSeconds)),
                TimeSpan.FromMilliseconds(g.OptionalInt("requestTimeoutMs", 100, 60_000, (int)gui.RequestTimeout.TotalMilliseconds)),
                g.OptionalInt("livenessEvery", 1, 100_000, gui.LivenessEvery));
            g.RejectUnknown();
        }
        r.RejectUnknown();
        return new RobustnessBudget(ike, gui);
    }
}
