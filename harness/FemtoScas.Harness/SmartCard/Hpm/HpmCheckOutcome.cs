using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>What an HPM check decided, the findings behind it and the table for the report.</summary>
public sealed record HpmCheckOutcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table)
{
    /// <summary>A computation log for the evidence (e.g. the MILENAGE vectors, keys masked); null when the check keeps none.</summary>
    public string? ComputationLog { get; init; }
}
