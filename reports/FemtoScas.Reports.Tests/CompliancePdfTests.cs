using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FemtoScas.Reports.Pdf;
using FemtoScas.Reports.Sealing;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// compliance.pdf printed by headless Chromium from the fixed journal of <see cref="SyntheticRun"/>,
/// read back page by page with poppler's pdftotext (Debian poppler-utils): page numbers and the run
/// id on every page, the executive first page with the coverage per specification, contents, no
/// section heading left alone at a page foot, unbroken IDs in the clause matrix, the PDF sealed.
/// </summary>
[TestFixture]
public sealed partial class CompliancePdfTests
{
    private const string RunId = "run-2026-11-23-0900";

    /// <summary>The h2 headings of compliance.html: none may be the last line of a page.</summary>
    private static readonly string[] SectionHeadings =
        ["Contents", "Summary", "Laboratory, test method and deviations", "Run and device under test", "Crypto profile", "Clause matrix", "Results", "Conclusion", "Coverage per specification"];

    [Test]
    [CancelAfter(60_000)]
    public void ThePdfHasPageNumbersTheRunIdOnEveryPageAndCoverageOnPageOne()
    {
        var chromium = CompliancePdfWriter.FindChromium();
        if (chromium is null) Assert.Ignore("chromium is not installed (apt chromium): no PDF to check");
        if (!File.Exists("/usr/bin/pdftotext") || !File.Exists("/usr/bin/pdfinfo")) Assert.Ignore("pdftotext/pdfinfo are not installed (apt poppler-utils)");
        using var run = new SyntheticRun();

        var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null);

        Assert.That(summary.CompliancePdf, Is.Not.Null, summary.PdfNote);
        var pdf = summary.CompliancePdf!;
        var pages = PageCount(pdf);
        // pdftotext ends every page with a form feed.
        var text = Run("/usr/bin/pdftotext", "-layout", pdf, "-").Split('\f').SkipLast(1).ToList();
        var matrixPage = text.FindIndex(t => t.Contains("Clause matrix", StringComparison.Ordinal) && t.Contains("automation", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            // Cover, contents, summary/lab/run, crypto profile, matrix on its own page, nine results.
            Assert.That(pages, Is.InRange(5, 14), "the small fixed report prints to a handful of pages");
            Assert.That(text, Has.Count.EqualTo(pages), "pdftotext finds as many pages as pdfinfo");
            for (var p = 1; p <= pages; p++)
            {
                Assert.That(text[p - 1], Does.Contain(RunId), $"run id on page {p}");
                Assert.That(text[p - 1], Does.Contain($"page {p} of {pages}"), $"page number on page {p}");
                Assert.That(text[p - 1], Does.Contain("DUT SimFemto <b>clean</b>"), $"DUT in the running header of page {p}");
                var last = LastBodyLine(text[p - 1]);
                Assert.That(SectionHeadings, Does.Not.Contain(last), $"page {p} ends with the heading '{last}' (stranded)");
            }

            var cover = text[0];
            Assert.That(cover, Does.Contain("FemtoScas compliance report"));
            Assert.That(cover, Does.Contain("Coverage per specification"));
            Assert.That(Squeeze(cover), Does.Contain("TS 33.545 1 of 6").And.Contain("TS 33.117 1 of 1"), "decided of applicable per specification");
            Assert.That(cover, Does.Contain("NOT CONFORMANT"), "the conclusion");
            Assert.That(cover, Does.Contain("SIM-0001").And.Contain("Laboratory"));
            Assert.That(cover, Does.Not.Contain("PICS condition"), "the executive page stands alone");
            Assert.That(text[1], Does.Contain("Contents").And.Contain("Clause matrix").And.Contain("NRF-DEVAUTH"));

            Assert.That(matrixPage, Is.GreaterThan(1), "the clause matrix starts on a page of its own");
            if (matrixPage > 1) Assert.That(text[matrixPage], Does.Contain("TS33117-4.2.3.2.2").And.Contain("TS 33.117"), "matrix IDs and specifications unbroken");

            Assert.That(File.ReadAllText(Path.Combine(run.Directory, RunManifest.FileName)), Does.Contain("\"path\": \"compliance.pdf\""), "the seal lists the PDF");
        });
    }

    [Test]
    public void WithoutChromiumThereIsNoPdfAndALineSaysWhy()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var pdf = Path.Combine(run.Directory, CompliancePdfWriter.FileName);
        File.WriteAllText(pdf, "%PDF- stale, from an earlier report");

        var outcome = CompliancePdfWriter.Write(summary.ComplianceHtml, pdf, RunId, "SimFemto", chromium: Path.Combine(run.Directory, "no-chromium-here"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Path, Is.Null);
            Assert.That(outcome.Note, Does.Contain("Chromium is not installed").And.Contain("compliance.html holds the same report"));
            Assert.That(pdf, Does.Not.Exist, "a stale PDF never sits beside a newer HTML report");
        });
    }

    [Test]
    public void TheRunningHeaderEncodesWhatTheDutNamesItself()
    {
        var (header, footer) = CompliancePdfWriter.Templates("run-<1>", "Femto <img src=x onerror=alert(1)>");
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.Not.Contain("<img"));
            Assert.That(header, Does.Contain("Femto &lt;img src=x onerror=alert(1)&gt;").And.Contain("run-&lt;1&gt;"));
            Assert.That(footer, Does.Contain("<span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span>"));
        });
    }

    /// <summary>
    /// The contents' page numbers, read by pdftotext (not by the outline the writer used) and checked against the
    /// page on which each result's heading is printed: that page holds "ID — title", no page between the contents
    /// and it does; the sections likewise. Nothing of the second pass is left in the folder.
    /// </summary>
    [Test]
    [CancelAfter(120_000)]
    public void TheContentsPageNumbersAreThePagesOfTheHeadings()
    {
        var chromium = CompliancePdfWriter.FindChromium();
        if (chromium is null) Assert.Ignore("chromium is not installed (apt chromium): no PDF to check");
        if (!File.Exists("/usr/bin/pdftotext") || !File.Exists("/usr/bin/pdftohtml")) Assert.Ignore("pdftotext/pdftohtml are not installed (apt poppler-utils)");
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null);
        Assert.That(summary.CompliancePdf, Is.Not.Null, summary.PdfNote);
        Assert.That(summary.PdfNote, Does.Contain("contents page numbers from the PDF's outline"));
        var pdf = summary.CompliancePdf!;
        var pages = Run("/usr/bin/pdftotext", "-layout", pdf, "-").Split('\f').SkipLast(1).Select(Squeeze).ToList();
        var contents = pages.FindIndex(p => p.Contains("Contents", StringComparison.Ordinal) && p.Contains("Clause matrix", StringComparison.Ordinal));
        Assert.That(contents, Is.GreaterThan(0));
        var contentsText = pages[contents];

        var checkedEntries = 0;
        foreach (var (id, title) in SyntheticRun.Catalogue.Select(r => (r.Id, r.Title)).Distinct())
        {
            // "ID title VERDICT n" on a line of the contents page (one column in print, the number at the line's end).
            var m = Regex.Match(contentsText, Regex.Escape(id) + " " + Regex.Escape(title) + @" (?:PASS|FAIL|INCONCLUSIVE|ERROR|NOT_EXECUTED|NOT_APPLICABLE) (\d+)\b");
            Assert.That(m.Success, Is.True, $"{id}: no page number in the contents: {contentsText}");
            var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.That(n, Is.InRange(contents + 2, pages.Count), id);
            var heading = $"{id} \u2014 {title}";
            Assert.That(pages[n - 1], Does.Contain(heading), $"{id}: the contents say page {n}");
            for (var p = contents + 1; p < n - 1; p++)
                Assert.That(pages[p], Does.Not.Contain(heading), $"{id}: its heading is already on page {p + 1}, the contents say {n}");
            checkedEntries++;
        }
        Assert.That(checkedEntries, Is.EqualTo(SyntheticRun.Catalogue.Count));
        var matrix = Regex.Match(contentsText, @"Clause matrix (\d+)\b");
        Assert.That(matrix.Success, Is.True, contentsText);
        Assert.That(pages[int.Parse(matrix.Groups[1].Value, CultureInfo.InvariantCulture) - 1], Does.Contain("Clause matrix").And.Contain("automation"));
        Assert.That(Directory.GetFiles(run.Directory, ".compliance-print*"), Is.Empty);
        Assert.That(Directory.GetFiles(run.Directory, "*.unnumbered"), Is.Empty);
    }

    /// <summary>The last line of a page above the running footer (which says "page n of m").</summary>
    private static string LastBodyLine(string page)
    {
        var lines = page.Split('\n').Select(l => Squeeze(l)).Where(l => l.Length > 0).ToList();
        var body = lines.Where(l => !l.Contains(" of ", StringComparison.Ordinal) || !l.Contains("page ", StringComparison.Ordinal)).ToList();
        return body.Count == 0 ? "" : body[^1];
    }

    private static string Squeeze(string s) => Spaces().Replace(s, " ").Trim();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    private static int PageCount(string pdf)
    {
        var info = Run("/usr/bin/pdfinfo", pdf);
        var match = Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, info);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(20_000), Is.True, $"{tool} did not finish");
        Assert.That(p.ExitCode, Is.Zero, $"{tool}: {stderr.Result}");
        return stdout.Result;
    }
}
