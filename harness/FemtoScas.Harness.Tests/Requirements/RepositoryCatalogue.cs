using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Requirements;

/// <summary>Finds the real catalogue folder (fixtures/requirements) of this checkout.</summary>
internal static class RepositoryCatalogue
{
    public const string SolutionFile = "FemtoScas.sln";

    /// <summary>Walks up from the test output folder to the folder holding the solution file.</summary>
    public static string RepositoryRoot()
    {
        var start = TestContext.CurrentContext.TestDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no folder above '{start}' holds {SolutionFile}");
    }

    public static string Directory() => Path.Combine(RepositoryRoot(), "fixtures", "requirements");
}
