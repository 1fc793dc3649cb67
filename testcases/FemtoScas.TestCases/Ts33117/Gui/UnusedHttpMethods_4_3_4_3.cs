using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.3 — no unused HTTP methods (local GUI).
/// Requirement: the web server refuses every method the GUI does not use (TRACE, TRACK, PUT, DELETE,
/// CONNECT, WebDAV methods, ...).
/// Threat: TRACE echoes cookies to scripts (cross-site tracing); PUT/DELETE or WebDAV change files.
/// Preconditions: PICS localGui; the PIXIT documents the login (a method the login gate answered is
/// tried again with a session, so a login redirect cannot hide a method served to logged-in users).
/// Steps: each method of <see cref="Methods"/> on the first documented page without a session, and with one where the login gate answered.
/// Expected: no 2xx answer. Evidence: request/response log (cookies redacted), method table.
/// </summary>
[Requirement("TS33117-4.3.4.3")]
public sealed class UnusedHttpMethods_4_3_4_3 : ConformanceTest
{
    private static readonly string[] Methods = ["TRACE", "TRACK", "PUT", "DELETE", "CONNECT", "PATCH", "OPTIONS", "PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK", "DEBUG"];

    [Test]
    public Task Unused_methods_are_refused() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(2 * Methods.Length + 6, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
        if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
        var rows = new List<IReadOnlyList<string>>();
        var served = new List<string>();
        foreach (var method in Methods)
        {
            foreach (var cookie in (string?[])[null, login.CookieHeader])
            {
                // With the session only where the login gate answered (3xx, 401, 403) without it.
                if (cookie is not null && client.Exchanges[^1].Response is not { Status: (>= 300 and < 400) or 401 or 403 }) continue;
                var e = await client.SendAsync(method, access.Pages[0], cookie: cookie, cancellationToken: t.CancellationToken);
                rows.Add([method, cookie is null ? "no" : "yes", e.Status == 0 ? e.Outcome.ToString() : e.Status.ToString(), e.Response?.Header("Allow") ?? ""]);
                if (e.Success) served.Add($"{method} {access.Pages[0]} {(cookie is null ? "without" : "with")} a session answered {e.Status}");
            }
        }
        await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
        t.Evidence.Table(new EvidenceTable("HTTP methods", ["method", "session", "status", "Allow"], rows));
        t.Finding(new Finding("unused HTTP methods answered 2xx", "none", served.Count == 0 ? "none" : string.Join("; ", served), served.Count == 0, "TS 33.117 4.3.4.3"));
        if (served.Count > 0) return Decision.Fail("unused HTTP method(s) enabled: " + string.Join("; ", served));
        var unanswered = rows.Count(r => r[2] is "NoAnswer" or "BoundReached");
        if (unanswered == rows.Count) return Decision.Inconclusive("no method probe was answered");
        return Decision.Pass($"{Methods.Length} unused methods refused on {access.Pages[0]} ({rows.Count} requests: without a session, and with one where the login gate answered; {unanswered} closed without an answer)");
    }));
}
