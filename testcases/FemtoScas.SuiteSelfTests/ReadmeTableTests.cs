using System.Reflection;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// README.md's table "What is automated today" is written by hand but checked against the data it
/// summarises: the catalogue (which records a test case decides, and how), the test-case classes
/// (the file a row names holds the case for that record), SimFemto's fault list and the expected
/// verdicts (every fault a row names makes that row's case FAIL, and every fault made for a record
/// is named in its row). A new case or fault that the README does not show fails here.
/// </summary>
[TestFixture, Category("SelfTest")]
public sealed partial class ReadmeTableTests
{
    private sealed record Row(string Id, bool OperatorAssisted, string File, IReadOnlyList<string> Faults, int Line);

    private static string Root => SuiteProcess.Root;

    private static List<Row> Rows()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## What is automated today", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "README.md has no section '## What is automated today'");
        var rows = new List<Row>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var cells = lines[i].Split('|', StringSplitOptions.TrimEntries);
            // | ID | what | file | faults |  ->  "", ID, what, file, faults, ""
            if (cells.Length != 6 || cells[1] is "ID" || cells[1].StartsWith("---", StringComparison.Ordinal)) continue;
            var id = cells[1].Split(' ')[0];
            var file = Code().Match(cells[3]) is { Success: true } m ? m.Groups[1].Value : "";
            rows.Add(new Row(id, cells[1].Contains("(operator-assisted)", StringComparison.Ordinal), file,
                [.. Code().Matches(cells[4]).Select(x => x.Groups[1].Value).Where(f => !f.Contains('/', StringComparison.Ordinal))], i + 1));
        }
        return rows;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    private static Dictionary<string, Type> TestClassesByRecord() =>
        CoverageTests.TestCaseClasses()
            .Where(t => t.GetCustomAttribute<RequirementAttribute>() is not null)
            .ToDictionary(t => t.GetCustomAttribute<RequirementAttribute>()!.Id, StringComparer.Ordinal);

    [Test]
    public void Every_record_a_test_case_decides_has_one_row_and_no_other_record_has_one()
    {
        var catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
        var decided = catalogue.Records.Where(r => r.Automation is AutomationLevel.Automated or AutomationLevel.OperatorAssisted).Select(r => r.Id).Order().ToList();
        var rows = Rows();
        Assert.That(rows.Select(r => r.Id).Order(), Is.EqualTo(decided), "README rows vs catalogue records marked automated or operator-assisted");
        foreach (var row in rows)
        {
            catalogue.TryGet(row.Id, out var record);
            Assert.That(row.OperatorAssisted, Is.EqualTo(record!.Automation == AutomationLevel.OperatorAssisted),
                $"README.md line {row.Line}: {row.Id} is {record.Automation} in the catalogue; the row must say '(operator-assisted)' exactly then");
        }
    }

    [Test]
    public void Every_row_names_the_file_of_its_test_case()
    {
        var classes = TestClassesByRecord();
        foreach (var row in Rows())
        {
            Assert.That(classes.TryGetValue(row.Id, out var type), Is.True, $"README.md line {row.Line}: no test-case class names {row.Id}");
            var expected = type!.Namespace!.Replace("FemtoScas.TestCases.", "", StringComparison.Ordinal).Replace('.', '/') + "/" + type.Name + ".cs";
            Assert.That(row.File, Is.EqualTo(expected), $"README.md line {row.Line}: {row.Id} is decided by {type.FullName}");
            Assert.That(File.Exists(Path.Combine(Root, "testcases", "FemtoScas.TestCases", row.File)), Is.True, $"README.md line {row.Line}: {row.File} does not exist");
        }
    }

    [Test]
    public void Every_row_names_the_faults_made_for_it_and_each_named_fault_makes_it_fail()
    {
        var expected = Harness.Validation.ReferenceConfiguration.Load(Path.Combine(Root, "fixtures", "validation", "simfemto.json"));
        var rows = Rows();
        foreach (var fault in SimFemtoFaults.All)
        {
            var row = rows.SingleOrDefault(r => r.Id == fault.Breaks);
            Assert.That(row, Is.Not.Null, $"fault {fault.Name} breaks {fault.Breaks}, which has no README row");
            Assert.That(row!.Faults, Does.Contain(fault.Name), $"README.md line {row.Line}: fault {fault.Name} is made for {fault.Breaks} but not named in its row");
        }
        var known = SimFemtoFaults.All.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
            foreach (var name in row.Faults)
            {
                Assert.That(known, Does.Contain(name), $"README.md line {row.Line}: '{name}' is no SimFemto fault");
                var configuration = expected.FirstOrDefault(c => c.Faults.Count == 1 && c.Faults[0] == name);
                Assert.That(configuration?.Verdicts.GetValueOrDefault(row.Id), Is.EqualTo("FAIL"),
                    $"README.md line {row.Line}: fault {name} is named for {row.Id}, whose expected verdict under it is not FAIL");
            }
    }
}
