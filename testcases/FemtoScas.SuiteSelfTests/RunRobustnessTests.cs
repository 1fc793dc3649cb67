using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>A killed run keeps its decided verdicts; a broken profile stops a run at start.</summary>
[TestFixture, Category("SelfTest"), Parallelizable(ParallelScope.Children)]
public sealed class RunRobustnessTests
{
    [Test]
    public void A_run_killed_after_its_first_test_case_still_yields_a_report_of_that_verdict()
    {
        var results = Path.Combine(Path.GetTempPath(), "femtoscas-selftest", "killed");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        var journal = Path.Combine(results, "journal.jsonl");
        using var p = Process.Start(SuiteProcess.SuiteCommand(results))!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        try
        {
            // Poll the journal; SIGKILL the whole process tree the moment a first verdict is in it.
            while (!File.Exists(journal) || !File.ReadLines(journal).Any(l => l.Contains("\"type\":\"test-finished\"", StringComparison.Ordinal)))
            {
                Assert.That(p.HasExited, Is.False, "the run ended before a test case finished");
                Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromMinutes(10)), "no test case finished within 10 minutes");
                Thread.Sleep(10);
            }
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var lines = File.ReadAllLines(journal);
        Assert.That(lines.Any(l => l.Contains("\"type\":\"run-finished\"", StringComparison.Ordinal)), Is.False, "the run finished before it was killed: the test proves nothing");
        var firstVerdict = lines.Select(l => JsonDocument.Parse(l).RootElement).First(e => e.GetProperty("type").GetString() == "test-finished");

        var report = SuiteProcess.Run(SuiteProcess.Cli("report", results), TimeSpan.FromMinutes(2));
        Assert.That(report.ExitCode, Is.Zero, report.Output);
        using var compliance = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "compliance.json")));
        var result = compliance.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("testName").ValueKind == JsonValueKind.String && r.GetProperty("testName").GetString() == firstVerdict.GetProperty("testName").GetString());
        Assert.That(result.GetProperty("verdict").GetString(), Is.EqualTo(firstVerdict.GetProperty("verdict").GetString()));
        Assert.That(compliance.RootElement.GetProperty("problems").EnumerateArray().Select(e => e.GetString()),
            Has.Some.Contains("did not finish"));
        Assert.That(File.Exists(Path.Combine(results, "compliance.html")), Is.True);
    }

    [Test]
    public void A_profile_with_a_misspelt_field_stops_the_run_naming_file_and_field()
    {
        var dir = Path.Combine(Path.GetTempPath(), "femtoscas-selftest", "bad-profile");
        Directory.CreateDirectory(dir);
        var profile = Path.Combine(dir, "misspelt.json");
        var text = File.ReadAllText(Path.Combine(SuiteProcess.Root, "fixtures", "duts", "simfemto.json"))
            .Replace("\"dutAddress\"", "\"dutAdress\"", StringComparison.Ordinal);
        File.WriteAllText(profile, text);

        var cli = SuiteProcess.Run(SuiteProcess.Cli("validate-profile", profile), TimeSpan.FromMinutes(2));
        Assert.That(cli.ExitCode, Is.EqualTo(2), cli.Output);
        Assert.That(cli.Output, Does.Contain(profile).And.Contain("pixit.dutAdress").And.Contain("did you mean 'dutAddress'"));

        var results = Path.Combine(dir, "results");
        var run = SuiteProcess.Run(SuiteProcess.SuiteCommand(results, profile: profile), TimeSpan.FromMinutes(5));
        Assert.That(run.ExitCode, Is.Not.Zero, "a run with a broken profile must not succeed");
        Assert.That(run.Output, Does.Contain("pixit.dutAdress"));
        Assert.That(File.Exists(Path.Combine(results, "journal.jsonl")), Is.False, "no test may have run against a broken profile");
    }
}
