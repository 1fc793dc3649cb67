using System.Reflection;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// Every conformance test case names a catalogue record that exists, and every record is either
/// decided by a test case or says why not, so no requirement drops out of the catalogue unnoticed.
/// </summary>
[TestFixture, Category("SelfTest")]
public sealed class CoverageTests
{
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(SuiteProcess.Root, "fixtures", "requirements"));

    /// <summary>The conformance test-case classes: every type of the test-case assembly with a test method.</summary>
    internal static IEnumerable<Type> TestCaseClasses() =>
        typeof(FemtoScas.TestCases.Ts33117.PortScanning_4_4_2).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<TestAttribute>() is not null || m.GetCustomAttribute<TestCaseAttribute>() is not null));

    private static Dictionary<string, List<string>> TestsByRecord()
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in TestCaseClasses())
        {
            var id = t.GetCustomAttribute<RequirementAttribute>()?.Id;
            foreach (var m in t.GetMethods().Where(m => m.GetCustomAttribute<TestAttribute>() is not null))
            {
                var mid = m.GetCustomAttribute<RequirementAttribute>()?.Id ?? id;
                if (mid is null) continue;
                if (!map.TryGetValue(mid, out var list)) map[mid] = list = [];
                list.Add($"{t.Name}.{m.Name}");
            }
        }
        return map;
    }

    [Test]
    public void Every_test_case_is_a_conformance_test_naming_its_record()
    {
        var classes = TestCaseClasses().ToList();
        Assert.That(classes, Is.Not.Empty);
        foreach (var t in classes)
        {
            Assert.That(typeof(ConformanceTest).IsAssignableFrom(t), Is.True, $"{t.FullName} does not derive from ConformanceTest");
            Assert.That(t.GetCustomAttribute<RequirementAttribute>() ?? t.GetMethods().Select(m => m.GetCustomAttribute<RequirementAttribute>()).FirstOrDefault(a => a is not null),
                Is.Not.Null, $"{t.FullName} names no catalogue record ([Requirement])");
        }
    }

    [Test]
    public void Every_record_a_test_names_exists()
    {
        var unknown = TestsByRecord().Where(kv => !Catalogue.TryGet(kv.Key, out _)).Select(kv => $"{kv.Key} (named by {string.Join(", ", kv.Value)})").ToList();
        Assert.That(unknown, Is.Empty, "test cases name records missing from fixtures/requirements");
    }

    [Test]
    public void Every_automated_or_operator_assisted_record_has_a_test_case()
    {
        var tests = TestsByRecord();
        var uncovered = Catalogue.Records
            .Where(r => r.Automation is AutomationLevel.Automated or AutomationLevel.OperatorAssisted && !tests.ContainsKey(r.Id))
            .Select(r => $"{r.Id} ({r.Automation})").ToList();
        Assert.That(uncovered, Is.Empty, "records claim automation but no test case decides them");
    }

    [Test]
    public void Every_record_with_a_test_case_says_it_is_automated_or_operator_assisted()
    {
        var tests = TestsByRecord();
        var mislabelled = Catalogue.Records
            .Where(r => tests.ContainsKey(r.Id) && r.Automation is AutomationLevel.NotImplemented or AutomationLevel.DocumentationReview)
            .Select(r => $"{r.Id} is '{r.Automation}' but tested by {string.Join(", ", tests[r.Id])}").ToList();
        Assert.That(mislabelled, Is.Empty);
    }

    [Test]
    public void Every_record_without_a_test_case_gives_its_reason()
    {
        var tests = TestsByRecord();
        var silent = Catalogue.Records.Where(r => !tests.ContainsKey(r.Id) && string.IsNullOrWhiteSpace(r.AutomationReason)).Select(r => r.Id).ToList();
        Assert.That(silent, Is.Empty, "records neither covered by a test nor annotated with a reason");
    }
}
