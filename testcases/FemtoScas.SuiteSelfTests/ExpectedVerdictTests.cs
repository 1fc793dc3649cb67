using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Validation;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// The suite proves itself with the mechanism `femtoscas validate` uses (one loader, one runner,
/// one comparer): every reference configuration of fixtures/validation — SimFemto clean and one
/// per fault (simfemto.json), the strongSwan stand-in and its variants (strongswan/*.json) — is
/// one NUnit case that runs the suite on it and must reproduce its expected verdicts. So every
/// test case PASSes on clean SimFemto and FAILs on its fault, and an independent IKEv2 peer
/// decides what it can. The configurations run side by side (each SimFemto and each strongSwan
/// stand-in takes its own slot), as many at once as the assembly's level of parallelism allows.
/// The strongSwan ones need root and the strongSwan packages and are ignored with the reason elsewhere.
/// </summary>
[TestFixture, Category("SelfTest"), Parallelizable(ParallelScope.Children)]
public sealed class ExpectedVerdictTests
{
    private static string ValidationDirectory => ValidationRunner.DirectoryOf(SuiteProcess.Root);
    private static string SimFemtoFile => Path.Combine(ValidationDirectory, "simfemto.json");
    private static Catalogue Catalogue => Catalogue.LoadDirectory(Path.Combine(SuiteProcess.Root, "fixtures", "requirements"));
    private static string Results => Path.Combine(Path.GetTempPath(), "femtoscas-selftest");

    private static IEnumerable<TestCaseData> Cases()
    {
        var pics = Catalogue.Pics;
        var runner = new ValidationRunner(SuiteProcess.Root, Results);
        // The quick form: a fault configuration runs the cases its faults break; the clean base and
        // conformant configurations run every case (docs/validation.md, "The self-test's scope").
        foreach (var c in ReferenceConfiguration.LoadDirectory(ValidationDirectory).Select(c => c.Targeted()))
        {
            var kind = runner.Prepare(c, pics, Path.Combine(Results, "profiles", c.Name)).Profile.Kind;
            var data = new TestCaseData(c).SetName($"{(kind == DutKind.StrongSwan ? "strongSwan" : "SimFemto")} configuration '{c.Name}' ({c.File}) gives its expected verdicts");
            if (kind == DutKind.StrongSwan) data.SetCategory("Integration");
            yield return data;
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Configuration_gives_its_expected_verdicts(ReferenceConfiguration configuration)
    {
        var pics = Catalogue.Pics;
        var runner = new ValidationRunner(SuiteProcess.Root, Results);
        var (_, profile) = runner.Prepare(configuration, pics, Path.Combine(Results, "profiles", configuration.Name));
        if (profile.Kind == DutKind.StrongSwan && StrongSwanNamespace.MissingPrerequisite() is { } reason)
            Assert.Ignore(reason);

        var outcome = runner.Run(configuration, pics);
        Assert.That(outcome.NotRun, Is.Null, configuration.Name);
        Assert.That(outcome.Differences, Is.Empty, $"configuration '{configuration.Name}' ({configuration.File}, faults: {string.Join(",", configuration.Faults)})");

        // Secrets stay secret: no K, OPc or PIN of the profile (HPM, core test subscriber) in any evidence or report file.
        var hits = Harness.Evidence.SecretScanner.ForProfile(profile).ScanDirectory(outcome.ResultsDirectory);
        Assert.That(hits.Select(h => $"{h.File} @{h.Offset}: {h.Secret} as {h.Form}"), Is.Empty, "secrets found in the run's files");
    }

    [Test]
    public void Every_fault_has_a_configuration_in_which_the_requirement_it_breaks_fails()
    {
        var configurations = ReferenceConfiguration.Load(SimFemtoFile);
        foreach (var fault in SimFemtoFaults.All)
        {
            var config = configurations.FirstOrDefault(c => c.Faults.Count == 1 && c.Faults[0] == fault.Name);
            Assert.That(config, Is.Not.Null, $"fault '{fault.Name}' has no configuration of its own in {SimFemtoFile}");
            Assert.That(config!.Verdicts.GetValueOrDefault(fault.Breaks), Is.EqualTo("FAIL"),
                $"fault '{fault.Name}' must make {fault.Breaks} FAIL");
        }
    }

    [Test]
    public void Every_automated_record_passes_or_is_not_applicable_on_clean_SimFemto()
    {
        var configurations = ReferenceConfiguration.Load(SimFemtoFile);
        var clean = configurations[0];
        Assert.That(clean.Faults, Is.Empty, "the base configuration of simfemto.json is the clean device");
        foreach (var r in Catalogue.Records.Where(r => r.Automation == AutomationLevel.Automated))
            Assert.That(clean.Verdicts.GetValueOrDefault(r.Id), Is.AnyOf("PASS", "NOT_APPLICABLE"), $"{r.Id} in the clean configuration");
        // A configuration that chooses its own testCases decides those (a subset of the clean table); any other decides them all.
        foreach (var c in configurations)
            if (c.TestCases is null)
                Assert.That(c.Verdicts.Keys, Is.EquivalentTo(clean.Verdicts.Keys), $"configuration '{c.Name}' must list the same test cases as the clean one");
            else
                Assert.That(c.Verdicts.Keys, Is.EquivalentTo(c.TestCases).And.SubsetOf(clean.Verdicts.Keys), $"configuration '{c.Name}' decides exactly its testCases, all in the clean table");
    }
}
