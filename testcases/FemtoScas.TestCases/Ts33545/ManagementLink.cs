using FemtoScas.Harness.Capture;
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
    public Task Management_traffic_does_not_travel_in_clear() => RunAsync(t => BackhaulObservation.JudgeServedTunnelAsync(t, new(
        "management protocols in clear on the backhaul",
        p => p.Class == BackhaulClass.Management && !IsTls(p),
        "TS 33.320 4.4.6",
        "management traffic in clear outside the tunnel",
        ": no evidence that it manages through the tunnel",
        served => $"no management protocol outside the tunnel in {served.Sent.Count} packet(s); {served.Protected} ESP packet(s) carried its traffic, {served.InnerTo(7547, 161, 162, 830, 22, 80, 443)} of them management queries (decrypted by the harness SeGW)",
        served => served.Sent.FirstOrDefault(p => p.Class == BackhaulClass.Management) is { } tls
            ? Decision.Inconclusive($"management over TLS outside the tunnel ({tls.Why}): its TLS profile toward the operator's server is not judged by this case")
            : null)));

    private static bool IsTls(ClassifiedPacket p) =>
        p.Why.StartsWith("HTTPS", StringComparison.Ordinal) || p.Why.StartsWith("syslog over TLS", StringComparison.Ordinal);
}
