namespace FemtoScas.Harness.Requirements;

/// <summary>
/// Whether a case applies to a DUT: its catalogue record's PICS condition over the DUT's PICS. One
/// function for the run (before a case executes) and for <c>femtoscas rejudge</c> (over the PICS and
/// catalogue stored in the journal).
/// </summary>
public static class Applicability
{
    /// <summary>NOT APPLICABLE with the reason when <paramref name="condition"/> is false for <paramref name="pics"/>; null when the case applies.</summary>
    public static Decision? NotApplicable(PicsCondition condition, IReadOnlyDictionary<string, bool> pics)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(pics);
        return condition.Evaluate(pics)
            ? null
            : Decision.NotApplicable($"PICS condition '{condition.Text}' is false for this DUT ({condition.Explain(pics)})");
    }
}
