using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// How the clause matrix combines several results for one catalogue record: the worst verdict
/// wins, in the order FAIL &gt; ERROR &gt; INCONCLUSIVE &gt; PASS &gt; NOT_APPLICABLE &gt; NOT_EXECUTED.
/// A single FAIL condemns the clause; a harness ERROR outranks INCONCLUSIVE because the clause
/// was not even observed; a PASS outranks NOT_APPLICABLE because one applicable test passed.
/// </summary>
internal static class VerdictOrder
{
    public const string Rule =
        "A clause decided by several tests shows the worst verdict: FAIL > ERROR > INCONCLUSIVE > PASS > NOT_APPLICABLE > NOT_EXECUTED.";

    public static int Severity(Verdict verdict) => verdict switch
    {
        Verdict.Fail => 5,
        Verdict.Error => 4,
        Verdict.Inconclusive => 3,
        Verdict.Pass => 2,
        Verdict.NotApplicable => 1,
        Verdict.NotExecuted => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    public static Verdict Worst(IEnumerable<Verdict> verdicts)
    {
        var worst = Verdict.NotExecuted;
        foreach (var v in verdicts)
            if (Severity(v) > Severity(worst)) worst = v;
        return worst;
    }

    /// <summary>The explanation every report prints next to an ERROR so nobody reads it as a DUT failure.</summary>
    public const string ErrorMeaning = "harness/environment error, not a DUT failure";
}
