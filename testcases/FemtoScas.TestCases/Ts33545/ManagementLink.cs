using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Management;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-MGMT-LINK (TS 33.545, baseline TS 33.320 4.4.6; clause to be confirmed) — management
/// traffic runs inside the tunnel, or over TLS meeting the TS 33.210 profile.
/// Requirement: no management protocol of the femto travels in clear on the backhaul; management
/// over TLS outside the tunnel uses only the profile's versions and suites and authenticates the server.
/// Threat: configuration and software management readable or forgeable by the hosting party, or
/// by whoever can downgrade or impersonate the management server.
/// Steps: as NRF-BACKHAUL-TUNNEL-ONLY, watch what the DUT sends with its tunnel up; pick out
/// management protocols in clear (TR-069, SNMP, NETCONF, SSH, HTTP, syslog, TFTP/FTP; table in
/// BackhaulClassifier). Read every ClientHello on TLS management connections outside the tunnel
/// and judge it against fixtures/crypto-profiles/ts33210-tls.json (the table TS33117-4.2.3.2.4
/// uses). With PIXIT managementServer the harness stands in for the server (ManagementTlsCheck):
/// conformant server first (positive control), then a TLS 1.0/1.1-only server, a server with only
/// suites outside the profile and one with a certificate from an unknown root.
/// Expected: nothing in clear; every ClientHello within the profile; the conformant handshake
/// completes and the three others are refused. TLS outside the tunnel without the PIXIT
/// managementServer is INCONCLUSIVE (only half judged).
/// Evidence: the capture, the class table, the ClientHello table, the stand-in's connections, step log.
/// </summary>
[Requirement("NRF-MGMT-LINK")]
public sealed class ManagementLink : ConformanceTest
{
    [Test]
    public Task Management_traffic_does_not_travel_in_clear() => RunAsync(async t =>
    {
        await using var tls = ManagementTlsCheck.Start(t);
        return await ServedTunnelCase.JudgeAsync(t, new(
            "management protocols in clear on the backhaul",
            p => p.Class == BackhaulClass.Management && !ManagementTlsCheck.IsTlsManagement(p),
            "TS 33.320 4.4.6",
            "management traffic in clear outside the tunnel",
            ": no evidence that it manages through the tunnel",
            served => $"no management protocol in clear outside the tunnel in {served.Sent.Count} packet(s); {served.Protected} ESP packet(s) carried its traffic, {served.InnerTo(7547, 161, 162, 830, 22, 80, 443)} of them management queries (decrypted by the harness SeGW); {tls.Summary}",
            tls.Decide),
            tls.RunTrialsAsync);
    });
}
