using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// The suite proves itself: it runs against SimFemto in every configuration of
/// fixtures/expected/simfemto.json (clean and one per fault, some on another SimFemto profile) and must reproduce the full
/// verdict table — so every test case PASSes on clean SimFemto and FAILs on its fault. The configurations
/// run side by side (each SimFemto takes its own loopback slot), as many at once as the assembly's
/// level of parallelism allows.
/// </summary>
[TestFixture, Category("SelfTest"), Parallelizable(ParallelScope.Children)]
public sealed class ExpectedVerdictTests
{
    private static readonly string ExpectedFile = Path.Combine(SuiteProcess.Root, "fixtures", "expected", "simfemto.json");
    private static IReadOnlyList<ExpectedConfiguration> Configurations => ExpectedConfiguration.Load(ExpectedFile);

    private static IEnumerable<TestCaseData> Cases() =>
        Configurations.Select(c => new TestCaseData(c).SetName($"SimFemto configuration '{c.Name}' gives its expected verdicts"));

    [TestCaseSource(nameof(Cases))]
    public void Configuration_gives_its_expected_verdicts(ExpectedConfiguration configuration)
    {
        var results = Path.Combine(Path.GetTempPath(), "femtoscas-selftest", configuration.Name);
        var run = SuiteProcess.Run(SuiteProcess.SuiteCommand(results, string.Join(",", configuration.Faults), configuration.DutProfile), TimeSpan.FromMinutes(15));
        Assert.That(run.TimedOut, Is.False, "the suite run did not finish within 15 minutes:\n" + run.Output);
        var json = Path.Combine(results, "compliance.json");
        Assert.That(File.Exists(json), Is.True, "no compliance.json was written:\n" + run.Output);

        var differences = configuration.Differences(json);
        Assert.That(differences, Is.Empty, $"configuration '{configuration.Name}' (faults: {string.Join(",", configuration.Faults)})");

        // Secrets stay secret: no K, OPc or PIN of the profile in any evidence or report file.
        var profile = Harness.Dut.DutProfileLoader.Load(Path.Combine(SuiteProcess.Root, configuration.DutProfile ?? Path.Combine("fixtures", "duts", "simfemto.json")),
            Catalogue.LoadDirectory(Path.Combine(SuiteProcess.Root, "fixtures", "requirements")).Pics);
        var hits = Harness.Evidence.SecretScanner.ForCredentials(profile.Pixit.HpmCredentials).ScanDirectory(results);
        Assert.That(hits.Select(h => $"{h.File} @{h.Offset}: {h.Secret} as {h.Form}"), Is.Empty, "secrets found in the run's files");
    }

    [Test]
    public void Every_fault_has_a_configuration_in_which_the_requirement_it_breaks_fails()
    {
        var configurations = Configurations;
        foreach (var fault in SimFemtoFaults.All)
        {
            var config = configurations.FirstOrDefault(c => c.Faults.Count == 1 && c.Faults[0] == fault.Name);
            Assert.That(config, Is.Not.Null, $"fault '{fault.Name}' has no configuration of its own in {ExpectedFile}");
            Assert.That(config!.Verdicts.GetValueOrDefault(fault.Breaks), Is.EqualTo("FAIL"),
                $"fault '{fault.Name}' must make {fault.Breaks} FAIL");
        }
    }

    [Test]
    public void Every_automated_record_passes_or_is_not_applicable_on_clean_SimFemto()
    {
        var catalogue = Catalogue.LoadDirectory(Path.Combine(SuiteProcess.Root, "fixtures", "requirements"));
        var clean = Configurations.Single(c => c.Faults.Count == 0 && c.DutProfile is null);
        foreach (var r in catalogue.Records.Where(r => r.Automation == AutomationLevel.Automated))
            Assert.That(clean.Verdicts.GetValueOrDefault(r.Id), Is.AnyOf("PASS", "NOT_APPLICABLE"), $"{r.Id} in the clean configuration");
        foreach (var c in Configurations)
            Assert.That(c.Verdicts.Keys, Is.EquivalentTo(clean.Verdicts.Keys), $"configuration '{c.Name}' must list the same test cases as the clean one");
    }
}
