using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Roles.IpStack;

// ICMPv6 message (RFC 4443 2.1), as a raw ICMPv6 socket hands it over (no IPv6 header):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Identifier          |        Sequence Number        |  4  (echo); the pointer (parameter
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     problem); reserved (redirect, RS)
//   |     Data ... (echo data, the invoking packet, ND fields and options)
//
// The checksum covers the RFC 8200 8.1 pseudo-header: source, destination, upper-layer length (32
// bits), three zero octets and next header 58.

/// <summary>One ICMPv6 message from <see cref="Source"/>: type, code, the second word and the rest.</summary>
public sealed record Icmpv6Message(IPAddress Source, byte Type, byte Code, ushort Identifier, ushort Sequence, ReadOnlyMemory<byte> Data)
{
    public const int TypeOffset = 0;
    public const int CodeOffset = 1;
    public const int ChecksumOffset = 2;
    public const int IdentifierOffset = 4;
    public const int SequenceOffset = 6;
    public const int HeaderLength = 8;

    public const byte DestinationUnreachable = 1;
    public const byte ParameterProblem = 4;
    public const byte EchoRequest = 128;
    public const byte EchoReply = 129;
    public const byte RouterSolicitation = 133;
    public const byte RouterAdvertisement = 134;
    public const byte NeighborSolicitation = 135;
    public const byte NeighborAdvertisement = 136;
    public const byte Redirect = 137;
    public const byte NodeInformationQuery = 139;
    public const byte NodeInformationReply = 140;

    /// <summary>The parameter problem's pointer (RFC 4443 3.4): the 32-bit second word.</summary>
    public uint Pointer => (uint)Identifier << 16 | Sequence;

    /// <summary>
    /// Lenient read of one ICMPv6 message received from <paramref name="source"/>: never throws, never
    /// allocates by a length the message states; shorter than an ICMPv6 header is null with a finding;
    /// with <paramref name="destination"/> (the harness's own address) a checksum that does not verify
    /// over the pseudo-header is a finding on a returned message.
    /// </summary>
    public static (Icmpv6Message? Message, IReadOnlyList<CodecFinding> Findings) Read(IPAddress source, IPAddress? destination, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(source);
        var findings = new List<CodecFinding>();
        if (message.Length < HeaderLength)
        {
            findings.Add(new CodecFinding(0, $"{message.Length} octets are shorter than an ICMPv6 header", "RFC 4443 2.1"));
            return (null, findings);
        }
        if (source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            findings.Add(new CodecFinding(0, $"source {source} is not an IPv6 address", "RFC 4443 2.1"));
            return (null, findings);
        }
        if (destination is { AddressFamily: AddressFamily.InterNetworkV6 } && Checksum(source, destination, message) != 0)
            findings.Add(new CodecFinding(ChecksumOffset, "ICMPv6 checksum does not verify over the pseudo-header", "RFC 4443 2.3"));
        return (new Icmpv6Message(source, message[TypeOffset], message[CodeOffset],
            BinaryPrimitives.ReadUInt16BigEndian(message[IdentifierOffset..]), BinaryPrimitives.ReadUInt16BigEndian(message[SequenceOffset..]),
            message[HeaderLength..].ToArray()), findings);
    }

    /// <summary>The ICMPv6 part (type, code, checksum over the pseudo-header, second word, data).</summary>
    public static byte[] Write(IPAddress source, IPAddress destination, byte type, byte code, uint secondWord, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = new byte[HeaderLength + data.Length];
        bytes[TypeOffset] = type;
        bytes[CodeOffset] = code;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(IdentifierOffset), secondWord);
        data.CopyTo(bytes.AsSpan(HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChecksumOffset), Checksum(source, destination, bytes));
        return bytes;
    }

    /// <summary>The reply type RFC 4443 / RFC 4861 / RFC 4620 pair with a query type; null for a type that is no query.</summary>
    public static byte? ReplyTo(byte queryType) => queryType switch
    {
        EchoRequest => EchoReply,
        RouterSolicitation => RouterAdvertisement,
        NodeInformationQuery => NodeInformationReply,
        _ => null,
    };

    // RFC 1071 sum over the pseudo-header followed by the message; 0 over a message whose checksum is right.
    private static ushort Checksum(IPAddress source, IPAddress destination, ReadOnlySpan<byte> message)
    {
        var buffer = new byte[40 + message.Length];
        source.GetAddressBytes().CopyTo(buffer, 0);
        destination.GetAddressBytes().CopyTo(buffer, 16);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(32), (uint)message.Length);
        buffer[39] = Ipv6Probe.NextHeaderIcmpv6;
        message.CopyTo(buffer.AsSpan(40));
        return InternetChecksum.Compute(buffer);
    }
}
