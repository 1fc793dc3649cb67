using System.Globalization;
using System.Text;
using System.Text.Json;
using FemtoScas.Harness.Validation;
using static FemtoScas.Reports.HtmlText;

namespace FemtoScas.Reports;

/// <summary>
/// validation.json and validation.html: the tool's validation a lab files with its assessor —
/// per test case its sensitivity (non-conformant reference configurations that must FAIL it),
/// its soundness (conformant ones that must not), whether an independent peer covers it, every
/// deviation with its reason, and what identifies the tool (version, tree state, catalogue and
/// crypto-profile hashes, tool versions, host, date).
/// </summary>
public static class ValidationReportWriter
{
    /// <summary>The schema of validation.json.</summary>
    public const string Schema = "femtoscas.validation-report/1";

    /// <summary>Writes both files into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Json, string Html) Write(ValidationSummary summary, ToolIdentification tool, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "validation.json");
        var html = Path.Combine(directory, "validation.html");
        File.WriteAllText(json, RenderJson(summary, tool), new UTF8Encoding(false));
        File.WriteAllText(html, RenderHtml(summary, tool), new UTF8Encoding(false));
        return (json, html);
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>validation.json.</summary>
    public static string RenderJson(ValidationSummary summary, ToolIdentification tool)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("outcome", summary.Deviations.Count == 0 ? "validated" : "deviations");
            w.WriteStartObject("tool");
            w.WriteString("femtoScasVersion", tool.FemtoScasVersion);
            w.WriteString("tree", tool.TreeState);
            w.WriteString("catalogueSha256", tool.CatalogueSha256);
            w.WriteStartObject("cryptoProfiles");
            foreach (var (name, sha) in tool.CryptoProfiles) w.WriteString(name, sha);
            w.WriteEndObject();
            w.WriteStartObject("toolVersions");
            foreach (var (name, version) in tool.ToolVersions) w.WriteString(name, version);
            w.WriteEndObject();
            w.WriteString("host", tool.Host);
            w.WriteString("date", Iso(tool.Date));
            w.WriteEndObject();

            w.WriteStartArray("configurations");
            foreach (var o in summary.Outcomes)
            {
                w.WriteStartObject();
                w.WriteString("name", o.Configuration.Name);
                w.WriteString("file", o.Configuration.File);
                w.WriteString("dutProfile", o.Configuration.DutProfile);
                w.WriteString("device", o.DeviceKind.ToString());
                w.WriteString("independentPeer", o.IndependentPeer);
                w.WriteBoolean("conformant", o.Configuration.Conformant);
                w.WriteStartArray("faults");
                foreach (var f in o.Configuration.Faults) w.WriteStringValue(f);
                w.WriteEndArray();
                // The test cases the run was limited to; null: every test case ran.
                if (o.Configuration.TestCases is { } only)
                {
                    w.WriteStartArray("testCases");
                    foreach (var t in only) w.WriteStringValue(t);
                    w.WriteEndArray();
                }
                else w.WriteNull("testCases");
                w.WriteString("notRun", o.NotRun);
                w.WriteNumber("seconds", Math.Round(o.Elapsed.TotalSeconds, 1));
                w.WriteString("results", o.ResultsDirectory);
                w.WriteStartArray("deviations");
                foreach (var d in o.Differences) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("testCases");
            foreach (var t in summary.TestCases)
            {
                w.WriteStartObject();
                w.WriteString("id", t.Id);
                Checks(w, "sensitivity", t.Sensitivity);
                Checks(w, "soundness", t.Soundness);
                w.WriteStartArray("independentPeers");
                foreach (var p in t.IndependentPeers) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteStartArray("independentConfigurations");
                foreach (var c in t.IndependentConfigurations) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteStartArray("deviations");
                foreach (var d in t.Deviations) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("deviations");
            foreach (var d in summary.Deviations) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Checks(Utf8JsonWriter w, string name, IReadOnlyList<CaseCheck> checks)
    {
        w.WriteStartArray(name);
        foreach (var c in checks)
        {
            w.WriteStartObject();
            w.WriteString("configuration", c.Configuration);
            w.WriteString("expected", c.Expected);
            w.WriteString("actual", c.Actual);
            w.WriteBoolean("held", c.Held);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>validation.html: offline, no script, the compliance report's style and content policy.</summary>
    public static string RenderHtml(ValidationSummary summary, ToolIdentification tool)
    {
        var h = new StringBuilder(64 * 1024);
        var deviations = summary.Deviations;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>FemtoScas validation report</title>\n<style>\n").Append(HtmlReportStyle.Css).Append("\n</style>\n</head>\n<body>\n");
        h.Append("<header>\n<h1>FemtoScas validation report</h1>\n<div class=\"sub\">")
            .Append(Encode($"FemtoScas {tool.FemtoScasVersion} · {tool.TreeState} · host {tool.Host} · {Iso(tool.Date)}")).Append("</div>\n</header>\n<main>\n");

        h.Append(deviations.Count == 0
            ? $"<p class=\"ok\" id=\"outcome\"><b>Validated:</b> all {summary.Outcomes.Count} reference configurations gave their expected verdicts.</p>\n"
            : $"<div class=\"faults\" id=\"outcome\" role=\"alert\"><b>{deviations.Count} deviation(s)</b> from the expected verdicts: the tool is not validated in this state (list below).</div>\n");

        h.Append("<h2>Test cases</h2>\n<p class=\"meta\">Sensitivity: the non-conformant reference configurations that must FAIL the test case, and whether they did. ")
            .Append("Soundness: the conformant configurations that must not FAIL it, and whether they did not. Independent peer: an implementation other than the harness's own ")
            .Append("engine (SimFemto's IKEv2 side is that engine) decides the case in at least one configuration — derived from the configurations, not listed by hand.</p>\n");
        h.Append("<table>\n<tr><th>test case</th><th>sensitivity</th><th>soundness</th><th>independent peer</th><th>deviations</th></tr>\n");
        foreach (var t in summary.TestCases)
        {
            h.Append("<tr><td class=\"mono\">").Append(Encode(t.Id)).Append("</td><td>").Append(CheckCell(t.Sensitivity, "no non-conformant configuration"))
                .Append("</td><td>").Append(CheckCell(t.Soundness, "no conformant configuration")).Append("</td><td>");
            h.Append(t.IndependentPeers.Count == 0
                ? "<span class=\"bad\">none</span>"
                : Encode(string.Join(", ", t.IndependentPeers)) + "<div class=\"meta\">" + Encode(string.Join(", ", t.IndependentConfigurations)) + "</div>");
            h.Append("</td><td class=\"mono\">").Append(t.Deviations.Count == 0 ? "<span class=\"ok\">none</span>" : "<ul>" + string.Concat(t.Deviations.Select(d => "<li class=\"bad\">" + Encode(d) + "</li>")) + "</ul>")
                .Append("</td></tr>\n");
        }
        h.Append("</table>\n");

        h.Append("<h2>Reference configurations</h2>\n<table>\n<tr><th>configuration</th><th>file</th><th>device</th><th>conformant</th><th>outcome</th><th>seconds</th></tr>\n");
        foreach (var o in summary.Outcomes)
        {
            var c = o.Configuration;
            h.Append("<tr><td class=\"mono\">").Append(Encode(c.Name)).Append("</td><td class=\"mono\">").Append(Encode(c.File))
                .Append(c.Faults.Count > 0 ? "<div class=\"meta\">faults " + Encode(string.Join(", ", c.Faults)) + "</div>" : "")
                .Append("<div class=\"meta\">").Append(c.TestCases is { } only ? "ran only " + Encode(string.Join(", ", only)) : "ran every test case").Append("</div>")
                .Append("</td><td>").Append(Encode(o.IndependentPeer ?? o.DeviceKind.ToString())).Append("</td><td>").Append(c.Conformant ? "yes" : "no").Append("</td><td>")
                .Append(o.NotRun is { } why ? "<span class=\"bad\">not run: " + Encode(why) + "</span>"
                    : o.Differences.Count == 0 ? "<span class=\"ok\">as expected</span>" : $"<span class=\"bad\">{o.Differences.Count} deviation(s)</span>")
                .Append("</td><td>").Append(o.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        h.Append("</table>\n");

        if (deviations.Count > 0)
            h.Append("<h2>Deviations</h2>\n<ul class=\"mono\">").Append(string.Concat(deviations.Select(d => "<li class=\"bad\">" + Encode(d) + "</li>\n"))).Append("</ul>\n");

        h.Append("<h2>Tool identification</h2>\n<table>\n");
        Row(h, "FemtoScas version", tool.FemtoScasVersion);
        Row(h, "source tree", tool.TreeState);
        Row(h, "catalogue (SHA-256 over its files)", tool.CatalogueSha256);
        foreach (var (name, sha) in tool.CryptoProfiles) Row(h, "crypto profile " + name, sha);
        foreach (var (name, version) in tool.ToolVersions) Row(h, name, version);
        Row(h, "host", tool.Host);
        Row(h, "date", Iso(tool.Date));
        h.Append("</table>\n</main>\n<footer>Written by femtoscas validate (").Append(Schema).Append(").</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Row(StringBuilder h, string key, string value) =>
        h.Append("<tr><th>").Append(Encode(key)).Append("</th><td class=\"mono\">").Append(Encode(value)).Append("</td></tr>\n");

    private static string CheckCell(IReadOnlyList<CaseCheck> checks, string none)
    {
        if (checks.Count == 0) return "<span class=\"meta\">" + none + "</span>";
        var held = checks.Count(c => c.Held);
        var cls = held == checks.Count ? "ok" : "bad";
        var list = string.Concat(checks.Select(c => $"<li class=\"{(c.Held ? "ok" : "bad")}\">{Encode(c.Configuration)}: {Encode(c.Actual ?? "not decided")}</li>"));
        return $"<span class=\"{cls}\">{held}/{checks.Count}</span><ul class=\"meta\">{list}</ul>";
    }
}
