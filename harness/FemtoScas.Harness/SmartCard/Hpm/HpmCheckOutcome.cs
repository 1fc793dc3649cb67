using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>What an HPM check decided, the findings behind it and the table for the report.</summary>
public sealed record HpmCheckOutcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table);
