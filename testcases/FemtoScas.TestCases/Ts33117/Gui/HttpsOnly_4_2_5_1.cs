using System.Net;
using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.5.1 — HTTPS for the web interface (local GUI).
/// Requirement: the GUI is reached only over TLS: plain HTTP is refused or redirected to HTTPS, and
/// TLS without encryption (NULL cipher suites) is refused.
/// Threat: the hosting party's password and session travel in clear on the LAN.
/// Preconditions: PICS localGui; the PIXIT gives the GUI port (and a documented plain-HTTP port, if any).
/// Steps: send plain HTTP requests for the login page and the first documented page to the GUI port
/// (and to the documented HTTP port); offer only NULL suites over TLS 1.2 with the TLS profile case's prober.
/// Expected: no plain request answered 2xx (a redirect to https:// or a closed connection is right);
/// the NULL-only handshake refused. Evidence: request/response log, table, the handshake in the pcapng.
/// </summary>
[Requirement("TS33117-4.2.5.1")]
public sealed class HttpsOnly_4_2_5_1 : ConformanceTest
{
    /// <summary>TLS 1.2 NULL-encryption suites (RFC 5246 A.5, RFC 8422 6).</summary>
    private static readonly int[] NullSuites = [0x0001, 0x0002, 0x003B, 0xC006, 0xC010];

    [Test]
    public Task Gui_is_served_over_HTTPS_only() => RunAsync(async t =>
    {
        if (!t.Profile.Pics.GetValueOrDefault("localGui")) return Decision.NotApplicable("PICS localGui is false: the DUT offers no local GUI");
        var gui = t.Pixit.ManagementGui ?? throw new HarnessEnvironmentException("the profile gives no managementGui");
        var access = gui.Access;
        string[] paths = access is null ? ["/"] : [access.LoginPath, access.Pages[0]];
        var failures = new List<string>();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var port in access?.HttpPort is { } h ? [gui.Port, h] : new[] { gui.Port })
        {
            var plain = GuiLogin.Client(t.Pixit, new GuiProbeBounds(paths.Length, GuiCase.RequestTimeout, GuiCase.Budget), plainPort: port);
            foreach (var path in paths)
            {
                var e = await plain.SendAsync("GET", path, cancellationToken: t.CancellationToken);
                var location = e.Response?.Header("Location");
                var redirected = e.Response is { Status: >= 300 and < 400 } && location?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
                rows.Add([$"http://{t.Pixit.DutAddress}:{port}{path}", e.Status == 0 ? e.Outcome.ToString() : e.Status.ToString(), location ?? "", redirected ? "redirect to HTTPS" : e.Response is null ? "refused" : e.Success ? "SERVED IN CLEAR" : "error answer"]);
                if (e.Success || (e.Response is { Status: >= 300 and < 400 } && !redirected))
                    failures.Add($"plain HTTP GET {path} on port {port} answered {e.Status}{(location is null ? "" : " to " + location)}");
            }
            GuiCase.Attach(t, plain, $"gui-plain-http-{port}.txt");
        }

        var endpoint = new IPEndPoint(t.Pixit.DutAddress, gui.Port);
        var probe = TlsProber.Probe(endpoint, "TLS 1.2", NullSuites, gui.HostName, t.Pixit.ResponseTimeout, t.Recorder, t.CancellationToken);
        rows.Add([$"TLS 1.2 to {endpoint}, NULL suites only", probe.Accepted ? "accepted" : "refused", probe.NegotiatedSuiteName ?? "", probe.Detail]);
        if (probe.Unreachable) return Decision.Inconclusive($"the NULL-suite probe could not connect: {probe.Detail}");
        if (probe.Accepted) failures.Add($"TLS 1.2 handshake with only NULL suites accepted ({probe.NegotiatedSuiteName})");

        t.Evidence.Table(new EvidenceTable("HTTPS-only probes", ["request", "result", "Location / suite", "judged"], rows));
        t.Finding(new Finding("GUI content without TLS or encryption", "none", failures.Count == 0 ? "none" : string.Join("; ", failures), failures.Count == 0, "TS 33.117 4.2.5.1"));
        return failures.Count > 0
            ? Decision.Fail("the GUI is not HTTPS-only: " + string.Join("; ", failures))
            : Decision.Pass($"plain HTTP refused or redirected to HTTPS ({rows.Count - 1} request(s)); NULL suites refused ({probe.Detail})");
    });
}
