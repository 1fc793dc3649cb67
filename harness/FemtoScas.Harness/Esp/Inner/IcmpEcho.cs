using System.Buffers.Binary;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Esp.Inner;

// ICMP Echo and Echo Reply (RFC 792, page 14):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Identifier          |        Sequence Number        |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Data ...                                                     8
//   +-+-+-+-+-
//
// Type 8 = echo, 0 = echo reply; the checksum covers the whole ICMP message. The reply returns
// identifier, sequence number and data unchanged.

/// <summary>An ICMP echo request or reply.</summary>
public sealed record IcmpEcho(bool IsReply, ushort Identifier, ushort SequenceNumber, ReadOnlyMemory<byte> Data, byte Code = 0)
{
    public const int TypeOffset = 0;
    public const int CodeOffset = 1;
    public const int ChecksumOffset = 2;
    public const int IdentifierOffset = 4;
    public const int SequenceOffset = 6;
    public const int DataOffset = 8;
    public const byte TypeEchoReply = 0;
    public const byte TypeEcho = 8;

    /// <summary>The reply to this request (RFC 792: identifier, sequence and data echoed).</summary>
    public IcmpEcho Reply() => this with { IsReply = true, Code = 0 };

    public byte[] ToBytes()
    {
        var bytes = new byte[DataOffset + Data.Length];
        bytes[TypeOffset] = IsReply ? TypeEchoReply : TypeEcho;
        bytes[CodeOffset] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(IdentifierOffset), Identifier);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(SequenceOffset), SequenceNumber);
        Data.Span.CopyTo(bytes.AsSpan(DataOffset));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChecksumOffset), InternetChecksum.Compute(bytes));
        return bytes;
    }

    /// <summary>Lenient parse of an ICMP message; null (no finding) when it is ICMP but not an echo, never throws.</summary>
    public static (IcmpEcho? Echo, IReadOnlyList<CodecFinding> Findings) Parse(ReadOnlySpan<byte> icmp)
    {
        var findings = new List<CodecFinding>();
        if (icmp.Length < DataOffset)
        {
            findings.Add(new CodecFinding(0, $"{icmp.Length} octets are shorter than an ICMP echo header", "RFC 792"));
            return (null, findings);
        }

        if (icmp[TypeOffset] is not (TypeEcho or TypeEchoReply))
            return (null, findings);
        if (InternetChecksum.Compute(icmp) != 0)
            findings.Add(new CodecFinding(ChecksumOffset, "ICMP checksum does not verify", "RFC 792"));
        return (new IcmpEcho(icmp[TypeOffset] == TypeEchoReply, BinaryPrimitives.ReadUInt16BigEndian(icmp[IdentifierOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(icmp[SequenceOffset..]), icmp[DataOffset..].ToArray(), icmp[CodeOffset]), findings);
    }
}
