using System.Text;
using FemtoScas.Harness.Requirements;
using static FemtoScas.Reports.HtmlText;

namespace FemtoScas.Reports;

/// <summary>
/// compliance.html: one self-contained page (inline CSS, no script, no fetch) an auditor can open
/// offline years later. Order: who and what was tested, whether the run finished, counts, crypto
/// profile, clause matrix, then every result with its evidence.
/// </summary>
internal static class ComplianceHtmlWriter
{
    public const string FileName = "compliance.html";

    public static void Write(ComplianceReport report, string path) =>
        File.WriteAllText(path, Render(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public static string Render(ComplianceReport report)
    {
        var s = report.Start;
        var h = new StringBuilder(64 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // No network, no script: a hostile string that slipped through still could not fetch or run anything.
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>FemtoScas compliance report: ").Append(Encode(s.Dut?.Name)).Append("</title>\n");
        h.Append("<style>\n").Append(HtmlReportStyle.Css).Append("\n</style>\n</head>\n<body>\n");

        RenderCover(h, report);
        h.Append("<header>\n<h1>FemtoScas compliance report: ").Append(Encode(s.Dut?.Name)).Append("</h1>\n");
        h.Append("<div class=\"sub\">").Append(Encode($"{s.Dut?.Vendor} {s.Dut?.Model}, software {s.Dut?.SoftwareVersion}, serial {s.Dut?.SerialNumber}"))
            .Append(" &middot; run ").Append(Encode(s.RunId)).Append(" &middot; started ").Append(Encode(ComplianceJsonWriter.Iso(s.StartedAt))).Append("</div>\n</header>\n<main>\n");

        RenderContents(h, report);
        if (!report.Finished)
            h.Append("<div class=\"warn\" id=\"unfinished\" role=\"alert\">WARNING: this run did not finish (the journal has no run-finished entry). ")
             .Append("Only the test cases decided before it stopped are reported; every other record shows NOT_EXECUTED.</div>\n");
        if (s.Faults is { Count: > 0 })
            h.Append("<div class=\"faults\">Fault switches active in this run (the DUT was deliberately made non-conformant): <b>")
             .Append(Encode(string.Join(", ", s.Faults))).Append("</b></div>\n");
        if (report.Problems.Count > 0)
        {
            h.Append("<div class=\"warn\">Journal and evidence problems (").Append(report.Problems.Count).Append("):</div>\n<ul class=\"problems\">\n");
            foreach (var p in report.Problems) h.Append("<li>").Append(Encode(p)).Append("</li>\n");
            h.Append("</ul>\n");
        }

        RenderSummary(h, report);
        RenderIso17025(h, report);
        RenderRun(h, report);
        RenderCryptoProfile(h, report);
        RenderMatrix(h, report);

        h.Append("<h2 id=\"results\">Results</h2>\n");
        foreach (var r in report.Results) HtmlResultSection.Render(h, r);

        h.Append("</main>\n<footer>Generated ").Append(Encode(ComplianceJsonWriter.Iso(report.GeneratedAt)))
         .Append(" by FemtoScas.Reports from the run journal; machine-readable twin: <a href=\"compliance.json\">compliance.json</a> (")
         .Append(ComplianceJsonWriter.Schema).Append("). ").Append(Encode(VerdictOrder.Rule)).Append("</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void RenderRun(StringBuilder h, ComplianceReport report)
    {
        var s = report.Start;
        h.Append("<h2 id=\"run\">Run and device under test</h2>\n<table>\n");
        Row(h, "Run ID", s.RunId);
        Row(h, "Started", ComplianceJsonWriter.Iso(s.StartedAt));
        Row(h, "Finished", report.Journal.Finish is { } f ? ComplianceJsonWriter.Iso(f.FinishedAt) : "did not finish");
        Row(h, "Run outcome", report.Outcome);
        Row(h, "FemtoScas version", s.FemtoScasVersion);
        Row(h, "Host", s.Host);
        Row(h, "Operating system", s.OperatingSystem);
        Row(h, "Runtime", s.Runtime);
        Row(h, "Capture capability", s.CaptureCapability);
        Row(h, "DUT", $"{s.Dut?.Name} ({s.Dut?.Kind})");
        Row(h, "Vendor / model", $"{s.Dut?.Vendor} / {s.Dut?.Model}");
        Row(h, "Software version", s.Dut?.SoftwareVersion);
        Row(h, "Serial number", s.Dut?.SerialNumber);
        Row(h, "Profile", s.ProfileFile);
        Row(h, "Profile SHA-256", s.ProfileSha256, mono: true);
        Row(h, "Faults", s.Faults is { Count: > 0 } ? string.Join(", ", s.Faults) : "none");
        h.Append("</table>\n");

        h.Append("<h3>Tools</h3>\n<table><tr><th>tool</th><th>version</th></tr>\n");
        foreach (var (k, v) in (s.Tools ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            h.Append("<tr><td>").Append(Encode(k)).Append("</td><td>").Append(Encode(v)).Append("</td></tr>\n");
        h.Append("</table>\n<h3>PICS</h3>\n<table><tr><th>item</th><th>supported</th></tr>\n");
        foreach (var (k, v) in (s.Pics ?? new Dictionary<string, bool>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            h.Append("<tr><td>").Append(Encode(k)).Append("</td><td>").Append(v ? "yes" : "no").Append("</td></tr>\n");
        h.Append("</table>\n");
    }

    /// <summary>The ISO/IEC 17025 7.8.2.1 fields and the deviations from the method, before any detail.</summary>
    private static void RenderIso17025(StringBuilder h, ComplianceReport report)
    {
        h.Append("<h2 id=\"lab\">Laboratory, test method and deviations</h2>\n<table class=\"iso17025\">\n");
        foreach (var (key, label, value) in ReportFacts.Iso17025Fields(report))
            h.Append("<tr data-field=\"").Append(key).Append("\"><th>").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        h.Append("</table>\n<h3>Deviations from the test method</h3>\n");
        var deviations = ReportFacts.Deviations(report);
        if (deviations.Count == 0) h.Append("<p id=\"deviations\">none declared or observed</p>\n");
        else
        {
            h.Append("<ul id=\"deviations\">\n");
            foreach (var d in deviations) h.Append("<li>").Append(Encode(d)).Append("</li>\n");
            h.Append("</ul>\n");
        }
    }

    private static void RenderSummary(StringBuilder h, ComplianceReport report)
    {
        h.Append("<h2 id=\"summary\">Summary</h2>\n<div class=\"counts\">\n");
        foreach (var v in VerdictNames.All)
        {
            h.Append("<div class=\"count v-").Append(VerdictClass(v)).Append("\" data-verdict=\"").Append(v.Wire()).Append("\"><b>")
             .Append(report.Counts[v]).Append("</b>").Append(v.Wire()).Append("</div>\n");
        }
        h.Append("</div>\n<p>").Append(report.Results.Count).Append(" results for ").Append(report.Matrix.Count).Append(" catalogue records. ")
         .Append("<span class=\"error-note\">ERROR means a ").Append(VerdictOrder.ErrorMeaning).Append(": it says nothing about the DUT's conformance.</span></p>\n");
        h.Append("<p>NOT_APPLICABLE: the DUT's PICS rule the record out. NOT_EXECUTED: the record applies to this DUT and was not decided in this run.</p>\n");
        var changed = report.Results.Count(r => r.EvidenceChanged);
        if (changed > 0)
            h.Append("<div class=\"warn\" id=\"evidence-changed\" role=\"alert\">").Append(changed)
             .Append(" result(s) rest on evidence that changed or vanished after the run; they are marked EVIDENCE CHANGED below.</div>\n");
        h.Append("<h3>Coverage per specification</h3>\n<table class=\"coverage\"><tr><th>specification</th><th>records</th><th>applicable</th><th>decided (PASS or FAIL)</th><th>INCONCLUSIVE</th><th>ERROR</th><th>NOT_EXECUTED</th><th>NOT_APPLICABLE</th></tr>\n");
        foreach (var c in ReportFacts.Coverage(report))
            h.Append("<tr data-spec=\"").Append(Encode(c.Spec)).Append("\"><td>").Append(Encode(c.Spec)).Append("</td><td>").Append(c.Records)
             .Append("</td><td>").Append(c.Applicable).Append("</td><td><b>").Append(c.Decided).Append(" of ").Append(c.Applicable).Append("</b></td><td>")
             .Append(c.Inconclusive).Append("</td><td>").Append(c.Error).Append("</td><td>").Append(c.NotExecuted).Append("</td><td>").Append(c.NotApplicable).Append("</td></tr>\n");
        h.Append("</table>\n");
    }

    private static void RenderCryptoProfile(StringBuilder h, ComplianceReport report)
    {
        var tables = report.CryptoProfileTables.ToList();
        var sections = report.CryptoProfileSections.ToList();
        if (tables.Count == 0 && sections.Count == 0) return;
        h.Append("<h2 id=\"crypto-profile\">Crypto profile</h2>\n<div class=\"crypto\">\n");
        foreach (var (r, c) in sections)
        {
            h.Append("<p class=\"meta\">From <a href=\"#").Append(r.Anchor).Append("\">").Append(Encode(r.DisplayName)).Append("</a> ");
            h.Append(Badge(r.Verdict)).Append("</p>\n");
            HtmlResultSection.RenderCryptoProfile(h, c);
        }
        foreach (var (r, t) in tables)
        {
            h.Append("<p class=\"meta\">From <a href=\"#").Append(r.Anchor).Append("\">").Append(Encode(r.DisplayName)).Append("</a> ");
            h.Append(Badge(r.Verdict)).Append("</p>\n");
            HtmlResultSection.RenderTable(h, t);
        }
        h.Append("</div>\n");
    }

    private static void RenderMatrix(StringBuilder h, ComplianceReport report)
    {
        h.Append("<h2 id=\"matrix\">Clause matrix</h2>\n<p class=\"meta\">").Append(Encode(VerdictOrder.Rule)).Append("</p>\n");
        // thead: the print stylesheet repeats it on every page of the matrix.
        h.Append("<table class=\"matrix\">\n<thead><tr><th>spec</th><th>version</th><th>clause</th><th>ID</th><th>title</th><th>automation</th><th>PICS condition</th><th>applicable in this run</th><th>verdict</th></tr></thead>\n<tbody>\n");
        foreach (var row in report.Matrix)
        {
            h.Append("<tr><td class=\"spec\">").Append(Encode(row.Spec)).Append("</td><td>").Append(Encode(row.SpecVersion))
             .Append("</td><td>").Append(Encode(row.Clause)).Append("</td><td class=\"mono id\">").Append(Encode(row.Id))
             .Append("</td><td>").Append(Encode(row.Title)).Append("</td><td>")
             .Append(Encode(row.Automation is { } a ? AutomationNames.Display(a) : "unknown"));
            if (row.AutomationReason is not null) h.Append("<br><span class=\"meta\">").Append(Encode(row.AutomationReason)).Append("</span>");
            h.Append("</td><td class=\"mono\">").Append(Encode(row.PicsCondition)).Append("</td><td>");
            h.Append(row.NotApplicable ? "<b>not applicable</b>" : row.PicsSatisfied is null ? "unknown" : "yes");
            if (row.PicsExplanation is not null) h.Append("<br><span class=\"meta\">").Append(Encode(row.PicsExplanation)).Append("</span>");
            h.Append("</td><td>");
            foreach (var r in row.Results)
            {
                h.Append("<a href=\"#").Append(r.Anchor).Append("\">").Append(Badge(r.Verdict)).Append("</a> ");
                if (r.EvidenceChanged) h.Append(EvidenceChangedBadge).Append(' ');
            }
            if (row.Results.Count > 1) h.Append("<br>combined: ").Append(Badge(row.Verdict));
            if (row.Results.Count == 0) h.Append(Badge(row.Verdict));
            h.Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    /// <summary>
    /// The executive first page of the printed report (compliance.pdf): DUT, run, laboratory, the
    /// conclusion and coverage per specification. Print only: on screen the header and the summary
    /// say the same, and nothing is shown twice.
    /// </summary>
    private static void RenderCover(StringBuilder h, ComplianceReport report)
    {
        var s = report.Start;
        var fields = ReportFacts.Iso17025Fields(report).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        h.Append("<section class=\"cover print-only\" id=\"cover\">\n<p class=\"cover-kicker\">FemtoScas compliance report</p>\n<h1>")
         .Append(Encode(s.Dut?.Name)).Append("</h1>\n<table class=\"cover-facts\">\n");
        Row(h, "Device under test", $"{s.Dut?.Vendor} {s.Dut?.Model}, software {s.Dut?.SoftwareVersion}, serial {s.Dut?.SerialNumber}");
        Row(h, "Run ID", s.RunId, mono: true);
        Row(h, "Testing", $"{ComplianceJsonWriter.Iso(s.StartedAt)} to {(report.Journal.Finish is { } f ? ComplianceJsonWriter.Iso(f.FinishedAt) : "(did not finish)")}");
        Row(h, "Laboratory", fields["laboratory"] + (fields["accreditationId"] != ReportFacts.NotGiven ? $" (accreditation {fields["accreditationId"]})" : ""));
        Row(h, "Customer", fields["customer"]);
        Row(h, "Test engineer / approved by", $"{fields["testEngineer"]} / {fields["approver"]}");
        Row(h, "Test method", fields["testMethod"]);
        h.Append("</table>\n<h2>Conclusion</h2>\n<p class=\"conclusion\">").Append(Encode(ReportFacts.Conclusion(report))).Append("</p>\n");
        h.Append("<h2>Coverage per specification</h2>\n<table class=\"cover-coverage\"><thead><tr><th>specification</th><th>decided of applicable</th><th>PASS</th><th>FAIL</th><th>INCONCLUSIVE</th><th>ERROR</th><th>NOT_EXECUTED</th><th>NOT_APPLICABLE</th></tr></thead>\n<tbody>\n");
        foreach (var c in ReportFacts.Coverage(report))
            h.Append("<tr><td>").Append(Encode(c.Spec)).Append("</td><td><b>").Append(c.Decided).Append(" of ").Append(c.Applicable).Append("</b></td><td>")
             .Append(c.Pass).Append("</td><td>").Append(c.Fail).Append("</td><td>").Append(c.Inconclusive).Append("</td><td>").Append(c.Error)
             .Append("</td><td>").Append(c.NotExecuted).Append("</td><td>").Append(c.NotApplicable).Append("</td></tr>\n");
        h.Append("</tbody></table>\n<p class=\"meta\">Decided = PASS or FAIL. Applicable = not ruled out by the DUT's PICS. ")
         .Append(Encode(VerdictOrder.Rule)).Append("</p>\n</section>\n");
    }

    /// <summary>
    /// Table of contents: the sections, then every result (ID, title, verdict) linked to its anchor. Each entry
    /// ends in an empty <see cref="TocPageClass"/> span naming the heading it points to (data-heading): hidden on
    /// screen, a fixed-width box in print that <see cref="Pdf.CompliancePdfWriter"/> fills with the heading's page
    /// number on a second pass (the box is as wide empty as filled, so the pages do not move).
    /// </summary>
    private static void RenderContents(StringBuilder h, ComplianceReport report)
    {
        h.Append("<nav class=\"toc\" id=\"contents\">\n<h2>Contents</h2>\n<ol class=\"toc-sections\">\n");
        Section(h, "summary", "Summary and coverage per specification", "Summary");
        Section(h, "lab", "Laboratory, test method and deviations", "Laboratory, test method and deviations");
        Section(h, "run", "Run and device under test", "Run and device under test");
        if (report.CryptoProfileTables.Any() || report.CryptoProfileSections.Any())
            Section(h, "crypto-profile", "Crypto profile", "Crypto profile");
        Section(h, "matrix", "Clause matrix", "Clause matrix");
        h.Append("<li><span class=\"toc-line\"><span class=\"toc-text\"><a href=\"#results\">Results</a> (").Append(report.Results.Count).Append(")</span>")
         .Append(TocPage("Results")).Append("</span>\n<ol class=\"toc-results\">\n");
        foreach (var r in report.Results)
            h.Append("<li><span class=\"toc-line\"><span class=\"toc-text\"><a href=\"#").Append(r.Anchor).Append("\">").Append(Encode(r.Id)).Append("</a> ")
             .Append(Encode(r.Title)).Append(" <span class=\"toc-verdict\">").Append(r.Verdict.Wire()).Append("</span></span>")
             .Append(TocPage(r.Id + " \u2014 " + r.Title)).Append("</span></li>\n");
        h.Append("</ol>\n</li>\n</ol>\n</nav>\n");
    }

    /// <summary>The class of the page-number box of a contents entry.</summary>
    internal const string TocPageClass = "toc-page";

    private static void Section(StringBuilder h, string anchor, string text, string heading) =>
        h.Append("<li><span class=\"toc-line\"><span class=\"toc-text\"><a href=\"#").Append(anchor).Append("\">").Append(Encode(text)).Append("</a></span>")
         .Append(TocPage(heading)).Append("</span></li>\n");

    private static string TocPage(string heading) => $"<span class=\"{TocPageClass}\" data-heading=\"{Encode(heading)}\"></span>";

    /// <summary>Beside the verdict of a result whose evidence changed or vanished after the run.</summary>
    internal const string EvidenceChangedBadge = "<span class=\"verdict v-fail evidence-changed\">EVIDENCE CHANGED</span>";

    /// <summary>A verdict badge; ERROR spells out that it is not a DUT failure, for readers without colour.</summary>
    internal static string Badge(Verdict v) =>
        $"<span class=\"verdict v-{VerdictClass(v)}\">{v.Wire()}</span>"
        + (v == Verdict.Error ? $" <span class=\"error-note\">({VerdictOrder.ErrorMeaning})</span>" : "");

    private static void Row(StringBuilder h, string label, string? value, bool mono = false) =>
        h.Append("<tr><th>").Append(Encode(label)).Append(mono ? "</th><td class=\"mono\">" : "</th><td>").Append(Encode(value)).Append("</td></tr>\n");
}
