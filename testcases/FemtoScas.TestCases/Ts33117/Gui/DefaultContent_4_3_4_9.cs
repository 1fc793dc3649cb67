using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.9 — no default content (local GUI).
/// Requirement: the web server serves no examples, manuals, status or test pages it shipped with.
/// Threat: default pages disclose the server and its state, or carry known-vulnerable scripts.
/// Preconditions: PICS localGui. Steps: request the well-known default paths of common embedded and
/// general web servers (<see cref="Paths"/>), without a session, and with one where the login gate answered; and a random path, so a
/// server that answers every path with the same page is not counted.
/// Expected: none answers 2xx with content other than that catch-all page.
/// Evidence: request/response log, per-path table.
/// </summary>
[Requirement("TS33117-4.3.4.9")]
public sealed class DefaultContent_4_3_4_9 : ConformanceTest
{
    private static readonly string[] Paths = ["/server-status", "/server-info", "/manual/", "/docs/", "/examples/", "/test.html", "/test.php", "/phpinfo.php", "/info.php",
        "/cgi-bin/test-cgi", "/cgi-bin/printenv", "/icons/README", "/iisstart.htm", "/index.nginx-debian.html", "/status", "/debug"];

    [Test]
    public Task No_default_content_is_served() => RunAsync(t =>
    {
        string? catchAll = null;
        return WebServerProbes.RunAsync(t, "TS 33.117 4.3.4.9", "default content", ["/femtoscas-no-such-page-7c1e", .. Paths], (target, e) =>
        {
            if (target.StartsWith("/femtoscas-no-such", StringComparison.Ordinal)) { if (e.Success) catchAll = e.Response!.BodyText; return null; }
            return e.Success && e.Response!.BodyText != catchAll ? $"default content served ({e.Status}, {e.Response.Body.Length} octets)" : null;
        }, "no default page of the listed servers is served");
    });
}
