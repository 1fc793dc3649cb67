using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Pdf;
using FemtoScas.Reports.Sealing;

namespace FemtoScas.Reports;

/// <summary>What <see cref="ReportWriter.WriteAll(string, string)"/> wrote: absolute paths, counts per verdict wire name, and the problems it found.</summary>
public sealed record ReportSummary(
    string ComplianceJson,
    string ComplianceHtml,
    string JUnitXml,
    string AllureResultsDirectory,
    IReadOnlyDictionary<string, int> VerdictCounts,
    IReadOnlyList<string> Problems)
{
    /// <summary>Results whose evidence no longer matches the journal (changed or missing): marked in every report format.</summary>
    public IReadOnlyList<string> EvidenceChanged { get; init; } = [];
    /// <summary>Input files (journal, evidence, logs) that differ from an earlier seal of the folder.</summary>
    public IReadOnlyList<string> ChangedSinceSeal { get; init; } = [];
    /// <summary>compliance.pdf, or null when none was printed (<see cref="PdfNote"/> says why).</summary>
    public string? CompliancePdf { get; init; }
    /// <summary>One line on the PDF: where it came from, or why there is none; null when none was asked for.</summary>
    public string? PdfNote { get; init; }
    /// <summary>The seal written after the reports, or null when none was asked for.</summary>
    public SealResult? Seal { get; init; }

    /// <summary>True when the reports may be trusted as a record of the run: evidence intact and nothing changed since an earlier seal.</summary>
    public bool EvidenceIntact => EvidenceChanged.Count == 0 && ChangedSinceSeal.Count == 0;
}

/// <summary>Builds every report of a run from its journal; the journal is the only input.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Reads journal.jsonl (via <see cref="RunJournal.Read"/>), writes compliance.json,
    /// compliance.html, junit.xml and allure-results/ into <paramref name="outputDirectory"/>,
    /// and returns what it wrote. Evidence paths in the journal are relative to the journal's
    /// folder; links are computed from the output folder, so they hold when the two differ.
    /// Writes no seal: see <see cref="WriteAndSeal"/>.
    /// </summary>
    public static ReportSummary WriteAll(string journalPath, string outputDirectory) => Write(journalPath, outputDirectory, [], null, []);

    /// <summary>
    /// As <see cref="WriteAll(string, string)"/>, then seals the results folder (manifest, the lab's
    /// signature when <paramref name="lab"/> names a key, the hand-off archive). When the folder was
    /// sealed before, its inputs (journal, evidence, logs) are first checked against that seal: a
    /// difference is a problem in every report and in <see cref="ReportSummary.ChangedSinceSeal"/>,
    /// and the earlier seal is left in place (no new manifest blesses the altered files).
    /// Sealing needs the reports beside the journal; with another output folder nothing is sealed.
    /// Before sealing, compliance.pdf is printed from compliance.html (<see cref="CompliancePdfWriter"/>)
    /// unless <paramref name="printPdf"/> is false; without Chromium there is none and
    /// <see cref="ReportSummary.PdfNote"/> says why. The manifest lists the PDF like every other file.
    /// A <c>reviewFile</c> (documentation-review answers, <see cref="DocumentationReviewFile"/>) is
    /// checked strictly against the run's catalogue, then copied into the results folder as
    /// <see cref="DocumentationReviewFile.FileName"/> when the reports are written there, so the
    /// manifest hashes (and the lab's signature covers) it like evidence and later rebuilds use it.
    /// </summary>
    public static ReportSummary WriteAndSeal(string journalPath, string outputDirectory, LabFile? lab, bool printPdf = true, string? reviewFile = null)
    {
        var journalDirectory = Path.GetDirectoryName(Path.GetFullPath(journalPath))!;
        var sealHere = string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory)),
            Path.TrimEndingDirectorySeparator(journalDirectory), StringComparison.Ordinal);
        DocumentationReviewFile? reviews = null;
        if (reviewFile is not null)
        {
            reviews = DocumentationReviewFile.Load(reviewFile);
            reviews.CheckAgainst(RunJournal.Read(Path.GetFullPath(journalPath)).Start.Catalogue ?? []);
            if (sealHere)
            {
                var copy = Path.Combine(journalDirectory, DocumentationReviewFile.FileName);
                if (!string.Equals(Path.GetFullPath(reviewFile), copy, StringComparison.Ordinal)) File.Copy(reviewFile, copy, overwrite: true);
                reviews = reviews with { File = copy };
            }
        }
        var changed = sealHere ? ChangedSinceEarlierSeal(journalDirectory) : [];
        var problems = changed.Select(c => $"since the folder was sealed, {c}: the journal or its evidence was altered after the run").ToList();
        var summary = Write(journalPath, outputDirectory, problems, reviews, []) with { ChangedSinceSeal = changed };
        summary = printPdf ? PrintPdf(journalPath, summary) : summary with { PdfNote = "no PDF: the run parameter Pdf is false" };
        // Inputs changed since the earlier seal: that seal stays, so verify keeps naming the change;
        // a fresh manifest would bless the altered files.
        if (!sealHere || changed.Count > 0) return summary;
        var runId = RunJournal.Read(Path.GetFullPath(journalPath)).Start.RunId;
        var seal = RunSeal.Seal(journalDirectory, runId, lab, DateTimeOffset.UtcNow);
        if (seal.TimestampDeviation is not { } deviation) return summary with { Seal = seal };
        // The TSA failed. Its answer could not be known before the reports were written (the timestamp
        // covers the signature over the manifest over the reports), so the reports are written again
        // with the deviation in their deviations list, the PDF printed again, and the folder sealed
        // again without asking the TSA a second time: manifest.json records the same deviation text,
        // and the new manifest lists the reports that state it. A second request could succeed and
        // leave reports that claim a deviation the seal does not have.
        summary = Write(journalPath, outputDirectory, problems, reviews, [deviation]) with { ChangedSinceSeal = changed };
        summary = printPdf ? PrintPdf(journalPath, summary) : summary with { PdfNote = "no PDF: the run parameter Pdf is false" };
        return summary with { Seal = RunSeal.Seal(journalDirectory, runId, lab, DateTimeOffset.UtcNow, knownTimestampDeviation: deviation) };
    }

    /// <summary>compliance.pdf beside compliance.html, with the run id and the DUT on every page.</summary>
    public static ReportSummary PrintPdf(string journalPath, ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var start = RunJournal.Read(Path.GetFullPath(journalPath)).Start;
        var pdf = Path.Combine(Path.GetDirectoryName(summary.ComplianceHtml)!, CompliancePdfWriter.FileName);
        var outcome = CompliancePdfWriter.Write(summary.ComplianceHtml, pdf, start.RunId, start.Dut?.Name ?? "unnamed DUT");
        return summary with { CompliancePdf = outcome.Path, PdfNote = outcome.Note };
    }

    /// <summary>The answers copied into the results folder by an earlier report; a damaged copy is a listed problem, its verdicts unused.</summary>
    private static DocumentationReviewFile? StoredReviews(string journalDirectory, RunJournal journal, List<string> problems)
    {
        var copy = Path.Combine(journalDirectory, DocumentationReviewFile.FileName);
        if (!File.Exists(copy)) return null;
        try
        {
            var reviews = DocumentationReviewFile.Load(copy);
            reviews.CheckAgainst(journal.Start.Catalogue ?? []);
            return reviews;
        }
        catch (Harness.Data.DataFileException e)
        {
            problems.Add($"{DocumentationReviewFile.FileName} is not used: {e.Message}");
            return null;
        }
    }

    private static List<string> ChangedSinceEarlierSeal(string directory)
    {
        var manifestPath = Path.Combine(directory, RunManifest.FileName);
        if (!File.Exists(manifestPath)) return [];
        var problems = new List<string>();
        var manifest = RunManifest.Parse(File.ReadAllBytes(manifestPath), problems);
        if (manifest is null) return [.. problems];
        var actual = RunManifest.Scan(directory, problems);
        return [.. problems, .. manifest.Compare(actual, p => !RunManifest.IsRebuiltByReport(p))];
    }

    private static ReportSummary Write(string journalPath, string outputDirectory, IReadOnlyList<string> extraProblems, DocumentationReviewFile? reviews,
        IReadOnlyList<string> sealDeviations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journalPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var journalFull = Path.GetFullPath(journalPath);
        var journal = RunJournal.Read(journalFull);
        var output = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(output);
        var problems = new List<string>(extraProblems);
        reviews ??= StoredReviews(Path.GetDirectoryName(journalFull)!, journal, problems);
        var report = ComplianceReportBuilder.Build(journal, Path.GetDirectoryName(journalFull)!, output, DateTimeOffset.UtcNow, problems, reviews)
            with { SealDeviations = sealDeviations };

        var json = Path.Combine(output, ComplianceJsonWriter.FileName);
        ComplianceJsonWriter.Write(report, json);
        var html = Path.Combine(output, ComplianceHtmlWriter.FileName);
        ComplianceHtmlWriter.Write(report, html);
        var junit = Path.Combine(output, JUnitWriter.FileName);
        JUnitWriter.Write(report, junit);
        var allure = Path.Combine(output, AllureWriter.DirectoryName);
        AllureWriter.Write(report, allure);
        return new ReportSummary(json, html, junit, allure, report.WireCounts, report.Problems)
        {
            EvidenceChanged = report.Results.Where(r => r.EvidenceChanged).Select(r => $"{r.Id} ({r.TestName})").ToList(),
        };
    }
}
