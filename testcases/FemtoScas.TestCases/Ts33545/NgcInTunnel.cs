using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-NGC-IN-TUNNEL (TS 33.545, baseline TS 33.320 4.4.5; clause to be confirmed) — NG-C travels only
/// inside the femto's tunnel.
/// Requirement: the femto's NGAP toward the core (SCTP, TS 38.412 7) runs inside its IPsec tunnel, never
/// on the backhaul in clear (N3 likewise once user plane is set up: not observed yet).
/// Threat: NGAP readable and forgeable on the hosting party's LAN (UE identities, keys in Initial Context
/// Setup, CAG lists).
/// Preconditions: PICS ngapCore; libpcap capture on the PIXIT captureInterface (root).
/// Steps: capture the DUT's packets; bring its tunnel up with the harness SeGW; attach the test UEs;
/// watch for backhaulObservationSeconds; look for SCTP inside the tunnel and for NG-C outside it.
/// Expected: SCTP inside the tunnel; no SCTP over UDP (RFC 6951) and nothing to or from port 38412 outside
/// it. NG-C outside: FAIL naming the packets; no SCTP inside: INCONCLUSIVE.
/// Evidence: the capture (decryptable with the key tables), the class and inner-flow tables, step log.
/// </summary>
[Requirement("NRF-NGC-IN-TUNNEL")]
public sealed class NgcInTunnel : ConformanceTest
{
    [Test]
    public Task NG_C_travels_only_inside_the_tunnel() => RunAsync(t => ServedTunnelCase.JudgeFromRecordAsync(t));
}
