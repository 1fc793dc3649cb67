using System.Globalization;
using System.Text;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using static FemtoScas.Reports.HtmlText;

namespace FemtoScas.Reports;

/// <summary>One result of compliance.html: verdict, reason, steps, findings, tables and evidence links.</summary>
internal static class HtmlResultSection
{
    public static void Render(StringBuilder h, ReportResult r)
    {
        h.Append("<section class=\"result r-").Append(VerdictClass(r.Verdict)).Append("\" id=\"").Append(r.Anchor)
         .Append("\" data-verdict=\"").Append(r.Verdict.Wire()).Append("\">\n");
        h.Append("<h3>").Append(ComplianceHtmlWriter.Badge(r.Verdict)).Append(' ');
        if (r.EvidenceChanged) h.Append(ComplianceHtmlWriter.EvidenceChangedBadge).Append(' ');
        h.Append(Encode(r.Id)).Append(" &mdash; ").Append(Encode(r.Title)).Append("</h3>\n");
        h.Append("<div class=\"meta\">").Append(Encode($"{r.Spec} {r.SpecVersion}, clause {r.Clause}"));
        if (r.Record?.TestCaseName is { } tc) h.Append(" &middot; ").Append(Encode(tc));
        if (r.TestName is not null) h.Append(" &middot; test <span class=\"mono\">").Append(Encode(r.TestName)).Append("</span>");
        if (r.StartedAt is { } start)
            h.Append(" &middot; ").Append(Encode(ComplianceJsonWriter.Iso(start)));
        if (r.DurationSeconds is { } d && double.IsFinite(d))
            h.Append(" &middot; ").Append(d.ToString("0.###", CultureInfo.InvariantCulture)).Append(" s");
        h.Append("</div>\n<p class=\"reason\"><b>Reason:</b> ").Append(Encode(r.Reason)).Append("</p>\n");

        if (r.Steps.Count > 0)
        {
            h.Append("<details open><summary>Steps (").Append(r.Steps.Count).Append(")</summary>\n<ol class=\"steps\">\n");
            foreach (var step in r.Steps)
                h.Append("<li><span class=\"meta\">").Append(Encode(step.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))
                 .Append("</span> ").Append(Encode(step.Text)).Append("</li>\n");
            h.Append("</ol>\n</details>\n");
        }

        if (r.Findings.Count > 0)
        {
            h.Append("<table class=\"findings\"><tr><th>subject</th><th>expected</th><th>observed</th><th>conforms</th><th>clause</th></tr>\n");
            foreach (var f in r.Findings)
                h.Append("<tr><td>").Append(Encode(f.Subject)).Append("</td><td>").Append(Encode(f.Expected))
                 .Append("</td><td>").Append(Encode(f.Observed)).Append("</td><td>")
                 .Append(f.Conforms ? "<span class=\"ok\">yes</span>" : "<span class=\"bad\">NO</span>")
                 .Append("</td><td>").Append(Encode(f.Clause)).Append("</td></tr>\n");
            h.Append("</table>\n");
        }

        foreach (var t in r.Tables) RenderTable(h, t);
        foreach (var c in r.CryptoProfiles) RenderCryptoProfile(h, c);

        if (r.Evidence.Count > 0)
        {
            h.Append("<table class=\"evidence\"><tr><th>evidence</th><th>kind</th><th>bytes</th><th>SHA-256</th><th>check</th><th>description</th></tr>\n");
            foreach (var e in r.Evidence) RenderEvidence(h, e);
            h.Append("</table>\n");
        }
        h.Append("</section>\n");
    }

    public static void RenderTable(StringBuilder h, EvidenceTable t)
    {
        h.Append("<table class=\"evidence-table\"><caption><b>").Append(Encode(t.Title)).Append("</b></caption>\n<tr>");
        foreach (var c in t.Columns ?? []) h.Append("<th>").Append(Encode(c)).Append("</th>");
        h.Append("</tr>\n");
        foreach (var row in t.Rows ?? [])
        {
            h.Append("<tr>");
            foreach (var cell in row ?? []) h.Append("<td>").Append(Encode(cell)).Append("</td>");
            h.Append("</tr>\n");
        }
        h.Append("</table>\n");
    }

    /// <summary>The accepted/refused table of a crypto profile: one row per transform, non-conforming rows marked.</summary>
    public static void RenderCryptoProfile(StringBuilder h, CryptoProfileSection c)
    {
        h.Append("<table class=\"evidence-table crypto-profile\"><caption><b>Crypto profile: ").Append(Encode(c.Profile)).Append("</b> ")
         .Append("<span class=\"meta\">").Append(Encode($"{c.Reference}; confidence {c.Confidence}")).Append("</span></caption>\n")
         .Append("<tr><th>protocol</th><th>type</th><th>transform</th><th>profile</th><th>offered by DUT</th><th>harness probe</th><th>DUT reaction</th><th>conforms</th><th>source</th></tr>\n");
        foreach (var row in c.Rows ?? [])
        {
            h.Append("<tr><td>").Append(Encode(row.Protocol)).Append("</td><td>").Append(Encode(row.Type)).Append("</td><td class=\"mono\">")
             .Append(Encode(row.Transform)).Append("</td><td>").Append(Encode(row.ProfileStatus)).Append("</td><td>").Append(Encode(row.OfferedByDut))
             .Append("</td><td>").Append(Encode(row.Probe)).Append("</td><td>").Append(Encode(row.DutReaction)).Append("</td><td>")
             .Append(row.Conforms switch { true => "<span class=\"ok\">yes</span>", false => "<span class=\"bad\">NO</span>", null => "undecided" })
             .Append("</td><td>").Append(Encode(row.Source)).Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void RenderEvidence(StringBuilder h, ReportEvidence e)
    {
        h.Append("<tr><td class=\"mono\">");
        // Href is built from percent-encoded path segments; Encode still guards the attribute.
        if (e.Href is not null) h.Append("<a href=\"").Append(Encode(e.Href)).Append("\">").Append(Encode(e.File.Path)).Append("</a>");
        else h.Append(Encode(e.File.Path));
        h.Append("</td><td>").Append(Encode(e.File.Kind)).Append("</td><td>").Append(e.File.Bytes.ToString(CultureInfo.InvariantCulture))
         .Append("</td><td class=\"mono\">").Append(Encode(e.File.Sha256)).Append("</td><td>")
         .Append(e.State == EvidenceState.Verified ? "<span class=\"ok\">verified</span>" : "<span class=\"bad\">" + Encode(e.StateText) + "</span>")
         .Append("</td><td>").Append(Encode(e.File.Description)).Append("</td></tr>\n");
    }
}
