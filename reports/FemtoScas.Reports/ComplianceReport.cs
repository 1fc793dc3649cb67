using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// Everything the report writers show, derived once from the run journal so compliance.json,
/// the HTML page, JUnit and Allure can never disagree about a verdict or a count.
/// </summary>
internal sealed record ComplianceReport(
    RunJournal Journal,
    string JournalDirectory,
    string OutputDirectory,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportResult> Results,
    IReadOnlyList<MatrixRow> Matrix,
    IReadOnlyList<string> Problems)
{
    public RunStarted Start => Journal.Start;
    /// <summary>Deviations the sealing found (a lab TSA that gave no timestamp): known only after a first seal, see ReportWriter.WriteAndSeal.</summary>
    public IReadOnlyList<string> SealDeviations { get; init; } = [];
    public bool Finished => Journal.Finish is not null;
    /// <summary>The run-finished outcome, or "unfinished" when the journal has no run-finished entry.</summary>
    public string Outcome => Journal.Finish?.Outcome ?? "unfinished";

    /// <summary>Results per verdict; every verdict is present, zero where none.</summary>
    public IReadOnlyDictionary<Verdict, int> Counts { get; } =
        VerdictNames.All.ToDictionary(v => v, v => Results.Count(r => r.Verdict == v));

    public IReadOnlyDictionary<string, int> WireCounts =>
        VerdictNames.All.ToDictionary(v => v.Wire(), v => Counts[v], StringComparer.Ordinal);

    /// <summary>Tables whose title starts with "Crypto profile": also shown as a report section of their own.</summary>
    public IEnumerable<(ReportResult Result, EvidenceTable Table)> CryptoProfileTables =>
        Results.SelectMany(r => r.Tables.Where(IsCryptoProfile).Select(t => (r, t)));

    /// <summary>Structured crypto-profile sections (transform by transform), in result order.</summary>
    public IEnumerable<(ReportResult Result, CryptoProfileSection Section)> CryptoProfileSections =>
        Results.SelectMany(r => r.CryptoProfiles.Select(c => (r, c)));

    public static bool IsCryptoProfile(EvidenceTable table) =>
        table.Title.StartsWith("Crypto profile", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One decided test, or one catalogue record that no test decided (NOT_EXECUTED).</summary>
internal sealed record ReportResult
{
    /// <summary>Position in <see cref="ComplianceReport.Results"/>; the HTML anchor and Allure UUID derive from it.</summary>
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Spec { get; init; }
    public required string SpecVersion { get; init; }
    public required string Clause { get; init; }
    public required string Title { get; init; }
    public required Verdict Verdict { get; init; }
    public required string Reason { get; init; }
    /// <summary>Null for a NOT_EXECUTED catalogue record.</summary>
    public string? TestName { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationSeconds { get; init; }
    public IReadOnlyList<StepEntry> Steps { get; init; } = [];
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<EvidenceTable> Tables { get; init; } = [];
    public IReadOnlyList<CryptoProfileSection> CryptoProfiles { get; init; } = [];
    public IReadOnlyList<ReportEvidence> Evidence { get; init; } = [];
    /// <summary>The catalogue record, or null when the test named an ID the catalogue snapshot lacks.</summary>
    public RequirementRecord? Record { get; init; }

    /// <summary>An evidence file of this result changed or vanished since the journal hashed it: the verdict rests on evidence that is no longer there.</summary>
    public bool EvidenceChanged => Evidence.Any(e => e.State is EvidenceState.HashMismatch or EvidenceState.Missing);

    public string Anchor => $"result-{Index + 1}";
    public string DisplayName => $"{Id} {Title}";
}

/// <summary>How far an evidence file listed in the journal could be checked on disk.</summary>
internal enum EvidenceState
{
    /// <summary>Present, and its SHA-256 matches the journal.</summary>
    Verified,
    Missing,
    /// <summary>Present, but changed since the journal recorded its hash.</summary>
    HashMismatch,
    /// <summary>The path leaves the results folder (absolute or "..": never linked, never copied).</summary>
    OutsideResults,
}

internal sealed record ReportEvidence(EvidenceFile File, EvidenceState State, string? FullPath, string? Href)
{
    public string StateText => State switch
    {
        EvidenceState.Verified => "verified",
        EvidenceState.Missing => "missing",
        EvidenceState.HashMismatch => "sha256-mismatch",
        EvidenceState.OutsideResults => "outside-results-folder",
        _ => throw new ArgumentOutOfRangeException(nameof(State), State, "unknown evidence state"),
    };
}

/// <summary>One row of the clause matrix: a catalogue record (or an ID only the journal knows).</summary>
internal sealed record MatrixRow
{
    public required string Id { get; init; }
    public required string Spec { get; init; }
    public required string SpecVersion { get; init; }
    public required string Clause { get; init; }
    public required string Title { get; init; }
    /// <summary>Null when the ID is not in the catalogue snapshot.</summary>
    public AutomationLevel? Automation { get; init; }
    public string? AutomationReason { get; init; }
    public required string PicsCondition { get; init; }
    /// <summary>Whether the DUT's PICS satisfy the condition; null when it could not be evaluated.</summary>
    public bool? PicsSatisfied { get; init; }
    /// <summary>The PICS values the condition depends on, e.g. "ipv6=false".</summary>
    public string? PicsExplanation { get; init; }
    public required Verdict Verdict { get; init; }
    public required IReadOnlyList<ReportResult> Results { get; init; }

    /// <summary>Not applicable in this run: the PICS rule it out, or every test said NOT_APPLICABLE.</summary>
    public bool NotApplicable => PicsSatisfied == false || Verdict == Verdict.NotApplicable;
}
