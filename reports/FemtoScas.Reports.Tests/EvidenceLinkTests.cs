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
        var scheme = new EvidenceFile("javascript:alert(1)", new string('0', 64), 10, "text", "looks like a scheme");
        var drive = new EvidenceFile("C:/evidence/x.txt", new string('0', 64), 10, "text", "a Windows absolute path");
        var missing = new EvidenceFile("evidence/gone.txt", new string('0', 64), 10, "text", "never written");
        var changed = new EvidenceFile(SyntheticRun.EvidencePath, new string('f', 64), 10, "pcapng", "hash recorded wrong");
        using var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Late", "PASS", "ok", 7,
            evidence: [outside, scheme, drive, missing, changed])));
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var html = File.ReadAllText(summary.ComplianceHtml);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var checks = doc.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("testName").ValueKind == JsonValueKind.String && r.GetProperty("testName").GetString() == "Ts33545.Late")
            .GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("check").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(checks, Is.EqualTo(new[] { "outside-results-folder", "missing", "outside-results-folder", "missing", "sha256-mismatch" }));
            Assert.That(summary.Problems, Has.Some.Contains("'../../etc/passwd' leaves the results folder"));
            Assert.That(summary.Problems, Has.Some.Contains("'C:/evidence/x.txt' is not relative"));
            Assert.That(html, Does.Contain("href=\"javascript%3Aalert%281%29\""), "a colon is percent-encoded, so the link stays a relative path");
            Assert.That(summary.Problems, Has.Some.Contains("'evidence/gone.txt' is missing"));
            Assert.That(summary.Problems, Has.Some.Contains("changed after the run"));
            Assert.That(html, Does.Not.Contain("href=\"../../etc"));
            Assert.That(html, Does.Not.Contain("href=\"javascript:"));
        });
    }

    [Test]
    public void AColonInAFileNameIsLinkedPercentEncoded()
    {
        const string path = "evidence/capture 09:00.txt";
        var bytes = "tshark output"u8.ToArray();
        using var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Late", "PASS", "ok", 7,
            evidence: [new EvidenceFile(path, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bytes.Length, "text", "tool output")])));
        File.WriteAllBytes(Path.Combine(run.Directory, path), bytes);
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var html = File.ReadAllText(summary.ComplianceHtml);
        Assert.That(summary.Problems, Is.Empty);
        Assert.That(html, Does.Contain("<a href=\"evidence/capture%2009%3A00.txt\">"));
        Assert.That(ResolveHref(run.Directory, "evidence/capture%2009%3A00.txt"), Does.Exist);
    }

    private static string ResolveHref(string fromDirectory, string href) =>
        Path.GetFullPath(Path.Combine(fromDirectory, Uri.UnescapeDataString(href)));
}
