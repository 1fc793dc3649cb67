using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Execution;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-MGMT-LINK (TS 33.545, baseline TS 33.320 4.4.6; clause to be confirmed) — management
/// traffic runs inside the tunnel (or over TLS meeting the TS 33.210 profile).
/// Requirement: no management protocol of the femto travels in clear on the backhaul.
/// Threat: configuration and software management readable or forgeable by the hosting party.
/// Steps: as NRF-BACKHAUL-TUNNEL-ONLY, watch what the DUT sends with its tunnel up; pick out
/// management protocols in clear (TR-069, SNMP, NETCONF, SSH, HTTP, syslog, TFTP/FTP; table in
/// BackhaulClassifier).
/// Expected: none in clear; TLS management (443, 6514) outside the tunnel is reported as not
/// judged here (its profile needs the operator's management server; TS33117-4.2.3.2.4 judges the
/// DUT's own TLS server).
/// Evidence: the capture, the class table, step log.
/// </summary>
[Requirement("NRF-MGMT-LINK")]
public sealed class ManagementLink : ConformanceTest
{
    [Test]
    public Task Management_traffic_does_not_travel_in_clear() => RunAsync(async t =>
    {
        await using var segw = new SegwForDut(t);
        try
        {
            var served = await BackhaulObservation.ObserveServedTunnelAsync(t, segw);
            if (served.CaptureUnavailable is { } why) return Decision.Inconclusive($"the backhaul cannot be captured: {why}");
            if (served.Sa is null) return Decision.Inconclusive($"no tunnel: {served.Why}");
            var management = served.Sent.Where(p => p.Class == BackhaulClass.Management).ToList();
            var clear = management.Where(p => !p.Why.StartsWith("HTTPS", StringComparison.Ordinal) && !p.Why.StartsWith("syslog over TLS", StringComparison.Ordinal)).ToList();
            t.Finding(new Finding("management protocols in clear on the backhaul", "none",
                clear.Count == 0 ? "none" : $"{clear.Count}, e.g. {clear[0].Packet} ({clear[0].Why})", clear.Count == 0, "TS 33.320 4.4.6"));
            if (clear.Count > 0)
                return Decision.Fail("management traffic in clear outside the tunnel: " + string.Join("; ", clear.GroupBy(p => p.Why).Select(g => $"{g.Key} ({g.Count()} packet(s), e.g. {g.First().Packet})")));
            if (management.Count > 0)
                return Decision.Inconclusive($"management over TLS outside the tunnel ({management[0].Why}): its TLS profile toward the operator's server is not judged by this case");
            if (served.Protected == 0)
                return Decision.Inconclusive($"the DUT sent no ESP in {t.Pixit.BackhaulObservation.TotalSeconds:0} s: no evidence that it manages through the tunnel");
            return Decision.Pass($"no management protocol outside the tunnel in {served.Sent.Count} packet(s); {served.Protected} ESP packet(s) carried its traffic, {served.InnerTo(7547, 161, 162, 830, 22, 80, 443)} of them management queries (decrypted by the harness SeGW)");
        }
        finally
        {
            segw.WriteKeyTables();
        }
    });
}
