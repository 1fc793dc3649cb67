using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The rule of NRF-NGC-IN-TUNNEL (TS 33.545, baseline TS 33.320 4.4.5; TS 38.412 7, TS 38.414 / TS 29.281) for
/// <see cref="BackhaulJudgement"/>: NG-C, and N3 once set up, must travel only inside the tunnel. Forbidden on the
/// backhaul outside ESP: SCTP over UDP (RFC 6951, port 9899), UDP or TCP to or from NGAP's port 38412, and GTP-U (UDP
/// port 2152, N3). Without SCTP inside the tunnel the DUT showed no NG-C at all, so the window proves nothing:
/// INCONCLUSIVE. When the harness played the core (<see cref="ServedTunnel.N3"/>), N3 is judged as well: no PDU session
/// set up, or a session set up but no GTP-U inside the tunnel, leaves the N3 half unobserved, and a PASS would claim it:
/// INCONCLUSIVE naming what was missing. A record without N3 (an older version's) is judged on NG-C alone, as it was.
/// </summary>
public static class NgcInTunnelRule
{
    public const byte IpProtocolSctp = 132;
    public const int NgapPort = 38412;
    public const int SctpOverUdpPort = 9899;
    public const int GtpuPort = 2152;

    /// <summary>Why <paramref name="p"/>, sent outside ESP, is NG-C; null when it is not.</summary>
    public static string? NgcOutside(ClassifiedPacket p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var packet = p.Packet;
        if (p.Class is BackhaulClass.Ike or BackhaulClass.Esp or BackhaulClass.EspInUdp or BackhaulClass.NatKeepalive) return null;
        if (packet.Transport == TransportKind.Udp && (packet.DestinationPort == SctpOverUdpPort || packet.SourcePort == SctpOverUdpPort))
            return "SCTP over UDP (RFC 6951) outside the tunnel";
        if (packet.Transport is TransportKind.Udp or TransportKind.Tcp && (packet.DestinationPort == NgapPort || packet.SourcePort == NgapPort))
            return $"{packet.Transport} to or from NGAP's port {NgapPort} outside the tunnel";
        return null;
    }

    /// <summary>Why <paramref name="p"/>, sent outside ESP, is N3 (GTP-U, TS 29.281 4.4.2.3: UDP port 2152); null when it is not.</summary>
    public static string? N3Outside(ClassifiedPacket p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var packet = p.Packet;
        if (p.Class is BackhaulClass.Ike or BackhaulClass.Esp or BackhaulClass.EspInUdp or BackhaulClass.NatKeepalive) return null;
        return packet.Transport == TransportKind.Udp && (packet.DestinationPort == GtpuPort || packet.SourcePort == GtpuPort)
            ? $"GTP-U (N3, UDP port {GtpuPort}) outside the tunnel" : null;
    }

    /// <summary>The N3 half of the judgement, once NG-C was seen inside: null when N3 was seen inside or not part of the record.</summary>
    public static Decision? N3Undecided(ServedTunnel served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (served.N3 is not { } n3) return null;
        if (n3.PduSessionsSetUp == 0)
            return Decision.Inconclusive($"NG-C travelled inside the tunnel, but N3 was not observed: {n3.Why}");
        if (served.InnerTo(GtpuPort) == 0)
            return Decision.Inconclusive($"NG-C travelled inside the tunnel and a PDU session was set up ({n3.Why}), but the DUT sent no GTP-U (UDP {GtpuPort}) "
                + "inside the tunnel while watched, so where N3 travels was not observed (a physical femto sends G-PDUs when its UE sends data)");
        return null;
    }

    /// <summary>
    /// The rule. Limit: raw SCTP (IP protocol 132) outside ESP reaches the classifier as <see cref="TransportKind.Other"/>
    /// without its protocol number, so it fails NRF-BACKHAUL-TUNNEL-ONLY ("other ... in clear") but is not named here.
    /// </summary>
    public static BackhaulJudgement.Rule Rule { get; } = new(
        "NG-C (SCTP / NGAP) or N3 (GTP-U) outside the tunnel",
        p => NgcOutside(p) is not null || N3Outside(p) is not null,
        "TS 33.320 4.4.5; TS 38.412 7; TS 38.414 / TS 29.281",
        "the DUT sends NG-C or N3 outside its tunnel",
        " with its tunnel up: it served no traffic, so the window proves nothing",
        served => $"NG-C ({served.Inner.Count(f => f.Protocol == "ip/" + IpProtocolSctp)} SCTP packet(s))"
            + (served.N3 is null ? "" : $" and N3 ({served.InnerTo(GtpuPort)} GTP-U packet(s) of a PDU session the harness set up)")
            + $" only inside the tunnel; none of the DUT's {served.Sent.Count} backhaul packets is NG-C or N3"
            + (served.N3 is null ? " (N3 not observed: no core played in this observation)" : ""),
        served => served.Inner.Any(f => f.Protocol == "ip/" + IpProtocolSctp) ? N3Undecided(served)
            : Decision.Inconclusive("the DUT sent no SCTP inside its tunnel while watched: it opened no NG-C, so where NG-C travels was not observed"),
        p => NgcOutside(p) ?? N3Outside(p));
}
