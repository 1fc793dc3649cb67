namespace FemtoScas.Harness.Requirements;

/// <summary>
/// The conformance-testing verdicts. ERROR is a harness or environment fault and is never
/// counted against the DUT; NOT_EXECUTED marks a catalogue record no finished test decided.
/// </summary>
public enum Verdict
{
    Pass,
    Fail,
    Inconclusive,
    NotApplicable,
    Error,
    NotExecuted,
}

public static class VerdictNames
{
    /// <summary>The wire name used in compliance.json, junit.xml and the journal.</summary>
    public static string Wire(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Fail => "FAIL",
        Verdict.Inconclusive => "INCONCLUSIVE",
        Verdict.NotApplicable => "NOT_APPLICABLE",
        Verdict.Error => "ERROR",
        Verdict.NotExecuted => "NOT_EXECUTED",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    public static Verdict Parse(string wire) => wire switch
    {
        "PASS" => Verdict.Pass,
        "FAIL" => Verdict.Fail,
        "INCONCLUSIVE" => Verdict.Inconclusive,
        "NOT_APPLICABLE" => Verdict.NotApplicable,
        "ERROR" => Verdict.Error,
        "NOT_EXECUTED" => Verdict.NotExecuted,
        _ => throw new FormatException($"'{wire}' is not a verdict (PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE, ERROR, NOT_EXECUTED)"),
    };

    public static IReadOnlyList<Verdict> All { get; } =
        [Verdict.Pass, Verdict.Fail, Verdict.Inconclusive, Verdict.NotApplicable, Verdict.Error, Verdict.NotExecuted];
}

/// <summary>A verdict with the one-line reason every verdict must carry.</summary>
public sealed record Decision(Verdict Verdict, string Reason)
{
    public static Decision Pass(string reason) => new(Verdict.Pass, reason);
    public static Decision Fail(string reason) => new(Verdict.Fail, reason);
    public static Decision Inconclusive(string reason) => new(Verdict.Inconclusive, reason);
    public static Decision NotApplicable(string reason) => new(Verdict.NotApplicable, reason);
    public static Decision Error(string reason) => new(Verdict.Error, reason);
}
