using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-BACKHAUL-TUNNEL-ONLY (TS 33.545, baseline TS 33.320 4.4.5; clause to be confirmed) — nothing
/// leaves the femto outside the tunnel but what the vendor documents.
/// Requirement: with the tunnel up, every packet the femto sends is IKE or ESP (possibly in UDP),
/// apart from the clear text the PIXIT lists (allowedClearText: DHCP, DNS, ...) and TCP to the
/// PIXIT managementServer: a femto that manages over TLS outside the tunnel (TS 33.320 allows
/// that) documents the server there, and NRF-MGMT-LINK judges that TLS link. TLS management to
/// any other destination is not documented and fails here.
/// Threat: user plane, NGAP or management traffic readable and forgeable on the hosting party's LAN.
/// Preconditions: libpcap capture on the PIXIT captureInterface (root).
/// Steps: capture the DUT's packets; bring its tunnel up with the harness SeGW; attach the test UEs;
/// watch for backhaulObservationSeconds; classify every packet the DUT sent.
/// Expected: only IKE, ESP, ESP-in-UDP, NAT-keepalives and documented clear text; at least one
/// ESP packet (the DUT did use its tunnel, or the window proves nothing).
/// Evidence: the capture (decryptable with the key tables), the class table, step log.
/// </summary>
[Requirement("NRF-BACKHAUL-TUNNEL-ONLY")]
public sealed class BackhaulTunnelOnly : ConformanceTest
{
    [Test]
    public Task Only_IKE_ESP_and_documented_clear_text_leave_the_DUT() => RunAsync(ServedTunnelCase.JudgeFromRecordAsync);
}
