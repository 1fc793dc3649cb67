using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The rule of NRF-NGC-IN-TUNNEL (TS 33.545, baseline TS 33.320 4.4.5; TS 38.412 7) for <see cref="BackhaulJudgement"/>:
/// NG-C must travel only inside the tunnel. Forbidden on the backhaul outside ESP: SCTP over UDP (RFC 6951,
/// port 9899) and UDP or TCP to or from NGAP's port 38412. Without SCTP inside the
/// tunnel the DUT showed no NG-C at all, so the window proves nothing: INCONCLUSIVE.
/// </summary>
public static class NgcInTunnelRule
{
    public const byte IpProtocolSctp = 132;
    public const int NgapPort = 38412;
    public const int SctpOverUdpPort = 9899;

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

    /// <summary>
    /// The rule. Limit: raw SCTP (IP protocol 132) outside ESP reaches the classifier as <see cref="TransportKind.Other"/>
    /// without its protocol number, so it fails NRF-BACKHAUL-TUNNEL-ONLY ("other ... in clear") but is not named here.
    /// </summary>
    public static BackhaulJudgement.Rule Rule { get; } = new(
        "NG-C (SCTP / NGAP) outside the tunnel",
        p => NgcOutside(p) is not null,
        "TS 33.320 4.4.5; TS 38.412 7",
        "the DUT sends NG-C outside its tunnel",
        " with its tunnel up: it served no traffic, so the window proves nothing",
        served => $"NG-C ({served.Inner.Count(f => f.Protocol == "ip/" + IpProtocolSctp)} SCTP packet(s)) only inside the tunnel; none of the DUT's {served.Sent.Count} backhaul packets is NG-C",
        served => served.Inner.Any(f => f.Protocol == "ip/" + IpProtocolSctp) ? null
            : Decision.Inconclusive("the DUT sent no SCTP inside its tunnel while watched: it opened no NG-C, so where NG-C travels was not observed"));
}
