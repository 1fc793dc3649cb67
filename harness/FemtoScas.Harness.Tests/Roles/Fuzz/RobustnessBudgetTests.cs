using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Fuzz;

/// <summary>PIXIT robustness: the shipped budgets load, a profile without the section gets the defaults, every mistake names file and field.</summary>
[TestFixture]
public sealed class RobustnessBudgetTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
    private static string SimFemtoText => File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto.json"));

    [Test]
    public void The_shipped_budgets_load_and_an_absent_section_gives_the_defaults()
    {
        var sim = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.Robustness;
        Assert.That(sim.Ike, Is.EqualTo(new IkeFuzzBudget(4404, 30, TimeSpan.FromSeconds(20), 50, 10, TimeSpan.FromMilliseconds(300))));
        Assert.That(sim.Gui, Is.EqualTo(new GuiFuzzBudget(4404, 20, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 10)));
        var lab = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"), Catalogue.Pics).Pixit.Robustness;
        Assert.That(lab, Is.EqualTo(RobustnessBudget.Default));
    }

    [TestCase("\"maxInputs\": 30", "\"maxInputs\": 0", "robustness.ikeFuzz.maxInputs")]
    [TestCase("\"inputTimeoutMs\": 300", "\"inputTimeoutMs\": 10", "robustness.ikeFuzz.inputTimeoutMs")]
    [TestCase("\"maxRequests\": 20", "\"maxRequest\": 20", "robustness.guiFuzz.maxRequest")]
    [TestCase("\"seed\": 4404, \"maxInputs\"", "\"seed\": \"x\", \"maxInputs\"", "robustness.ikeFuzz.seed")]
    public void A_budget_mistake_names_file_and_field(string good, string bad, string field)
    {
        Assert.That(SimFemtoText, Does.Contain(good));
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, SimFemtoText.Replace(good, bad, StringComparison.Ordinal));
        try
        {
            var ex = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(path, Catalogue.Pics))!;
            Assert.That(ex.File, Is.EqualTo(path));
            Assert.That(ex.Field, Does.EndWith(field));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
