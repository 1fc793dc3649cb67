using FemtoScas.Harness.Http;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// The request-list probes of the TS 33.117 4.3.4 web-server cases: each target is requested
/// without a session, and again with one where the login gate answered (a redirect, 401 or 403
/// hides what a logged-in user gets), and
/// the judge names what is wrong with a response, or null.
/// </summary>
internal static class WebServerProbes
{
    public static Task<Decision> RunAsync(TestCaseContext t, string clause, string what, IReadOnlyList<string> targets,
        Func<string, GuiExchange, string?> judge, string passReason, string? method = null) =>
        GuiCase.RunAsync(t, new GuiProbeBounds(2 * targets.Count + 4, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
        {
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: false, t.CancellationToken);
            var rows = new List<IReadOnlyList<string>>();
            var found = new List<string>();
            var answered = 0;
            foreach (var target in targets)
            {
                foreach (var cookie in login.CookieHeader is { } c ? (string?[])[null, c] : [null])
                {
                    // With a session only where the login gate answered (3xx, 401, 403): elsewhere the
                    // server already showed what it does with the target.
                    if (cookie is not null && client.Exchanges[^1].Response is not { Status: (>= 300 and < 400) or 401 or 403 }) continue;
                    var e = await client.SendAsync(method ?? "GET", target, cookie: cookie, cancellationToken: t.CancellationToken);
                    if (e.Response is not null) answered++;
                    var problem = e.Response is null ? null : judge(target, e);
                    rows.Add([HttpResponseReader.Printable(target, 100), cookie is null ? "no" : "yes", e.Status == 0 ? e.Outcome.ToString() : e.Status.ToString(), problem ?? "-"]);
                    if (problem is not null) found.Add($"{method ?? "GET"} {HttpResponseReader.Printable(target, 100)}{(cookie is null ? "" : " (with a session)")}: {problem}");
                }
            }
            if (login.Outcome == GuiLoginOutcome.Accepted) await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
            t.Evidence.Table(new EvidenceTable(what, ["target", "session", "status", "found"], rows));
            t.Finding(new Finding(what, "nothing", found.Count == 0 ? "nothing" : string.Join("; ", found.Take(4)), found.Count == 0, clause));
            if (found.Count > 0) return Decision.Fail(string.Join("; ", found.Distinct().Take(3)) + (found.Count > 3 ? $" (and {found.Count - 3} more)" : ""));
            if (answered == 0) return Decision.Inconclusive($"none of the {rows.Count} requests was answered");
            return Decision.Pass($"{passReason} ({rows.Count} requests, {answered} answered{(login.Outcome == GuiLoginOutcome.Accepted ? ", again with a session where the login gate answered" : ", without a session only: " + login.Detail)})");
        }, needsLogin: true);
}
