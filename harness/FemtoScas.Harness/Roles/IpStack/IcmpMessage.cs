using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Roles.IpStack;

// ICMPv4 message (RFC 792), after the IPv4 header:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Identifier          |        Sequence Number        |  4  (echo, timestamp, information, address mask)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     or the gateway address (redirect, type 5)
//   |     Data ... (timestamps, mask, or the offending datagram's header + 8 octets)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-

/// <summary>One ICMPv4 message as received in an IPv4 packet: who sent it, type, code, the second word and the rest.</summary>
public sealed record IcmpMessage(IPAddress Source, IPAddress Destination, byte Type, byte Code, ushort Identifier, ushort Sequence, ReadOnlyMemory<byte> Data)
{
    public const int TypeOffset = 0;
    public const int CodeOffset = 1;
    public const int ChecksumOffset = 2;
    public const int IdentifierOffset = 4;
    public const int SequenceOffset = 6;
    public const int HeaderLength = 8;

    public const byte EchoReply = 0;
    public const byte Redirect = 5;
    public const byte Echo = 8;
    public const byte Timestamp = 13;
    public const byte TimestampReply = 14;
    public const byte Information = 15;
    public const byte InformationReply = 16;
    public const byte AddressMask = 17;
    public const byte AddressMaskReply = 18;

    /// <summary>
    /// Lenient read of an IPv4 packet carrying ICMP (as a raw socket hands it over): never throws, never
    /// allocates by a length the packet states; anything that is not a whole ICMPv4 message is null with
    /// the findings saying why, a wrong checksum is a finding on a returned message.
    /// </summary>
    public static (IcmpMessage? Message, IReadOnlyList<CodecFinding> Findings) Read(ReadOnlySpan<byte> packet)
    {
        var (ip, ipFindings) = Ipv4Packet.Parse(packet);
        var findings = new List<CodecFinding>(ipFindings);
        if (ip is null) return (null, findings);
        if (ip.Protocol != Ipv4Packet.ProtocolIcmp)
        {
            findings.Add(new CodecFinding(Ipv4Packet.ProtocolOffset, $"protocol {ip.Protocol}, not ICMP (1)", "RFC 792"));
            return (null, findings);
        }
        if ((ip.FlagsAndFragment & 0x1FFF) != 0)
        {
            findings.Add(new CodecFinding(Ipv4Packet.FlagsFragmentOffset, "a non-first fragment holds no ICMP header", "RFC 791 3.2"));
            return (null, findings);
        }
        var icmp = ip.Payload.Span;
        if (icmp.Length < HeaderLength)
        {
            findings.Add(new CodecFinding(0, $"{icmp.Length} octets are shorter than an ICMP header", "RFC 792"));
            return (null, findings);
        }
        if (InternetChecksum.Compute(icmp) != 0)
            findings.Add(new CodecFinding(ChecksumOffset, "ICMP checksum does not verify", "RFC 792"));
        return (new IcmpMessage(ip.Source, ip.Destination, icmp[TypeOffset], icmp[CodeOffset],
            BinaryPrimitives.ReadUInt16BigEndian(icmp[IdentifierOffset..]), BinaryPrimitives.ReadUInt16BigEndian(icmp[SequenceOffset..]),
            ip.Payload[HeaderLength..]), findings);
    }

    /// <summary>The ICMP part (type, code, checksum, second word, data) with a correct checksum.</summary>
    public static byte[] Write(byte type, byte code, uint secondWord, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[HeaderLength + data.Length];
        bytes[TypeOffset] = type;
        bytes[CodeOffset] = code;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(IdentifierOffset), secondWord);
        data.CopyTo(bytes.AsSpan(HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChecksumOffset), InternetChecksum.Compute(bytes));
        return bytes;
    }

    /// <summary>The reply type RFC 792 / RFC 950 pairs with a request type; null for a type that is no query.</summary>
    public static byte? ReplyTo(byte requestType) => requestType switch
    {
        Echo => EchoReply,
        Timestamp => TimestampReply,
        Information => InformationReply,
        AddressMask => AddressMaskReply,
        _ => null,
    };
}
