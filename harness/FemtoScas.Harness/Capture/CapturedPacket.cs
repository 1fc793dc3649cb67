using System.Buffers.Binary;
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
        var contents = CaptureContents.Read(path);
        undecoded = contents.NotIp + contents.Undecodable.Count;
        return contents.Packets;
    }
}

/// <summary>
/// A captured frame the decoder could not read (a malformed IP header, a transport header that
/// runs past the frame, an unknown or broken protocol). A DUT sends such frames by mistake or on
/// purpose; a check that judges the capture must say whether they change its decision.
/// </summary>
/// <param name="Number">The frame's number in the capture file, from 1.</param>
/// <param name="Source">The IP source when at least the fixed IP header could be read (RFC 791 3.1, RFC 8200 3), else null.</param>
/// <param name="Why">What the decoder stumbled on (the exception it raised, named).</param>
/// <param name="Octets">The frame as captured (link-layer header included), for a search that needs no decoding.</param>
public sealed record UndecodableFrame(int Number, IPAddress? Source, string Why, byte[] Octets)
{
    /// <summary>Whether <paramref name="dut"/> may have sent it: it did, or the source could not be read.</summary>
    public bool MayBeFrom(IPAddress dut) => Source is null || Source.Equals(dut);

    public override string ToString() => $"#{Number} from {Source?.ToString() ?? "an unreadable source"} ({Octets.Length} octets): {Why}";
}

/// <summary>What a capture file holds: the decoded IP packets, the frames that are not IP, the frames that could not be decoded.</summary>
/// <param name="Packets">The IP packets that decoded, in capture order.</param>
/// <param name="NotIp">How many well-formed frames carry no IP (ARP, LLDP, ...).</param>
/// <param name="Undecodable">The frames the decoder could not read.</param>
/// <param name="Problem">Why libpcap could not open the file or stopped reading it part way; null when it read to the end.</param>
public sealed record CaptureContents(IReadOnlyList<CapturedPacket> Packets, int NotIp, IReadOnlyList<UndecodableFrame> Undecodable, string? Problem)
{
    /// <summary>Undecodable frames <paramref name="dut"/> may have sent.</summary>
    public IReadOnlyList<UndecodableFrame> UndecodableFrom(IPAddress dut) => [.. Undecodable.Where(f => f.MayBeFrom(dut))];

    /// <summary>
    /// Reads every frame of a pcap/pcapng file. PacketDotNet decodes lazily: <c>ParsePacket</c>
    /// returns, and <c>Extract</c>, <c>PayloadPacket</c> or <c>PayloadData</c> throw later; every
    /// access happens here, inside one guard per frame, so no malformed frame escapes to a caller.
    /// A file libpcap cannot open or read to its end is <see cref="Problem"/>, never an exception.
    /// </summary>
    public static CaptureContents Read(string path)
    {
        var packets = new List<CapturedPacket>();
        var undecodable = new List<UndecodableFrame>();
        int notIp = 0;
        string? problem = null;
        CaptureFileReaderDevice reader;
        try
        {
            reader = new CaptureFileReaderDevice(path);
            reader.Open();
        }
        catch (PcapException e)
        {
            return new CaptureContents(packets, 0, undecodable, $"libpcap cannot open the capture: {e.Message}");
        }

        using (reader)
        {
            int number = 0;
            while (true)
            {
                // libpcap stops at a record whose header it rejects (e.g. a captured length beyond the snap length).
                var status = reader.GetNextPacket(out PacketCapture capture);
                if (status != GetPacketStatus.PacketRead)
                {
                    // A file that ends mid-record (a truncated capture) is an error here too, never a quiet end.
                    if (status != GetPacketStatus.NoRemainingPackets)
                        problem = $"libpcap stopped after frame {number} ({status}{(string.IsNullOrWhiteSpace(reader.LastError) ? "" : ": " + reader.LastError.Trim())})";
                    break;
                }

                number++;
                var raw = capture.GetPacket();
                var data = raw.Data;
                var (packet, isIp, why) = Decode(number, raw.LinkLayerType, data, TimeOf(raw.Timeval));
                if (packet is not null) packets.Add(packet);
                else if (why is not null) undecodable.Add(new UndecodableFrame(number, IpSource(raw.LinkLayerType, data), why, data));
                else if (!isIp) notIp++;
            }
        }

        return new CaptureContents(packets, notIp, undecodable, problem);
    }

    /// <summary>A record's time; a timestamp outside what DateTime holds (a forged or corrupt record header) is the epoch.</summary>
    private static DateTime TimeOf(PosixTimeval timeval)
    {
        try { return timeval.Date; }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { return DateTime.UnixEpoch; }
    }

    /// <summary>The packet, or isIp false for a well-formed frame that carries no IP (ARP, LLDP), or why it does not decode.</summary>
    private static (CapturedPacket? Packet, bool IsIp, string? Why) Decode(int number, LinkLayers link, byte[] data, DateTime time)
    {
        try
        {
            var parsed = Packet.ParsePacket(link, data);
            if (parsed.Extract<IPPacket>() is not { } ip) return (null, false, null);
            if (VersionProblem(link, data, ip) is { } versionProblem) return (null, true, versionProblem);
            if (UdpLengthProblem(ip) is { } udpProblem) return (null, true, udpProblem);
            var (kind, sport, dport, payload) = ip.PayloadPacket switch
            {
                UdpPacket udp => (TransportKind.Udp, (int)udp.SourcePort, (int)udp.DestinationPort, udp.PayloadData ?? []),
                TcpPacket tcp => (TransportKind.Tcp, (int)tcp.SourcePort, (int)tcp.DestinationPort, tcp.PayloadData ?? []),
                IcmpV4Packet icmp => (TransportKind.Icmp, 0, 0, icmp.PayloadData ?? []),
                _ when (int)ip.Protocol == 50 => (TransportKind.Esp, 0, 0, ip.PayloadData ?? []),
                _ => (TransportKind.Other, 0, 0, ip.PayloadData ?? []),
            };
            var packet = new CapturedPacket(number, time, ip.SourceAddress, ip.DestinationAddress, kind, sport, dport, payload)
            {
                TcpSequence = ip.PayloadPacket is TcpPacket t ? t.SequenceNumber : null,
                IcmpType = ip.PayloadPacket is IcmpV4Packet i ? (int)i.TypeCode >> 8 : null,
            };
            return (packet, true, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PacketDotNet signals a malformed frame with whatever its lazy decoding hits first
            // (ArgumentException, IndexOutOfRangeException, InvalidOperationException,
            // NotImplementedException for an unknown protocol version, ...): all mean "not decodable".
            return (null, true, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// An IP header whose version field (RFC 791 3.1, RFC 8200 3) is not the version the link layer
    /// announced: PacketDotNet follows the EtherType and never reads the version nibble, so a
    /// version-11 header under EtherType IPv4 would otherwise read as IPv4.
    /// </summary>
    private static string? VersionProblem(LinkLayers link, byte[] data, IPPacket ip)
    {
        if (IpOffset(link, data) is not { } at || at >= data.Length) return null;
        var version = data[at] >> 4;
        var expected = ip is IPv4Packet ? 4 : 6;
        return version == expected ? null : $"IP version {version} in a header the link layer announces as IPv{expected}";
    }

    /// <summary>
    /// A UDP length beyond the IPv4 payload the IP header declares (RFC 768: the length counts header
    /// and data; a receiver drops such a datagram, so what it carried cannot be known). A capture cut
    /// by its snap length is not this: there the IP total length runs past the frame as well, and the
    /// octets that were captured are kept.
    /// </summary>
    private static string? UdpLengthProblem(IPPacket ip)
    {
        if (ip is not IPv4Packet v4 || v4.PayloadPacket is not UdpPacket udp || udp.HeaderData is not { Length: >= 8 } header) return null;
        // Read from the header octets: PacketDotNet's Length is a signed 16-bit read.
        var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
        var declared = v4.TotalLength - v4.HeaderLength * 4;
        return length > declared ? $"UDP length {length} beyond the IPv4 payload of {declared} octets (RFC 768)" : null;
    }

    /// <summary>Where the IP header starts for the link types libpcap hands the harness (tcpdump.org link-layer header types).</summary>
    private static int? IpOffset(LinkLayers link, ReadOnlySpan<byte> frame) => link switch
    {
        LinkLayers.Raw or LinkLayers.RawLegacy or (LinkLayers)101 or (LinkLayers)228 or (LinkLayers)229 => 0,
        LinkLayers.Null or LinkLayers.Loop => 4,
        LinkLayers.LinuxSll => 16,
        LinkLayers.LinuxSll2 => 20,
        LinkLayers.Ethernet => EthernetPayload(frame),
        _ => null,
    };

    /// <summary>IEEE 802.3: 14-octet header, plus 4 octets per 802.1Q/802.1ad tag.</summary>
    private static int? EthernetPayload(ReadOnlySpan<byte> frame)
    {
        int at = 12;
        while (frame.Length >= at + 2 && BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) is 0x8100 or 0x88A8) at += 4;
        return frame.Length >= at + 2 ? at + 2 : null;
    }

    /// <summary>The source of a frame the decoder rejected, read from the fixed IP header alone (RFC 791 3.1; RFC 8200 3).</summary>
    private static IPAddress? IpSource(LinkLayers link, byte[] data)
    {
        var frame = data.AsSpan();
        if (IpOffset(link, frame) is not { } at || at >= frame.Length) return null;
        var ip = frame[at..];
        return (ip[0] >> 4) switch
        {
            4 when ip.Length >= 20 => new IPAddress(ip.Slice(12, 4)),
            6 when ip.Length >= 40 => new IPAddress(ip.Slice(8, 16)),
            _ => null,
        };
    }
}
