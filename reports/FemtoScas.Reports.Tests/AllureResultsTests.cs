using System.Text.Json;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class AllureResultsTests
{
    private static readonly string[] AllureStatuses = ["passed", "failed", "broken", "skipped", "unknown"];

    [Test]
    public void OneResultFilePerResultWithLabelsStatusesAndSteps()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var files = Directory.GetFiles(summary.AllureResultsDirectory, "*-result.json");
        Assert.That(files, Has.Length.EqualTo(9));
        var docs = files.Select(f => (File: f, Doc: JsonDocument.Parse(File.ReadAllText(f)))).ToList();
        try
        {
            foreach (var (file, doc) in docs)
            {
                var r = doc.RootElement;
                var uuid = r.GetProperty("uuid").GetString()!;
                Assert.That(Path.GetFileName(file), Is.EqualTo(uuid + "-result.json"));
                Assert.That(Guid.TryParse(uuid, out _), Is.True, uuid);
                foreach (var field in new[] { "historyId", "testCaseId", "name", "fullName", "status", "statusDetails", "stage", "start", "stop", "labels", "parameters", "steps", "attachments" })
                    Assert.That(r.TryGetProperty(field, out _), Is.True, $"{field} in {uuid}");
                Assert.That(AllureStatuses, Does.Contain(r.GetProperty("status").GetString()));
                Assert.That(r.GetProperty("stage").GetString(), Is.EqualTo("finished"));
                Assert.That(r.GetProperty("stop").GetInt64(), Is.GreaterThanOrEqualTo(r.GetProperty("start").GetInt64()));
                var labels = Labels(r);
                foreach (var name in new[] { "suite", "parentSuite", "subSuite", "tag", "spec", "clause", "verdict" })
                    Assert.That(labels.Any(l => l.Name == name), Is.True, $"label {name} in {uuid}");
                var verdict = labels.Single(l => l.Name == "verdict").Value;
                Assert.That(r.GetProperty("status").GetString(), Is.EqualTo(verdict switch
                {
                    "PASS" => "passed", "FAIL" => "failed", "NOT_APPLICABLE" => "skipped", _ => "broken",
                }), verdict);
                Assert.That(r.GetProperty("statusDetails").GetProperty("message").GetString(), Does.StartWith(verdict + ": "));
                Assert.That(labels.Single(l => l.Name == "parentSuite").Value, Is.EqualTo(labels.Single(l => l.Name == "spec").Value));
            }
            var devAuth = docs.Single(d => d.Doc.RootElement.GetProperty("name").GetString()!.StartsWith("NRF-DEVAUTH", StringComparison.Ordinal)).Doc.RootElement;
            var steps = devAuth.GetProperty("steps").EnumerateArray().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(Labels(devAuth).Single(l => l.Name == "subSuite").Value, Is.EqualTo("to be confirmed (baseline TS 33.320 5.2)"));
                Assert.That(devAuth.GetProperty("fullName").GetString(), Is.EqualTo("Ts33545.DeviceAuth.UntrustedSegw"));
                Assert.That(steps, Has.Count.EqualTo(4), "two journal steps and two findings");
                Assert.That(steps[0].GetProperty("name").GetString(), Is.EqualTo("arrange: DUT state reset"));
                Assert.That(steps[2].GetProperty("status").GetString(), Is.EqualTo("failed"), "the non-conforming finding");
                Assert.That(steps[3].GetProperty("status").GetString(), Is.EqualTo("passed"));
            });
        }
        finally
        {
            foreach (var (_, d) in docs) d.Dispose();
        }
    }

    [Test]
    public void EvidenceIsCopiedAsAnAttachmentAndTablesBecomeCsv()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var dir = summary.AllureResultsDirectory;
        var all = Directory.GetFiles(dir, "*-result.json").Select(f => JsonDocument.Parse(File.ReadAllText(f))).ToList();
        try
        {
            var devAuth = all.Single(d => d.RootElement.GetProperty("name").GetString()!.StartsWith("NRF-DEVAUTH", StringComparison.Ordinal)).RootElement;
            var attachment = devAuth.GetProperty("attachments")[0];
            var source = attachment.GetProperty("source").GetString()!;
            var crypto = all.Single(d => d.RootElement.GetProperty("name").GetString()!.StartsWith("NRF-CRYPTO", StringComparison.Ordinal)).RootElement;
            var csv = crypto.GetProperty("attachments").EnumerateArray().First();
            Assert.Multiple(() =>
            {
                Assert.That(source, Does.Match("^[0-9a-f-]{36}-attachment\\.pcapng$"));
                Assert.That(attachment.GetProperty("type").GetString(), Is.EqualTo("application/vnd.tcpdump.pcap"));
                Assert.That(attachment.GetProperty("name").GetString(), Does.Contain(run.EvidenceSha256));
                Assert.That(File.ReadAllBytes(Path.Combine(dir, source)), Is.EqualTo(run.EvidenceBytes));
                Assert.That(csv.GetProperty("type").GetString(), Is.EqualTo("text/csv"));
                Assert.That(File.ReadAllText(Path.Combine(dir, csv.GetProperty("source").GetString()!)), Does.Contain("\"ENCR_3DES\",\"no\",\"no <forbidden>\""));
            });
            // The attachment is the evidence file itself (a hard link), not a second copy: a byte
            // written into the evidence in place reads back through the attachment's name.
            using (var evidence = new FileStream(Path.Combine(run.Directory, SyntheticRun.EvidencePath), FileMode.Open, FileAccess.Write))
                evidence.WriteByte((byte)'N');
            Assert.That(File.ReadAllBytes(Path.Combine(dir, source))[0], Is.EqualTo((byte)'N'));
            Assert.That(run.EvidenceBytes[0], Is.Not.EqualTo((byte)'N'), "the write changed the first octet");
        }
        finally
        {
            foreach (var d in all) d.Dispose();
        }
    }

    [Test]
    public void EnvironmentAndExecutorFilesAreWrittenAndRewritingLeavesNoStaleResults()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        File.WriteAllText(Path.Combine(summary.AllureResultsDirectory, "00000000-0000-0000-0000-000000000000-result.json"), "{}");
        summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var env = File.ReadAllLines(Path.Combine(summary.AllureResultsDirectory, "environment.properties"));
        using var executor = JsonDocument.Parse(File.ReadAllText(Path.Combine(summary.AllureResultsDirectory, "executor.json")));
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(summary.AllureResultsDirectory, "*-result.json"), Has.Length.EqualTo(9));
            Assert.That(env, Does.Contain("run.id=run-2026-11-23-0900"));
            Assert.That(env, Does.Contain("tool.nmap=7.95"));
            Assert.That(env, Does.Contain("pics.ipv6=false"));
            Assert.That(env, Does.Contain("capture=available (CAP_NET_RAW)"));
            Assert.That(executor.RootElement.GetProperty("buildName").GetString(), Is.EqualTo("run-2026-11-23-0900"));
        });
    }

    [TestCase("a=b:c", false, @"a\=b\:c")]
    [TestCase(" lead", false, @"\ lead")]
    [TestCase("k e", true, @"k\ e")]
    [TestCase("é\n", false, @"\u00e9\n")]
    public void PropertiesAreEscaped(string raw, bool key, string expected) =>
        Assert.That(AllureWriter.PropertyEscape(raw, key), Is.EqualTo(expected));

    [Test]
    [CancelAfter(240_000)]
    public void AllureGenerateRendersTheResults()
    {
        var allure = FemtoScas.Harness.Tools.ToolVersions.Which("allure");
        if (allure is null)
            Assert.Ignore("allure (npm allure 3) is not on PATH; install it with `npm install -g allure` to run this test");
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var output = Path.Combine(run.Directory, "allure-report");
        var result = FemtoScas.Harness.Tools.ExternalTool.RunAsync(allure!, ["generate", summary.AllureResultsDirectory, "--output", output],
            TimeSpan.FromSeconds(180), CancellationToken.None, workingDirectory: run.Directory).GetAwaiter().GetResult();
        Assert.That(result.TimedOut, Is.False, "allure generate did not finish within 180 s");
        var (code, text) = (result.ExitCode, result.StandardOutput + result.StandardError);
        Assert.That(code, Is.Zero, text);
        Assert.That(Path.Combine(output, "index.html"), Does.Exist, text);
        // Allure 3's summary.json holds what it understood: every result, none folded away as a retry.
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var s = stats.RootElement.GetProperty("stats");
        int Stat(string name) => s.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
        Assert.Multiple(() =>
        {
            Assert.That(Stat("total"), Is.EqualTo(9), s.GetRawText());
            Assert.That(Stat("passed"), Is.EqualTo(1), s.GetRawText());
            Assert.That(Stat("failed"), Is.EqualTo(2), s.GetRawText());
            Assert.That(Stat("broken"), Is.EqualTo(5), "ERROR, INCONCLUSIVE and 3 NOT_EXECUTED: " + s.GetRawText());
            Assert.That(Stat("skipped"), Is.EqualTo(1), "NOT_APPLICABLE only: " + s.GetRawText());
            Assert.That(Stat("retries"), Is.Zero, s.GetRawText());
            Assert.That(Directory.GetFiles(Path.Combine(output, "data", "attachments"), "*.pcapng"), Has.Length.EqualTo(1), "the evidence reached the report");
        });
    }

    private static List<(string Name, string Value)> Labels(JsonElement r) =>
        r.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("name").GetString()!, l.GetProperty("value").GetString()!)).ToList();
}
