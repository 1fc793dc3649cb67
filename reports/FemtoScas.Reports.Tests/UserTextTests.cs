using System.Text.RegularExpressions;

namespace FemtoScas.Reports.Tests;

/// <summary>Text a report copies from the fixtures (automation reasons, crypto-profile sources) names no internal issue or roadmap item.</summary>
[TestFixture]
public sealed partial class UserTextTests
{
    [GeneratedRegex(@"\b(issue|roadmap)\s+[0-9]+", RegexOptions.IgnoreCase)]
    private static partial Regex Internal();

    [Test]
    public void CatalogueAndCryptoProfilesCiteNoInternalPlanning()
    {
        var root = FemtoScas.Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        var files = new[] { "requirements", "crypto-profiles", "duts" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, "fixtures", d), "*.json")).ToList();
        Assert.That(files, Is.Not.Empty);
        var hits = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Internal().IsMatch(x.line) || x.line.Contains("roadmap", StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.That(hits, Is.Empty);
    }
}
