using System.Buffers.Binary;
using System.Net;

namespace FemtoScas.Harness.Esp.Inner;

//    0      7 8     15 16    23 24    31
//   +--------+--------+--------+--------+
//   |   Source Port   | Destination Port|   0   (RFC 768)
//   +--------+--------+--------+--------+
//   |     Length      |    Checksum     |   4   checksum over the IPv4 pseudo-header too
//   +--------+--------+--------+--------+
//   |          data octets ...              8

/// <summary>A UDP datagram (RFC 768) as the payload of an inner IPv4 packet.</summary>
public sealed record UdpDatagram(ushort SourcePort, ushort DestinationPort, ReadOnlyMemory<byte> Data)
{
    public const int HeaderSize = 8;
    public const byte IpProtocol = 17;

    /// <summary>The datagram with its checksum over the pseudo-header of <paramref name="source"/> → <paramref name="destination"/>.</summary>
    public byte[] ToBytes(IPAddress source, IPAddress destination)
    {
        var octets = new byte[HeaderSize + Data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(octets, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(2), DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(4), (ushort)octets.Length);
        Data.Span.CopyTo(octets.AsSpan(HeaderSize));
        var pseudo = new byte[12 + octets.Length];
        source.GetAddressBytes().CopyTo(pseudo, 0);
        destination.GetAddressBytes().CopyTo(pseudo, 4);
        pseudo[9] = IpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)octets.Length);
        octets.CopyTo(pseudo, 12);
        var checksum = InternetChecksum.Compute(pseudo);
        // RFC 768: a computed zero is sent as all ones.
        BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(6), checksum == 0 ? (ushort)0xFFFF : checksum);
        return octets;
    }

    /// <summary>Source and destination port of a UDP payload; null when too short.</summary>
    public static (ushort Source, ushort Destination)? Ports(ReadOnlySpan<byte> udp) =>
        udp.Length < HeaderSize ? null : (BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]));
}
