using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports;

/// <summary>What <see cref="ReportWriter.WriteAll"/> wrote: absolute paths, counts per verdict wire name, and the problems it found.</summary>
public sealed record ReportSummary(
    string ComplianceJson,
    string ComplianceHtml,
    string JUnitXml,
    string AllureResultsDirectory,
    IReadOnlyDictionary<string, int> VerdictCounts,
    IReadOnlyList<string> Problems);

/// <summary>Builds every report of a run from its journal; the journal is the only input.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Reads journal.jsonl (via <see cref="RunJournal.Read"/>), writes compliance.json,
    /// compliance.html, junit.xml and allure-results/ into <paramref name="outputDirectory"/>,
    /// and returns what it wrote. Evidence paths in the journal are relative to the journal's
    /// folder; links are computed from the output folder, so they hold when the two differ.
    /// </summary>
    public static ReportSummary WriteAll(string journalPath, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journalPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var journalFull = Path.GetFullPath(journalPath);
        var journal = RunJournal.Read(journalFull);
        var output = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(output);
        var report = ComplianceReportBuilder.Build(journal, Path.GetDirectoryName(journalFull)!, output, DateTimeOffset.UtcNow);

        var json = Path.Combine(output, ComplianceJsonWriter.FileName);
        ComplianceJsonWriter.Write(report, json);
        var html = Path.Combine(output, ComplianceHtmlWriter.FileName);
        ComplianceHtmlWriter.Write(report, html);
        var junit = Path.Combine(output, JUnitWriter.FileName);
        JUnitWriter.Write(report, junit);
        var allure = Path.Combine(output, AllureWriter.DirectoryName);
        AllureWriter.Write(report, allure);
        return new ReportSummary(json, html, junit, allure, report.WireCounts, report.Problems);
    }
}
