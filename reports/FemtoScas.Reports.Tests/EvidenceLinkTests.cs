using System.Text.Json;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class EvidenceLinkTests
{
    private const string EncodedEvidence = "evidence/NRF-DEVAUTH/ike%20handshake.pcapng";

    [Test]
    public void LinksAreRelativeToTheJournalFolderWhenTheReportSitsThere()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var html = File.ReadAllText(summary.ComplianceHtml);
        Assert.That(html, Does.Contain($"<a href=\"{EncodedEvidence}\">"));
        Assert.That(ResolveHref(Path.GetDirectoryName(summary.ComplianceHtml)!, EncodedEvidence), Does.Exist);
    }

    [Test]
    public void LinksStillResolveWhenTheReportIsWrittenElsewhere()
    {
        using var run = new SyntheticRun();
        var output = Path.Combine(run.Directory, "reports", "copy");
        var summary = ReportWriter.WriteAll(run.JournalPath, output);
        var html = File.ReadAllText(summary.ComplianceHtml);
        var expected = "../../" + EncodedEvidence;
        Assert.That(html, Does.Contain($"<a href=\"{expected}\">"));
        Assert.That(ResolveHref(output, expected), Does.Exist);
        Assert.That(new FileInfo(ResolveHref(output, expected)).Length, Is.EqualTo(run.EvidenceBytes.Length));
    }

    [Test]
    public void MissingChangedAndEscapingEvidenceAreProblemsAndNeverLinked()
    {
        var outside = new EvidenceFile("../../etc/passwd", new string('0', 64), 10, "text", "escapes the results folder");
        var scheme = new EvidenceFile("javascript:alert(1)", new string('0', 64), 10, "text", "a scheme, not a path");
        var missing = new EvidenceFile("evidence/gone.txt", new string('0', 64), 10, "text", "never written");
        var changed = new EvidenceFile(SyntheticRun.EvidencePath, new string('f', 64), 10, "pcapng", "hash recorded wrong");
        using var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Late", "PASS", "ok", 7,
            evidence: [outside, scheme, missing, changed])));
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var html = File.ReadAllText(summary.ComplianceHtml);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var checks = doc.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("testName").ValueKind == JsonValueKind.String && r.GetProperty("testName").GetString() == "Ts33545.Late")
            .GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("check").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(checks, Is.EqualTo(new[] { "outside-results-folder", "outside-results-folder", "missing", "sha256-mismatch" }));
            Assert.That(summary.Problems, Has.Some.Contains("'../../etc/passwd' leaves the results folder"));
            Assert.That(summary.Problems, Has.Some.Contains("'javascript:alert(1)' is not relative"));
            Assert.That(summary.Problems, Has.Some.Contains("'evidence/gone.txt' is missing"));
            Assert.That(summary.Problems, Has.Some.Contains("changed after the run"));
            Assert.That(html, Does.Not.Contain("href=\"../../etc"));
            Assert.That(html, Does.Not.Contain("href=\"javascript"));
        });
    }

    private static string ResolveHref(string fromDirectory, string href) =>
        Path.GetFullPath(Path.Combine(fromDirectory, Uri.UnescapeDataString(href)));
}
