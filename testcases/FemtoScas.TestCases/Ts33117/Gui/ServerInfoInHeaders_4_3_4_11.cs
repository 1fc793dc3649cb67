using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.11 — no web server information in HTTP headers (local GUI).
/// Requirement: response headers name neither the web server nor its version or modules.
/// Threat: a version string tells an attacker which published vulnerabilities to try.
/// Preconditions: PICS localGui. Steps: request the login page, each documented page, a missing page
/// and the logout, without a session, and with one where the login gate answered; read every header field.
/// Expected: no Server/Via with a version or a known server name, no X-Powered-By, X-AspNet-Version,
/// X-Generator, X-Runtime, X-Version. Evidence: request/response log (all headers), per-request table.
/// </summary>
[Requirement("TS33117-4.3.4.11")]
public sealed class ServerInfoInHeaders_4_3_4_11 : ConformanceTest
{
    [Test]
    public Task Headers_carry_no_server_information() => RunAsync(t =>
    {
        var access = t.Pixit.ManagementGui?.Access;
        string[] targets = access is null ? ["/"] : [access.LoginPath, .. access.Pages, "/femtoscas-no-such-page-7c1e"];
        return WebServerProbes.RunAsync(t, "TS 33.117 4.3.4.11", "server information in headers", targets,
            (_, e) => WebServerDisclosure.InHeaders(e.Response!).ToList() is { Count: > 0 } h ? "header " + string.Join(", header ", h) : null,
            "no header names the server, its version or its modules");
    });
}
