using System.Net;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace FemtoScas.Harness.Capture;

public enum TransportKind
{
    Udp,
    Tcp,
    Esp,
    Icmp,
    Other,
}

/// <summary>One IP packet of a capture file, reduced to what the backhaul checks look at.</summary>
public sealed record CapturedPacket(int Number, DateTime Time, IPAddress Source, IPAddress Destination, TransportKind Transport,
    int SourcePort, int DestinationPort, byte[] Payload)
{
    /// <summary>The TCP sequence number of the first payload octet (null for other transports), so TCP streams can be put back together.</summary>
    public uint? TcpSequence { get; init; }

    /// <summary>The ICMPv4 type (RFC 792: 3 destination unreachable, 11 time exceeded, ...); null for other transports.</summary>
    public int? IcmpType { get; init; }

    public override string ToString() => $"#{Number} {Transport} {Source}:{SourcePort} -> {Destination}:{DestinationPort} ({Payload.Length} octets)";

    /// <summary>
    /// Reads every IPv4/IPv6 packet of a pcap/pcapng file (libpcap's reader, PacketDotNet's decoder).
    /// Frames that are not IP, or that do not decode, are counted in <paramref name="undecoded"/>, never thrown.
    /// </summary>
    public static IReadOnlyList<CapturedPacket> ReadFile(string path, out int undecoded)
    {
        var packets = new List<CapturedPacket>();
        int bad = 0;
        using var reader = new CaptureFileReaderDevice(path);
        reader.Open();
        int number = 0;
        while (reader.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            number++;
            var raw = capture.GetPacket();
            Packet parsed;
            try { parsed = Packet.ParsePacket(raw.LinkLayerType, raw.Data); }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or NotImplementedException)
            {
                bad++;
                continue;
            }

            if (parsed.Extract<IPPacket>() is not { } ip)
            {
                bad++;
                continue;
            }

            var (kind, sport, dport, payload) = ip.PayloadPacket switch
            {
                UdpPacket udp => (TransportKind.Udp, (int)udp.SourcePort, (int)udp.DestinationPort, udp.PayloadData ?? []),
                TcpPacket tcp => (TransportKind.Tcp, (int)tcp.SourcePort, (int)tcp.DestinationPort, tcp.PayloadData ?? []),
                IcmpV4Packet icmp => (TransportKind.Icmp, 0, 0, icmp.PayloadData ?? []),
                _ when (int)ip.Protocol == 50 => (TransportKind.Esp, 0, 0, ip.PayloadData ?? []),
                _ => (TransportKind.Other, 0, 0, ip.PayloadData ?? []),
            };
            packets.Add(new CapturedPacket(number, raw.Timeval.Date, ip.SourceAddress, ip.DestinationAddress, kind, sport, dport, payload)
            {
                TcpSequence = ip.PayloadPacket is TcpPacket t ? t.SequenceNumber : null,
                IcmpType = ip.PayloadPacket is IcmpV4Packet i ? (int)i.TypeCode >> 8 : null,
            });
        }

        undecoded = bad;
        return packets;
    }
}
