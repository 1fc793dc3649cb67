namespace FemtoScas.Harness.Runner;

/// <summary>
/// The run parameters a user or script sets (runsettings TestRunParameters, overridable on the
/// dotnet test command line): which DUT profile, where results go, and SimFemto faults.
/// </summary>
public sealed record RunParameters(string DutProfile, string ResultsDirectory, IReadOnlyList<string>? Faults, string CatalogueDirectory)
{
    /// <summary>The lab file (identity, signing key; fixtures/lab.template.json), or null for none.</summary>
    public string? LabFile { get; init; }
    /// <summary>The test engineer named on the report (ISO/IEC 17025 7.8.2.1).</summary>
    public string? TestEngineer { get; init; }
    /// <summary>The person authorising the report.</summary>
    public string? Approver { get; init; }
    /// <summary>Deviations from the test method the lab declares for this run.</summary>
    public IReadOnlyList<string> Deviations { get; init; } = [];
    /// <summary>
    /// Print compliance.pdf at the end of the run (default). <c>femtoscas validate</c> and the
    /// self-test turn it off: they compare verdicts, and a Chromium print per reference run would
    /// cost minutes of the CI budget while the PDF writer has its own test.
    /// </summary>
    public bool Pdf { get; init; } = true;

    /// <summary>The lab's documentation-review answers (femtoscas.documentation-review/1) for the reports written at the end of the run.</summary>
    public string? ReviewFile { get; init; }

    /// <summary>Resolves relative paths against the repository root (the folder holding FemtoScas.sln).</summary>
    public static RunParameters From(Func<string, string?> get, string startDirectory)
    {
        var root = RepositoryRoot.Find(startDirectory);
        var profile = get("DutProfile") is { Length: > 0 } p ? p : "fixtures/duts/simfemto.json";
        var results = get("ResultsDir") is { Length: > 0 } r ? r : "out/latest";
        var faultsText = get("Faults");
        IReadOnlyList<string>? faults = faultsText is null
            ? null
            : faultsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new RunParameters(
            Path.GetFullPath(profile, root),
            Path.GetFullPath(results, root),
            faults,
            Path.Combine(root, "fixtures", "requirements"))
        {
            LabFile = get("LabFile") is { Length: > 0 } lab ? Path.GetFullPath(lab, root) : null,
            TestEngineer = get("TestEngineer") is { Length: > 0 } engineer ? engineer : null,
            Approver = get("Approver") is { Length: > 0 } approver ? approver : null,
            Deviations = (get("Deviations") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Pdf = !string.Equals(get("Pdf"), "false", StringComparison.OrdinalIgnoreCase),
            ReviewFile = get("ReviewFile") is { Length: > 0 } review ? Path.GetFullPath(review, root) : null,
        };
    }
}
