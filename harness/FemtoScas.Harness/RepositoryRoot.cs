namespace FemtoScas.Harness;

/// <summary>The checkout FemtoScas runs from: the folder holding FemtoScas.sln.</summary>
public static class RepositoryRoot
{
    public const string Marker = "FemtoScas.sln";

    public static string Find(string startDirectory)
    {
        for (var d = new DirectoryInfo(startDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, Marker))) return d.FullName;
        throw new HarnessEnvironmentException($"no {Marker} above {startDirectory}: run FemtoScas from its checkout");
    }
}
