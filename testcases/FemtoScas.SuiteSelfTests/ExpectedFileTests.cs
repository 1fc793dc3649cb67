using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Validation;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// The reference configuration files (fixtures/validation, femtoscas.validation/1): a base table
/// once and per further configuration only its deviations; strict, every error naming file and
/// field; the comparer names the test case a wrong expectation is about.
/// </summary>
[TestFixture, Category("SelfTest")]
public sealed class ExpectedFileTests
{
    private static string Directory_()
    {
        var dir = Path.Combine(Path.GetTempPath(), "femtoscas-expected-tests", TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Write(string text, string file = "expected.json")
    {
        var path = Path.Combine(Directory_(), file);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Head = """{ "schema": "femtoscas.validation/1", "dutProfile": "x.json", "base": { "name": "clean", "verdicts": { "A": "PASS", "B": "PASS" } }, "configurations": [""";

    [Test]
    public void A_configuration_is_the_base_table_with_its_deviations()
    {
        var list = ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "B": "FAIL" }, "reasonContains": { "B": "why" } }] }"""));
        Assert.That(list.Select(c => c.Name), Is.EqualTo(new[] { "clean", "f" }));
        Assert.That(list[1].Verdicts, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "PASS", ["B"] = "FAIL" }));
        Assert.That(list[1].ReasonContains["B"], Is.EqualTo("why"));
        Assert.That(list[0].Faults, Is.Empty);
        Assert.That(list[0].Conformant, Is.True, "no faults: conformant by default");
        Assert.That(list[1].Conformant, Is.False, "faults: non-conformant by default");
    }

    [Test]
    public void A_deviation_that_repeats_the_base_verdict_is_a_data_error_naming_the_field()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "A": "PASS" } }] }""")));
        Assert.That(e!.Message, Does.Contain("configurations[0].deviations.A").And.Contain("repeats the base verdict"));
    }

    [Test]
    public void A_deviation_for_a_case_the_base_table_lacks_is_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "C": "FAIL" } }] }""")));
        Assert.That(e!.Message, Does.Contain("deviations.C"));
    }

    [Test]
    public void Two_configurations_of_one_name_are_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "clean", "faults": ["f"], "deviations": { "A": "FAIL" } }] }""")));
        Assert.That(e!.Message, Does.Contain("'clean'"));
    }

    [Test]
    public void A_conformant_configuration_that_expects_FAIL_is_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "conformant": true, "faults": ["f"], "deviations": { "A": "FAIL" } }] }""")));
        Assert.That(e!.Message, Does.Contain("configurations[0].verdicts.A").And.Contain("conformant"));
        // A fault the suite answers without FAIL (hostile input: INCONCLUSIVE) is allowed; it adds to no sensitivity.
        var list = ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "A": "INCONCLUSIVE" } }] }"""));
        Assert.That(list[1].Conformant, Is.False);
    }

    [Test]
    public void A_misspelt_field_or_verdict_is_named_with_the_file()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviatons": { "A": "FAIL" } }] }"""), "v/x.json"));
        Assert.That(e!.Message, Does.StartWith("v/x.json").And.Contain("deviatons"));
        e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "A": "FAILED" } }] }""")));
        Assert.That(e!.Message, Does.Contain("deviations.A").And.Contain("not a verdict"));
    }

    [Test]
    public void A_name_that_would_leave_the_results_folder_is_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write(Head + """{ "name": "../x", "faults": ["f"], "deviations": { "A": "FAIL" } }] }""")));
        Assert.That(e!.Message, Does.Contain("configurations[0].name"));
    }

    [Test]
    public void A_test_case_subset_limits_the_table_and_the_comparison()
    {
        var c = ReferenceConfiguration.Load(Write("""{ "schema": "femtoscas.validation/1", "dutProfile": "x.json", "base": { "name": "v", "testCases": ["B"], "verdicts": { "A": "PASS", "B": "PASS" } } }""")).Single();
        Assert.That(c.Verdicts.Keys, Is.EquivalentTo(new[] { "B" }));
        // A is not run by this configuration: its verdict, whatever it is, is not compared.
        Assert.That(c.Differences(new Dictionary<string, (string, string)> { ["B"] = ("PASS", "ok"), ["A"] = ("FAIL", "x") }), Is.Empty);
        var e = Assert.Throws<DataFileException>(() => ReferenceConfiguration.Load(Write("""{ "schema": "femtoscas.validation/1", "dutProfile": "x.json", "base": { "name": "v", "testCases": ["C"], "verdicts": { "A": "PASS" } } }""")));
        Assert.That(e!.Message, Does.Contain("base.testCases").And.Contain("'C'"));
    }

    [Test]
    public void The_targeted_form_of_a_fault_configuration_runs_only_the_cases_its_faults_break()
    {
        var list = ReferenceConfiguration.Load(Write(Head + """
            { "name": "f", "faults": ["f"], "deviations": { "B": "FAIL" }, "reasonContains": { "B": "why" } },
            { "name": "overlay", "overlay": { "x": 1 }, "deviations": { "B": "INCONCLUSIVE" } },
            { "name": "chosen", "faults": ["g"], "testCases": ["A", "B"], "deviations": { "B": "FAIL" } }] }
            """));
        var f = list[1].Targeted();
        Assert.That(f.TestCases, Is.EqualTo(new[] { "B" }));
        Assert.That(f.Verdicts, Is.EquivalentTo(new Dictionary<string, string> { ["B"] = "FAIL" }));
        Assert.That(f.ReasonContains["B"], Is.EqualTo("why"));
        // A is not run by the narrowed configuration: its verdict is not compared, B's still is.
        Assert.That(f.Differences(new Dictionary<string, (string, string)> { ["B"] = ("FAIL", "why"), ["A"] = ("FAIL", "x") }), Is.Empty);
        Assert.That(f.Differences(new Dictionary<string, (string, string)> { ["B"] = ("PASS", "why") }).Single(), Does.Contain("B: expected FAIL"));
        // The clean base, a configuration without faults and one with its own subset are not narrowed.
        Assert.That(list[0].Targeted(), Is.SameAs(list[0]));
        Assert.That(list[2].Targeted(), Is.SameAs(list[2]));
        Assert.That(list[3].Targeted(), Is.SameAs(list[3]));
    }

    [Test]
    public void A_wrong_expected_verdict_is_a_deviation_naming_the_test_case_and_fails_the_validation()
    {
        var c = ReferenceConfiguration.Load(Write("""{ "schema": "femtoscas.validation/1", "dutProfile": "x.json", "base": { "name": "v", "verdicts": { "A": "PASS", "B": "PASS" }, "reasonContains": { "B": "ok" } } }""")).Single();
        var decided = new Dictionary<string, (string Verdict, string Reason)> { ["A"] = ("FAIL", "it broke"), ["B"] = ("PASS", "fine") };
        var differences = c.Differences(decided);
        Assert.That(differences, Has.Some.StartsWith("A: expected PASS, got FAIL (it broke)"));
        Assert.That(differences, Has.Some.StartsWith("B: reason should name 'ok'"));
        var summary = ValidationSummary.Of([new ConfigurationOutcome(c, DutKind.StrongSwan, "strongSwan (charon)", decided, differences, null, "r", TimeSpan.Zero)]);
        Assert.That(summary.Deviations, Has.Some.StartsWith("v: A: expected PASS"));
        var a = summary.TestCases.Single(t => t.Id == "A");
        Assert.That(a.Soundness.Single().Held, Is.False, "a conformant configuration FAILed A");
        Assert.That(a.IndependentPeers, Is.EqualTo(new[] { "strongSwan (charon)" }));
    }

    [Test]
    public void Sensitivity_counts_the_non_conformant_configurations_that_must_FAIL_and_peers_come_from_the_device()
    {
        var list = ReferenceConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "B": "FAIL" } }] }"""));
        var ok = new Dictionary<string, (string, string)> { ["A"] = ("PASS", ""), ["B"] = ("PASS", "") };
        var broken = new Dictionary<string, (string, string)> { ["A"] = ("PASS", ""), ["B"] = ("FAIL", "") };
        var summary = ValidationSummary.Of([
            new ConfigurationOutcome(list[0], DutKind.SimFemto, null, ok, [], null, "r0", TimeSpan.Zero),
            new ConfigurationOutcome(list[1], DutKind.SimFemto, null, broken, [], null, "r1", TimeSpan.Zero)]);
        var b = summary.TestCases.Single(t => t.Id == "B");
        Assert.That(b.Sensitivity.Select(s => (s.Configuration, s.Held)), Is.EqualTo(new[] { ("f", true) }));
        Assert.That(b.Soundness.Select(s => (s.Configuration, s.Held)), Is.EqualTo(new[] { ("clean", true) }));
        Assert.That(b.IndependentPeers, Is.Empty, "SimFemto is the harness's own IKEv2 engine");
        Assert.That(summary.Deviations, Is.Empty);
    }

    [Test]
    public void A_variant_file_added_to_the_directory_is_picked_up_and_its_overlay_checked_against_the_profile_loader()
    {
        var dir = Directory_();
        Directory.CreateDirectory(Path.Combine(dir, "strongswan"));
        File.WriteAllText(Path.Combine(dir, "strongswan", "mine.json"), """
            { "schema": "femtoscas.validation/1", "dutProfile": "fixtures/duts/strongswan.json",
              "base": { "name": "mine", "conformant": false, "overlay": { "strongSwan": { "sendCert": "sometimes" } },
                        "testCases": ["NRF-DEV-AUTH"], "verdicts": { "NRF-DEV-AUTH": "FAIL" } } }
            """);
        var c = ReferenceConfiguration.LoadDirectory(dir).Single();
        Assert.That((c.File, c.Name), Is.EqualTo(("strongswan/mine.json", "mine")));
        var runner = new ValidationRunner(SuiteProcess.Root, Path.Combine(dir, "out"));
        var pics = Catalogue.LoadDirectory(Path.Combine(SuiteProcess.Root, "fixtures", "requirements")).Pics;
        var e = Assert.Throws<DataFileException>(() => runner.Prepare(c, pics, Path.Combine(dir, "out", "mine")));
        Assert.That(e!.Message, Does.StartWith("strongswan/mine.json").And.Contain("strongSwan.sendCert").And.Contain("'sometimes'"));
    }

    [Test]
    public void The_repository_directory_loads_and_every_overlay_makes_a_valid_profile()
    {
        var root = SuiteProcess.Root;
        var list = ReferenceConfiguration.LoadDirectory(ValidationRunner.DirectoryOf(root));
        Assert.That(list.Select(c => c.File), Does.Contain("simfemto.json").And.Contain("strongswan/default.json"));
        var runner = new ValidationRunner(root, Path.Combine(Directory_(), "out"));
        var pics = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Pics;
        var strongSwan = list.Where(c => c.File.StartsWith("strongswan/", StringComparison.Ordinal)).ToList();
        foreach (var c in strongSwan)
            Assert.That(runner.Prepare(c, pics, Path.Combine(Path.GetTempPath(), "femtoscas-expected-tests", "profiles", c.Name)).Profile.Kind, Is.EqualTo(DutKind.StrongSwan), c.Name);
        Assert.That(strongSwan.Count(c => c.Conformant), Is.GreaterThanOrEqualTo(4), "conformant strongSwan variants");
        Assert.That(strongSwan.Count(c => !c.Conformant), Is.GreaterThanOrEqualTo(4), "non-conformant strongSwan variants");
    }
}
