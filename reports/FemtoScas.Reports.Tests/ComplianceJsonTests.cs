using System.Text.Json;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class ComplianceJsonTests
{
    private static readonly string[] TopLevel =
        ["schema", "generatedAt", "generator", "run", "dut", "profile", "faults", "pics", "catalogueFiles", "cryptoProfileFiles", "iso17025", "deviations", "problems", "summary", "coverage", "matrixRule", "matrix", "cryptoProfile", "results"];

    private static readonly string[] Verdicts = ["PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "ERROR", "NOT_EXECUTED"];

    private static (JsonDocument Doc, ReportSummary Summary) Write(SyntheticRun run)
    {
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        return (JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson)), summary);
    }

    [Test]
    public void TopLevelFieldsAndRunMetadataFollowTheSchema()
    {
        using var run = new SyntheticRun();
        var (doc, _) = Write(run);
        using var _d = doc;
        var root = doc.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name).ToArray(), Is.EqualTo(TopLevel));
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("femtoscas.compliance/1"));
        var r = root.GetProperty("run");
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("runId").GetString(), Is.EqualTo("run-2026-11-23-0900"));
            Assert.That(r.GetProperty("startedAt").GetString(), Is.EqualTo("2026-11-23T09:00:00.0000000+00:00"));
            Assert.That(r.GetProperty("finishedAt").GetString(), Is.EqualTo("2026-11-23T09:10:00.0000000+00:00"));
            Assert.That(r.GetProperty("outcome").GetString(), Is.EqualTo("completed"));
            Assert.That(r.GetProperty("tools").GetProperty("nmap").GetString(), Is.EqualTo("7.95"));
            Assert.That(r.GetProperty("captureCapability").GetString(), Is.EqualTo("available (CAP_NET_RAW)"));
            Assert.That(root.GetProperty("dut").GetProperty("serialNumber").GetString(), Is.EqualTo("SIM-0001"));
            Assert.That(root.GetProperty("profile").GetProperty("sha256").GetString(), Is.EqualTo(new string('a', 64)));
            Assert.That(root.GetProperty("faults")[0].GetString(), Is.EqualTo("accept-untrusted-segw"));
            Assert.That(root.GetProperty("pics").GetProperty("ipv6").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("problems").GetArrayLength(), Is.Zero, "a clean synthetic run has no problems");
        });
    }

    [Test]
    public void EveryVerdictIsCountedAndSpelledAsOnTheWire()
    {
        using var run = new SyntheticRun();
        var (doc, summary) = Write(run);
        using var _d = doc;
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        var verdicts = results.Select(r => r.GetProperty("verdict").GetString()!).ToList();
        Assert.That(verdicts.Distinct(), Is.EquivalentTo(Verdicts), "every verdict occurs, and nothing else");
        var expected = new Dictionary<string, int>
        {
            ["PASS"] = 1, ["FAIL"] = 2, ["INCONCLUSIVE"] = 1, ["NOT_APPLICABLE"] = 1, ["ERROR"] = 1, ["NOT_EXECUTED"] = 3,
        };
        var sum = doc.RootElement.GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(9));
            Assert.That(sum.GetProperty("total").GetInt32(), Is.EqualTo(9));
            foreach (var (v, n) in expected)
            {
                Assert.That(sum.GetProperty(v).GetInt32(), Is.EqualTo(n), v);
                Assert.That(verdicts.Count(x => x == v), Is.EqualTo(n), v);
                Assert.That(summary.VerdictCounts[v], Is.EqualTo(n), v);
            }
        });
    }

    [Test]
    public void ADecidedResultCarriesItsFieldsAndEvidence()
    {
        using var run = new SyntheticRun();
        var (doc, _) = Write(run);
        using var _d = doc;
        var r = doc.RootElement.GetProperty("results").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "NRF-DEVAUTH");
        foreach (var field in new[] { "id", "spec", "specVersion", "clause", "title", "verdict", "reason", "testName", "startedAt", "finishedAt", "durationSeconds", "steps", "findings", "tables", "evidence" })
            Assert.That(r.TryGetProperty(field, out _), Is.True, field);
        var e = r.GetProperty("evidence")[0];
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("spec").GetString(), Is.EqualTo("TS 33.545"));
            Assert.That(r.GetProperty("clause").GetString(), Is.EqualTo("to be confirmed (baseline TS 33.320 5.2)"));
            Assert.That(r.GetProperty("reason").GetString(), Is.EqualTo(SyntheticRun.ScriptReason), "JSON keeps the text exact; escaping is the HTML writer's job");
            Assert.That(r.GetProperty("durationSeconds").GetDouble(), Is.EqualTo(2.5));
            Assert.That(r.GetProperty("steps").GetArrayLength(), Is.EqualTo(2));
            Assert.That(r.GetProperty("findings")[0].GetProperty("conforms").GetBoolean(), Is.False);
            Assert.That(e.GetProperty("path").GetString(), Is.EqualTo(SyntheticRun.EvidencePath));
            Assert.That(e.GetProperty("sha256").GetString(), Is.EqualTo(run.EvidenceSha256));
            Assert.That(e.GetProperty("bytes").GetInt64(), Is.EqualTo(run.EvidenceBytes.Length));
            Assert.That(e.GetProperty("kind").GetString(), Is.EqualTo("pcapng"));
            Assert.That(e.GetProperty("description").GetString(), Does.StartWith("harness-side capture"));
            Assert.That(e.GetProperty("check").GetString(), Is.EqualTo("verified"));
        });
    }

    [Test]
    public void CatalogueRecordsNoTestDecidedAreNotExecutedWithTheirAutomationReason()
    {
        using var run = new SyntheticRun();
        var (doc, _) = Write(run);
        using var _d = doc;
        var byId = doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(x => x.GetProperty("verdict").GetString() == "NOT_EXECUTED")
            .ToDictionary(x => x.GetProperty("id").GetString()!, x => x);
        Assert.Multiple(() =>
        {
            Assert.That(byId.Keys, Is.EquivalentTo(new[] { "NRF-HPM", "NRF-DOC", "NRF-LATE" }));
            Assert.That(byId["NRF-HPM"].GetProperty("reason").GetString(), Is.EqualTo("not implemented: needs the PC/SC reader role"));
            Assert.That(byId["NRF-DOC"].GetProperty("reason").GetString(), Does.StartWith("documentation review: vendor documentation"));
            Assert.That(byId["NRF-LATE"].GetProperty("reason").GetString(), Is.EqualTo("no test case ran in this run"));
            Assert.That(byId["NRF-LATE"].GetProperty("testName").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(byId["NRF-LATE"].GetProperty("startedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void AnUnfinishedRunHasNullFinishedAtAndSaysSo()
    {
        using var run = new SyntheticRun(finished: false);
        var (doc, summary) = Write(run);
        using var _d = doc;
        var r = doc.RootElement.GetProperty("run");
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("finishedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(r.GetProperty("finished").GetBoolean(), Is.False);
            Assert.That(r.GetProperty("outcome").GetString(), Is.EqualTo("unfinished"));
            Assert.That(summary.Problems, Has.Some.Contains("did not finish"));
            Assert.That(doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()), Has.Some.Contains("did not finish"));
            var late = doc.RootElement.GetProperty("results").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "NRF-LATE");
            Assert.That(late.GetProperty("reason").GetString(), Is.EqualTo("no test case ran in this run (the run did not finish)"));
        });
    }

    [Test]
    public void ATornLastLineIsAProblemNotACrash()
    {
        using var run = new SyntheticRun(finished: false, tornLastLine: true);
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        Assert.Multiple(() =>
        {
            Assert.That(summary.Problems, Has.Some.Contains("unreadable entry skipped"));
            Assert.That(summary.VerdictCounts["NOT_EXECUTED"], Is.EqualTo(3), "the torn NRF-LATE line decided nothing");
            Assert.That(File.Exists(summary.ComplianceHtml), Is.True);
        });
    }

    [Test]
    public void AnUnknownVerdictBecomesErrorAndAnUnknownIdStillGetsAResult()
    {
        using var run = new SyntheticRun(extra: w =>
        {
            w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Late", "PASSED", "spelled wrong", 7));
            w.Append(SyntheticRun.Test("NRF-GHOST", "Ts33545.Ghost", "PASS", "record was removed", 8));
        });
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        var late = results.Single(x => x.GetProperty("id").GetString() == "NRF-LATE");
        var ghost = results.Single(x => x.GetProperty("id").GetString() == "NRF-GHOST");
        Assert.Multiple(() =>
        {
            Assert.That(late.GetProperty("verdict").GetString(), Is.EqualTo("ERROR"));
            Assert.That(late.GetProperty("reason").GetString(), Does.Contain("'PASSED', which is not a verdict"));
            Assert.That(ghost.GetProperty("verdict").GetString(), Is.EqualTo("PASS"));
            Assert.That(ghost.GetProperty("spec").GetString(), Is.EqualTo("unknown"));
            Assert.That(summary.Problems, Has.Some.Contains("'NRF-GHOST', which the catalogue snapshot does not hold"));
            Assert.That(summary.Problems, Has.Some.Contains("'PASSED' is not a verdict"));
        });
    }

    [Test]
    public void ALoneSurrogateInAJournalLineNeverBreaksTheWriters()
    {
        using var run = new SyntheticRun();
        var line = File.ReadAllLines(run.JournalPath).First(l => l.Contains("Ts33545.Cag.Access", StringComparison.Ordinal))
            .Replace("capture failed", "capture \\ud800 \\udfff failed", StringComparison.Ordinal);
        File.AppendAllText(run.JournalPath, line + "\n");
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        // System.Text.Json refuses a lone surrogate, so the lenient reader drops the line and says so.
        Assert.That(summary.VerdictCounts.Values.Sum(), Is.EqualTo(9));
        Assert.That(summary.Problems, Has.Some.Contains("line 9: unreadable entry skipped"));
        Assert.That(File.Exists(summary.JUnitXml) && File.Exists(summary.ComplianceHtml), Is.True);
    }
}
