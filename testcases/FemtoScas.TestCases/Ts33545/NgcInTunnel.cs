using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-NGC-IN-TUNNEL (TS 33.545, baseline TS 33.320 4.4.5; clause to be confirmed) — NG-C and N3 travel only
/// inside the femto's tunnel.
/// Requirement: the femto's NGAP toward the core (SCTP, TS 38.412 7) and, once a PDU session is set up, its N3
/// user plane (GTP-U, UDP 2152, TS 29.281) run inside its IPsec tunnel, never on the backhaul in clear.
/// Threat: NGAP readable and forgeable on the hosting party's LAN (UE identities, keys in Initial Context
/// Setup, CAG lists).
/// Preconditions: PICS ngapCore; libpcap capture on the PIXIT captureInterface (root).
/// Steps: capture the DUT's packets; bring its tunnel up with the harness SeGW, the harness AMF/UPF on the core
/// section's AMF address inside it; attach the test UEs; the AMF answers NG Setup, sets up the first UE's context
/// and one PDU session (UL GTP-U endpoint: the harness's inner address), waits for GTP-U, releases both; watch for
/// backhaulObservationSeconds; look for SCTP and GTP-U inside the tunnel and for NG-C or N3 outside it.
/// Expected: SCTP and GTP-U inside the tunnel; no SCTP over UDP (RFC 6951), nothing to or from port 38412 and no
/// GTP-U (UDP 2152) outside it. NG-C or N3 outside: FAIL naming the packets; no SCTP inside, no PDU session, or no
/// GTP-U inside after one was set up: INCONCLUSIVE naming what was not observed.
/// Evidence: the capture (decryptable with the key tables), the class and inner-flow tables, step log.
/// </summary>
[Requirement("NRF-NGC-IN-TUNNEL")]
public sealed class NgcInTunnel : ConformanceTest
{
    [Test]
    public Task NG_C_and_N3_travel_only_inside_the_tunnel() =>
        RunAsync(t => ServedTunnelCase.JudgeFromRecordAsync(t, session => NgcObservation.ObserveServedTunnelWithCoreAsync(t, session)));
}
