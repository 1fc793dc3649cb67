using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>Automation levels as the catalogue data spells them (JSON) and as a reader sees them (HTML).</summary>
internal static class AutomationNames
{
    public static string Wire(AutomationLevel level) => level switch
    {
        AutomationLevel.Automated => "automated",
        AutomationLevel.OperatorAssisted => "operator-assisted",
        AutomationLevel.DocumentationReview => "documentation-review",
        AutomationLevel.NotImplemented => "not-implemented",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown automation level"),
    };

    public static string Display(AutomationLevel level) => level switch
    {
        AutomationLevel.Automated => "automated",
        AutomationLevel.OperatorAssisted => "operator-assisted",
        AutomationLevel.DocumentationReview => "documentation review",
        AutomationLevel.NotImplemented => "not implemented",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown automation level"),
    };
}
