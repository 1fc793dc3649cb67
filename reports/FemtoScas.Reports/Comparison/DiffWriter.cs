using System.Text;
using System.Text.Json;
using static FemtoScas.Reports.HtmlText;

namespace FemtoScas.Reports.Comparison;

/// <summary>
/// diff.json (schema <see cref="RunComparison.Schema"/>) and diff.html: the comparison of two runs,
/// the page self-contained and offline under the same Content-Security-Policy as compliance.html
/// (no script, no fetch), every journal string encoded because a DUT may have influenced it.
/// </summary>
public static class DiffWriter
{
    public const string JsonFileName = "diff.json";
    public const string HtmlFileName = "diff.html";

    /// <summary>Writes both files into <paramref name="outputDirectory"/> and returns their paths (JSON, HTML).</summary>
    public static (string Json, string Html) Write(RunComparison diff, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(diff);
        Directory.CreateDirectory(outputDirectory);
        var json = Path.Combine(outputDirectory, JsonFileName);
        var html = Path.Combine(outputDirectory, HtmlFileName);
        File.WriteAllBytes(json, RenderJson(diff));
        File.WriteAllText(html, RenderHtml(diff), new UTF8Encoding(false));
        return (json, html);
    }

    public static byte[] RenderJson(RunComparison d)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", RunComparison.Schema);
            w.WriteBoolean("equal", d.Equal);
            Run(w, "a", d.JournalA, d.RunIdA, d.DutA);
            Run(w, "b", d.JournalB, d.RunIdB, d.DutB);
            w.WriteNumber("casesCompared", d.CasesCompared);
            w.WriteStartArray("verdictChanges");
            foreach (var v in d.Verdicts)
            {
                w.WriteStartObject();
                w.WriteString("testName", v.TestName);
                w.WriteString("id", v.Id);
                w.WriteString("before", v.Before);
                w.WriteString("after", v.After);
                w.WriteString("reasonBefore", v.ReasonBefore);
                w.WriteString("reasonAfter", v.ReasonAfter);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("findingChanges");
            foreach (var f in d.Findings)
            {
                w.WriteStartObject();
                w.WriteString("testName", f.TestName);
                w.WriteString("id", f.Id);
                w.WriteString("change", f.InB ? "new" : "vanished");
                w.WriteString("subject", f.Finding.Subject);
                w.WriteString("expected", f.Finding.Expected);
                w.WriteString("observed", f.Finding.Observed);
                w.WriteBoolean("conforms", f.Finding.Conforms);
                w.WriteString("clause", f.Finding.Clause);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("tableChanges");
            foreach (var t in d.Tables)
            {
                w.WriteStartObject();
                w.WriteString("testName", t.TestName);
                w.WriteString("id", t.Id);
                w.WriteString("title", t.Title);
                w.WriteString("change", t.Change);
                w.WriteStartArray("rowsOnlyInA");
                foreach (var r in t.RowsOnlyInA) w.WriteStringValue(r);
                w.WriteEndArray();
                w.WriteStartArray("rowsOnlyInB");
                foreach (var r in t.RowsOnlyInB) w.WriteStringValue(r);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("recordsCompared", d.RecordsCompared);
            w.WriteStartArray("recordChanges");
            foreach (var r in d.Records)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("kind", r.Kind);
                w.WriteString("before", r.Before);
                w.WriteString("after", r.After);
                w.WriteString("reasonBefore", r.ReasonBefore);
                w.WriteString("reasonAfter", r.ReasonAfter);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void Run(Utf8JsonWriter w, string name, string journal, string runId, string dut)
    {
        w.WriteStartObject(name);
        w.WriteString("journal", journal);
        w.WriteString("runId", runId);
        w.WriteString("dut", dut);
        w.WriteEndObject();
    }

    public static string RenderHtml(RunComparison d)
    {
        var h = new StringBuilder(16 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.Append("<title>FemtoScas run comparison: ").Append(Encode(d.RunIdA)).Append(" against ").Append(Encode(d.RunIdB)).Append("</title>\n");
        h.Append("<style>\n").Append(HtmlReportStyle.Css).Append("\n</style>\n</head>\n<body>\n");
        h.Append("<header>\n<h1>FemtoScas run comparison</h1>\n<div class=\"sub\">A: run ").Append(Encode(d.RunIdA)).Append(" (").Append(Encode(d.DutA))
         .Append(") &middot; B: run ").Append(Encode(d.RunIdB)).Append(" (").Append(Encode(d.DutB)).Append(")</div>\n</header>\n<main>\n");
        h.Append("<table>\n<tr><th>A</th><td class=\"mono\">").Append(Encode(d.JournalA)).Append("</td></tr>\n<tr><th>B</th><td class=\"mono\">")
         .Append(Encode(d.JournalB)).Append("</td></tr>\n<tr><th>Test cases compared</th><td>").Append(d.CasesCompared).Append("</td></tr>\n<tr><th>Catalogue records compared</th><td>").Append(d.RecordsCompared).Append("</td></tr>\n</table>\n");
        h.Append(d.Equal
            ? "<p id=\"conclusion\"><b>Equal:</b> same verdicts, findings and evidence tables in every test case; same state of every record no test case decided and of every review verdict.</p>\n"
            : $"<div class=\"warn\" id=\"conclusion\">The runs differ: {d.Verdicts.Count} verdict change(s), {d.Findings.Count} finding change(s), {d.Tables.Count} table change(s), {d.Records.Count} record or review change(s).</div>\n");

        h.Append("<h2 id=\"verdicts\">Verdict changes</h2>\n");
        if (d.Verdicts.Count == 0) h.Append("<p>None.</p>\n");
        else
        {
            h.Append("<table>\n<tr><th>Test case</th><th>Record</th><th>A</th><th>B</th><th>Reason in B (A)</th></tr>\n");
            foreach (var v in d.Verdicts)
                h.Append("<tr><td class=\"mono\">").Append(Encode(v.TestName)).Append("</td><td class=\"mono\">").Append(Encode(v.Id))
                 .Append("</td><td>").Append(Encode(v.Before ?? "not decided")).Append("</td><td>").Append(Encode(v.After ?? "not decided"))
                 .Append("</td><td>").Append(Encode(v.ReasonAfter ?? "")).Append(v.ReasonBefore is null ? "" : " <i>(A: " + Encode(v.ReasonBefore) + ")</i>")
                 .Append("</td></tr>\n");
            h.Append("</table>\n");
        }

        h.Append("<h2 id=\"findings\">Findings new or vanished</h2>\n");
        if (d.Findings.Count == 0) h.Append("<p>None.</p>\n");
        else
        {
            h.Append("<table>\n<tr><th>Change</th><th>Test case</th><th>Subject</th><th>Expected</th><th>Observed</th><th>Conforms</th><th>Clause</th></tr>\n");
            foreach (var f in d.Findings)
                h.Append("<tr><td>").Append(f.InB ? "new in B" : "vanished from A").Append("</td><td class=\"mono\">").Append(Encode(f.TestName))
                 .Append("</td><td>").Append(Encode(f.Finding.Subject)).Append("</td><td>").Append(Encode(f.Finding.Expected))
                 .Append("</td><td>").Append(Encode(f.Finding.Observed)).Append("</td><td>").Append(f.Finding.Conforms ? "yes" : "no")
                 .Append("</td><td>").Append(Encode(f.Finding.Clause)).Append("</td></tr>\n");
            h.Append("</table>\n");
        }

        h.Append("<h2 id=\"tables\">Changed evidence tables</h2>\n");
        if (d.Tables.Count == 0) h.Append("<p>None.</p>\n");
        foreach (var t in d.Tables)
        {
            h.Append("<h3>").Append(Encode(t.TestName)).Append(": ").Append(Encode(t.Title)).Append("</h3>\n<p>").Append(Encode(t.Change)).Append("</p>\n");
            if (t.RowsOnlyInA.Count + t.RowsOnlyInB.Count == 0) continue;
            h.Append("<table>\n<tr><th>Only in</th><th>Row</th></tr>\n");
            foreach (var r in t.RowsOnlyInA) h.Append("<tr><td>A</td><td class=\"mono\">").Append(Encode(r)).Append("</td></tr>\n");
            foreach (var r in t.RowsOnlyInB) h.Append("<tr><td>B</td><td class=\"mono\">").Append(Encode(r)).Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        h.Append("<h2 id=\"records\">Records no test case decided, and documentation-review verdicts</h2>\n");
        if (d.Records.Count == 0) h.Append("<p>None changed.</p>\n");
        else
        {
            h.Append("<table>\n<tr><th>Record</th><th>Kind</th><th>A</th><th>B</th><th>Why in B (A)</th></tr>\n");
            foreach (var r in d.Records)
                h.Append("<tr><td class=\"mono\">").Append(Encode(r.Id)).Append("</td><td>").Append(r.Kind == "review" ? "documentation review" : "not decided by a test")
                 .Append("</td><td>").Append(Encode(r.Before ?? "not in the catalogue")).Append("</td><td>").Append(Encode(r.After ?? "not in the catalogue"))
                 .Append("</td><td>").Append(Encode(r.ReasonAfter ?? "")).Append(string.IsNullOrEmpty(r.ReasonBefore) ? "" : " <i>(A: " + Encode(r.ReasonBefore) + ")</i>")
                 .Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        h.Append("</main>\n<footer>Generated by FemtoScas.Reports from the two run journals; machine-readable twin: <a href=\"diff.json\">diff.json</a> (")
         .Append(RunComparison.Schema).Append(").</footer>\n</body>\n</html>\n");
        return h.ToString();
    }
}
