using System.Text.RegularExpressions;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.1.1 — no system function without authentication (local GUI part).
/// Requirement: no page offering a function of the femto can be used without logging in.
/// Threat: anyone on the hosting party's LAN reads or changes the femto's configuration.
/// Preconditions: PICS localGui; the PIXIT documents the login path and the pages that need a login.
/// Steps: without any cookie, fetch every documented page and every same-origin link found on the
/// pages fetched (bounded breadth-first crawl, at most 30 requests, 5 s each, 20 s in all).
/// Expected: each answers with a refusal (401/403) or a redirect (3xx) to the login, never 2xx content,
/// except the login page and its static resources. Evidence: request/response log, per-page table.
/// </summary>
[Requirement("TS33117-4.2.3.4.1.1")]
public sealed partial class NoFunctionWithoutAuthentication_4_2_3_4_1_1 : ConformanceTest
{
    [Test]
    public Task Documented_pages_need_a_login() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(30, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var queue = new Queue<string>([access.LoginPath, .. access.Pages]);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<string>>();
        var open = new List<string>();
        while (queue.Count > 0 && client.RequestsLeft > 0)
        {
            var path = queue.Dequeue();
            var e = await client.SendAsync("GET", path, cancellationToken: t.CancellationToken);
            var publicResource = path == access.LoginPath || IsStatic(path);
            var verdict = e.Response is null ? "no answer" : e.Success ? (publicResource ? "public (login page or static resource)" : "SERVED WITHOUT LOGIN") : "refused or redirected";
            rows.Add([path, e.Status == 0 ? e.Outcome.ToString() : e.Status.ToString(), e.Response?.Header("Location") ?? "", verdict]);
            if (e.Success && !publicResource) open.Add($"GET {path} answered {e.Status}");
            if (e.Response is { } r && e.Success)
                foreach (Match m in Links().Matches(r.BodyText))
                {
                    var link = m.Groups["url"].Value;
                    if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && seen.Add(link)) queue.Enqueue(link);
                }
        }
        t.Evidence.Table(new EvidenceTable("Unauthenticated requests", ["path", "status", "Location", "judged"], rows));
        t.Finding(new Finding("pages served without a login", "none", open.Count == 0 ? "none" : string.Join("; ", open), open.Count == 0, "TS 33.117 4.2.3.4.1.1"));
        if (open.Count > 0) return Decision.Fail($"system function without authentication on {client.Origin}: {string.Join("; ", open)}");
        if (rows.Any(r => r[3] == "no answer")) return Decision.Inconclusive($"the GUI did not answer every request: {string.Join(", ", rows.Where(r => r[3] == "no answer").Select(r => r[0]))}");
        return Decision.Pass($"{rows.Count} page(s) requested without a login (documented: {string.Join(", ", access.Pages)}; crawl {(queue.Count == 0 ? "complete" : "stopped at its bound")}): every function page refused or redirected to the login");
    }));

    private static bool IsStatic(string path) => path.EndsWith(".css", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".png", StringComparison.Ordinal) || path.EndsWith(".ico", StringComparison.Ordinal);

    [GeneratedRegex("(?:href|src|action)\\s*=\\s*[\"'](?<url>[^\"'#?]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
