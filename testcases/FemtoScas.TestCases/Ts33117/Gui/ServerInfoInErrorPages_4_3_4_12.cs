using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.12 — no web server information in error pages (local GUI).
/// Requirement: error pages name neither the web server nor its version or modules.
/// Threat: as for headers: a version string points to known vulnerabilities.
/// Preconditions: PICS localGui. Steps: provoke 404 (missing pages), 400 (a malformed path) and 405
/// (a method the server refuses), without a session, and with one where the login gate answered; search each error body for a
/// product/version token or a known server name.
/// Expected: none found. Evidence: request/response log, per-request table.
/// </summary>
[Requirement("TS33117-4.3.4.12")]
public sealed class ServerInfoInErrorPages_4_3_4_12 : ConformanceTest
{
    [Test]
    public Task Error_pages_carry_no_server_information() => RunAsync(t =>
        WebServerProbes.RunAsync(t, "TS 33.117 4.3.4.12", "server information in error pages",
            ["/femtoscas-no-such-page-7c1e", "/static/femtoscas-missing.css", "/%", "/static/%zz", "/cgi-bin/femtoscas-missing"],
            (_, e) => e.Response!.Status >= 400 && WebServerDisclosure.InBody(e.Response.BodyText) is { } token ? $"error page {e.Status} names '{token}'" : null,
            "no error page names the server, its version or its modules"));
}
