namespace FemtoScas.Harness.Runner;

/// <summary>
/// The run parameters a user or script sets (runsettings TestRunParameters, overridable on the
/// dotnet test command line): which DUT profile, where results go, and SimFemto faults.
/// </summary>
public sealed record RunParameters(string DutProfile, string ResultsDirectory, IReadOnlyList<string>? Faults, string CatalogueDirectory)
{
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
            Path.Combine(root, "fixtures", "requirements"));
    }
}
