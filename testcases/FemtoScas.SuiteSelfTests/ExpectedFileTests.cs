using FemtoScas.Harness.Data;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>The expected-verdict files hold the clean table once and per configuration only its deviations.</summary>
[TestFixture, Category("SelfTest")]
public sealed class ExpectedFileTests
{
    private static string Write(string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "femtoscas-expected-tests", TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "expected.json");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Head = """{ "schema": "femtoscas.expected/2", "dutProfile": "x.json", "clean": { "name": "clean", "verdicts": { "A": "PASS", "B": "PASS" } }, "configurations": [""";

    [Test]
    public void A_configuration_is_the_clean_table_with_its_deviations()
    {
        var list = ExpectedConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "B": "FAIL" }, "reasonContains": { "B": "why" } }] }"""));
        Assert.That(list.Select(c => c.Name), Is.EqualTo(new[] { "clean", "f" }));
        Assert.That(list[1].Verdicts, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "PASS", ["B"] = "FAIL" }));
        Assert.That(list[1].ReasonContains["B"], Is.EqualTo("why"));
        Assert.That(list[0].Faults, Is.Empty);
    }

    [Test]
    public void A_deviation_that_repeats_the_clean_verdict_is_a_data_error_naming_the_field()
    {
        var e = Assert.Throws<DataFileException>(() => ExpectedConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "A": "PASS" } }] }""")));
        Assert.That(e!.Message, Does.Contain("configurations[0].deviations.A").And.Contain("repeats the clean verdict"));
    }

    [Test]
    public void A_deviation_for_a_case_the_clean_table_lacks_is_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ExpectedConfiguration.Load(Write(Head + """{ "name": "f", "faults": ["f"], "deviations": { "C": "FAIL" } }] }""")));
        Assert.That(e!.Message, Does.Contain("deviations.C"));
    }

    [Test]
    public void Two_configurations_of_one_name_are_a_data_error()
    {
        var e = Assert.Throws<DataFileException>(() => ExpectedConfiguration.Load(Write(Head + """{ "name": "clean", "faults": ["f"], "deviations": {} }] }""")));
        Assert.That(e!.Message, Does.Contain("'clean'"));
    }

    [TestCase("simfemto.json")]
    [TestCase("strongswan.json")]
    public void The_repository_files_load(string file)
    {
        var list = ExpectedConfiguration.Load(Path.Combine(SuiteProcess.Root, "fixtures", "expected", file));
        Assert.That(list, Is.Not.Empty);
        Assert.That(list[0].Faults, Is.Empty, "the first configuration is the clean one");
    }
}
