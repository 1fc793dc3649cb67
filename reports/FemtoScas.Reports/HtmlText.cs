using System.Text;

namespace FemtoScas.Reports;

/// <summary>
/// Every string in the journal is DUT-influenced (a reason may quote a banner, a certificate
/// subject, a hostile HTTP header), so the HTML writer passes all of it through <see cref="Encode"/>.
/// </summary>
internal static class HtmlText
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\n' or '\t': sb.Append(c); break;
                case '\r': break;
                // Other control characters are not allowed in HTML text: show them, do not pass them.
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>CSS class suffix for a verdict; only our own fixed set ever reaches a class attribute.</summary>
    public static string VerdictClass(Harness.Requirements.Verdict v) => v switch
    {
        Harness.Requirements.Verdict.Pass => "pass",
        Harness.Requirements.Verdict.Fail => "fail",
        Harness.Requirements.Verdict.Inconclusive => "inconclusive",
        Harness.Requirements.Verdict.NotApplicable => "na",
        Harness.Requirements.Verdict.Error => "error",
        Harness.Requirements.Verdict.NotExecuted => "notexec",
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, "unknown verdict"),
    };
}
