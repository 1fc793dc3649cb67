using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Secrets;

/// <summary>
/// Scans a finished run's results folder for the profile's HPM secrets. Runs only when
/// FEMTOSCAS_RESULTS names the folder (CI sets it after the conformance run; FEMTOSCAS_PROFILE
/// optionally names the DUT profile, default fixtures/duts/simfemto.json).
/// </summary>
[TestFixture]
[Category("SecretScan")]
public sealed class ResultsFolderSecretScan
{
    [Test]
    public void ResultsFolder_HoldsNoSecretOfTheProfile()
    {
        var results = Environment.GetEnvironmentVariable("FEMTOSCAS_RESULTS");
        if (string.IsNullOrEmpty(results))
        {
            Assert.Ignore("FEMTOSCAS_RESULTS is not set: no finished run to scan");
        }
        var root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        var profilePath = Path.GetFullPath(Environment.GetEnvironmentVariable("FEMTOSCAS_PROFILE") is { Length: > 0 } p ? p : "fixtures/duts/simfemto.json", root);
        var catalogue = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements"));
        var profile = DutProfileLoader.Load(profilePath, catalogue.Pics);
        var scanner = SecretScanner.ForProfile(profile);
        Assert.That(scanner.Count, Is.GreaterThan(0), $"{profilePath} gives no hpmCredentials to search for");
        var folder = Path.GetFullPath(results!, root);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count();
        var hits = scanner.ScanDirectory(folder);
        TestContext.Out.WriteLine($"scanned {files} files under {folder} for {scanner.Count} secret forms: {hits.Count} hits");
        Assert.That(hits.Select(h => h.ToString()), Is.Empty);
    }
}
