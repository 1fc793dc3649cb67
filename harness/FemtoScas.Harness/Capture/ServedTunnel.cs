using System.Net;
using FemtoScas.Harness.Esp.Inner;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// What a backhaul observation of a DUT serving traffic saw: whether the tunnel attempt gave an IKE SA
/// (<paramref name="TunnelUp"/>; when not, <paramref name="Why"/>), why the
/// backhaul could not be captured (null when it was), every packet the DUT sent, classified, and
/// the inner flows the harness SeGW decrypted. The observation of the SeGW role, the input of the
/// backhaul judgements.
/// </summary>
public sealed record ServedTunnel(bool TunnelUp, string Why, string? CaptureUnavailable, IReadOnlyList<ClassifiedPacket> Sent, IReadOnlyList<InnerFlow> Inner)
{
    /// <summary>How the capture was read: the frames the DUT may have sent that the decoder could not read, and whether the file was read to its end.</summary>
    public CaptureReading Reading { get; init; } = new(0, [], null);

    /// <summary>Frames the DUT may have sent that the decoder could not read: what they were cannot be judged.</summary>
    public IReadOnlyList<UndecodableFrame> Undecodable => Reading.Undecodable;

    /// <summary>Inner packets the DUT sent through the tunnel to one of <paramref name="ports"/> (UDP/TCP destination).</summary>
    public int InnerTo(params int[] ports) => Inner.Count(f => ports.Contains(f.DestinationPort));

    /// <summary>Packets that prove the DUT used its tunnel during the window.</summary>
    public int Protected => Sent.Count(p => p.Class is BackhaulClass.Esp or BackhaulClass.EspInUdp);

    /// <summary>What the harness as AMF/UPF did about N3 during the window (NRF-NGC-IN-TUNNEL); null when no core role played.</summary>
    public N3Summary? N3 { get; init; }
}

/// <summary>N3 during a served-tunnel observation: how many PDU sessions the harness AMF set up through the DUT, and what happened.</summary>
public sealed record N3Summary(int PduSessionsSetUp, string Why);

/// <summary>One inner IPv4 packet the DUT sent through ESP: where to, which protocol and port.</summary>
public sealed record InnerFlow(IPAddress Destination, string Protocol, int DestinationPort)
{
    public static InnerFlow? From(Ipv4Packet? ip)
    {
        if (ip is null) return null;
        var ports = UdpDatagram.Ports(ip.Payload.Span);
        return ip.Protocol switch
        {
            17 => new InnerFlow(ip.Destination, "udp", ports?.Destination ?? 0),
            6 => new InnerFlow(ip.Destination, "tcp", ports?.Destination ?? 0),
            1 => new InnerFlow(ip.Destination, "icmp", 0),
            _ => new InnerFlow(ip.Destination, $"ip/{ip.Protocol}", 0),
        };
    }
}
