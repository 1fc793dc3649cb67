using System.Text.Json.Serialization;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The run journal (journal.jsonl in the results folder) is the single source every report is
/// built from. One JSON object a line, appended and flushed as soon as it is known, so a run
/// killed halfway still leaves a journal of everything it decided. Schema changes bump
/// <see cref="JournalSchema.Version"/>.
/// </summary>
public static class JournalSchema
{
    public const string Version = "femtoscas.journal/1";
    public const string FileName = "journal.jsonl";
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "run-started")]
[JsonDerivedType(typeof(TestFinished), "test-finished")]
[JsonDerivedType(typeof(RunFinished), "run-finished")]
public abstract record JournalEntry;

/// <summary>First line of a journal: everything needed to re-check the run years later.</summary>
public sealed record RunStarted : JournalEntry
{
    public required string Schema { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string FemtoScasVersion { get; init; }
    public required string Host { get; init; }
    public required string OperatingSystem { get; init; }
    public required string Runtime { get; init; }
    /// <summary>Libraries and external tools with their exact versions ("absent" where missing).</summary>
    public required IReadOnlyDictionary<string, string> Tools { get; init; }
    public required DutIdentity Dut { get; init; }
    public required string ProfileFile { get; init; }
    public required string ProfileSha256 { get; init; }
    public required IReadOnlyList<string> Faults { get; init; }
    public required IReadOnlyDictionary<string, bool> Pics { get; init; }
    /// <summary>A copy of the catalogue in force, so a report can be rebuilt without the fixtures.</summary>
    public required IReadOnlyList<Requirements.RequirementRecord> Catalogue { get; init; }
    public required IReadOnlyList<Requirements.Catalogue.SourceFile> CatalogueFiles { get; init; }
    /// <summary>Whether this process could capture with libpcap, and if not why.</summary>
    public required string CaptureCapability { get; init; }
    /// <summary>The testing laboratory (ISO/IEC 17025 7.8.2.1); null when the run named no lab file.</summary>
    public LabIdentity? Lab { get; init; }
    /// <summary>Who ran the test (run parameter TestEngineer); null when not given.</summary>
    public string? TestEngineer { get; init; }
    /// <summary>Who authorises the report (run parameter Approver); null when not given.</summary>
    public string? Approver { get; init; }
    /// <summary>Deviations from the test method the lab declared for this run (run parameter Deviations, ';'-separated).</summary>
    public IReadOnlyList<string>? Deviations { get; init; }
    /// <summary>Crypto-profile files (fixtures/crypto-profiles) in force, with SHA-256: part of the test-method version.</summary>
    public IReadOnlyList<Requirements.Catalogue.SourceFile>? CryptoProfileFiles { get; init; }
    /// <summary>The source tree's commit and "modified tree" flag; null when it could not be determined.</summary>
    public SourceTreeState? SourceTree { get; init; }
}

public sealed record DutIdentity
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Vendor { get; init; }
    public required string Model { get; init; }
    public required string SoftwareVersion { get; init; }
    public required string SerialNumber { get; init; }
}

/// <summary>One conformance test case decided (whatever the verdict).</summary>
public sealed record TestFinished : JournalEntry
{
    /// <summary>Catalogue record ID the test case decides.</summary>
    public required string Id { get; init; }
    /// <summary>Fully qualified test name (class.method).</summary>
    public required string TestName { get; init; }
    public required string Verdict { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required double DurationSeconds { get; init; }
    public required IReadOnlyList<StepEntry> Steps { get; init; }
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }
    /// <summary>Structured observations (e.g. one row per open port or per TLS version).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    /// <summary>Named tables a report shows as a section (e.g. the crypto-profile table).</summary>
    public IReadOnlyList<EvidenceTable> Tables { get; init; } = [];
    /// <summary>Crypto-profile sections (one row per transform judged): a report section of their own.</summary>
    public IReadOnlyList<CryptoProfileSection> CryptoProfiles { get; init; } = [];
}

public sealed record StepEntry(DateTimeOffset At, string Text);

/// <summary>A file in the results folder, path relative to it, with its SHA-256.</summary>
public sealed record EvidenceFile(string Path, string Sha256, long Bytes, string Kind, string Description);

/// <summary>What was observed against what was expected, with the clause it concerns.</summary>
public sealed record Finding(string Subject, string Expected, string Observed, bool Conforms, string? Clause = null);

/// <summary>
/// Every transform a DUT offered or was offered, judged against a crypto profile: the structured
/// evidence behind the report's "Crypto profile" section (compliance.html and compliance.json).
/// </summary>
public sealed record CryptoProfileSection(string Profile, string Reference, string Confidence, IReadOnlyList<CryptoProfileRow> Rows);

/// <summary>
/// One transform: protocol (IKE, ESP, ISAKMP), type, name; what the profile says; whether and
/// where the DUT offered it; the harness's probe with it (the SeGW chose it alone) and the DUT's
/// reaction; conforms (null = undecided or not applicable); the profile's source clause.
/// </summary>
public sealed record CryptoProfileRow(
    string Protocol, string Type, string Transform, string ProfileStatus, string OfferedByDut,
    string Probe, string DutReaction, bool? Conforms, string Source);

public sealed record EvidenceTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

public sealed record RunFinished : JournalEntry
{
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>"completed", or why the run ended early.</summary>
    public required string Outcome { get; init; }
}
