namespace FemtoScas.Harness.Requirements;

/// <summary>How far the suite can decide a requirement by itself.</summary>
public enum AutomationLevel
{
    Automated,
    OperatorAssisted,
    DocumentationReview,
    NotImplemented,
}

/// <summary>How sure we are of what a record says about the specification (see shared/SPEC-NOTES.md).</summary>
public enum SourceConfidence
{
    /// <summary>Read in a public copy of the specification.</summary>
    Seen,
    /// <summary>Only the clause title was seen; the content is ours.</summary>
    Title,
    /// <summary>From general knowledge; check against the official text.</summary>
    Recalled,
}

/// <summary>
/// One requirement of the catalogue, kept as data in fixtures/requirements. The text is a
/// paraphrase in our words; a lab holding the official documents corrects it as data.
/// </summary>
public sealed record RequirementRecord
{
    /// <summary>Stable FemtoScas identifier, e.g. <c>TS33117-4.4.2</c> or <c>NRF-DEVAUTH</c>.</summary>
    public required string Id { get; init; }
    public required string Spec { get; init; }
    public required string SpecVersion { get; init; }
    /// <summary>The clause in <see cref="Spec"/>; for NR Femto records it may be unknown (null).</summary>
    public string? Clause { get; init; }
    /// <summary>True when <see cref="Clause"/> is not confirmed against the official text.</summary>
    public bool ClauseToBeConfirmed { get; init; }
    /// <summary>The clause of the baseline spec this record derives from, e.g. "TS 33.320 5.2".</summary>
    public string? BaselineClause { get; init; }
    /// <summary>The SCAS test-case name where one exists, e.g. TC_BVT_PORT_SCANNING.</summary>
    public string? TestCaseName { get; init; }
    public required string Title { get; init; }
    public required string Requirement { get; init; }
    public IReadOnlyList<string> Threats { get; init; } = [];
    /// <summary>PICS condition expression: "true", a PICS name, !, &amp;&amp;, || and parentheses.</summary>
    public string Pics { get; init; } = "true";
    public required AutomationLevel Automation { get; init; }
    /// <summary>Why the record is not automated, or what the operator is asked; required unless automated.</summary>
    public string? AutomationReason { get; init; }
    public IReadOnlyList<string> ExpectedEvidence { get; init; } = [];
    public required SourceConfidence Confidence { get; init; }
    /// <summary>What the case needs of the harness host (catalogue <c>hostNeeds</c>); read by <c>femtoscas doctor</c>, not journalled.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<HostNeed> HostNeeds { get; init; } = [];

    /// <summary>The clause as shown in reports: the clause, else the baseline, flagged when unconfirmed.</summary>
    public string DisplayClause =>
        Clause is { } c
            ? (ClauseToBeConfirmed ? c + " (to be confirmed)" : c)
            : "to be confirmed" + (BaselineClause is { } b ? " (baseline " + b + ")" : "");
}
