using System.Buffers.Binary;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Esp;

// ESP packet as carried after the outer IP or UDP header (RFC 4303 2, figure 1):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |               Security Parameters Index (SPI)                 |  offset 0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                      Sequence Number                          |  offset 4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                IV (8 for AES-GCM, 16 for AES-CBC)             |  offset 8
//   ~     encrypted: Payload | Padding | Pad Length | Next Header    ~  (EspTrailer)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Integrity Check Value (16 for GCM-16, 16/24/32 HMAC)  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SPI 1..255 are reserved by IANA and 0 is local-only (RFC 4303 2.1); in ESP-in-UDP an SPI of 0
// would be the non-ESP marker (RFC 3948 2.2). IV and ICV lengths depend on the SA, so the
// structural parse needs them; without an SA only SPI and sequence number are known.

/// <summary>An ESP packet split into its fields; <see cref="Encrypted"/> is still ciphertext.</summary>
public sealed record EspPacket(uint Spi, uint SequenceNumber, ReadOnlyMemory<byte> Iv, ReadOnlyMemory<byte> Encrypted, ReadOnlyMemory<byte> Icv)
{
    public const int SpiOffset = 0;
    public const int SequenceOffset = 4;
    public const int IvOffset = 8;
    public const int HeaderLength = 8;

    public int Length => HeaderLength + Iv.Length + Encrypted.Length + Icv.Length;

    /// <summary>SPI and sequence number only, for routing and the replay check before any crypto; null when shorter than the header.</summary>
    public static (uint Spi, uint Sequence)? PeekHeader(ReadOnlySpan<byte> packet) =>
        packet.Length < HeaderLength
            ? null
            : (BinaryPrimitives.ReadUInt32BigEndian(packet[SpiOffset..]), BinaryPrimitives.ReadUInt32BigEndian(packet[SequenceOffset..]));

    /// <summary>
    /// Lenient structural parse with the SA's IV and ICV lengths: never throws; what does not fit is a finding
    /// (offset from the first octet of the SPI). <paramref name="blockSize"/> is the cipher's alignment (1 for GCM).
    /// </summary>
    public static EspParseResult Parse(ReadOnlySpan<byte> packet, int ivLength, int icvLength, int blockSize = 1)
    {
        var findings = new List<CodecFinding>();
        if (ivLength < 0 || icvLength < 0 || blockSize < 1)
        {
            findings.Add(new CodecFinding(0, $"impossible SA lengths IV {ivLength}, ICV {icvLength}, block {blockSize}", "RFC 4303 2"));
            return new EspParseResult(null, findings);
        }

        if (packet.Length < HeaderLength)
        {
            findings.Add(new CodecFinding(0, $"{packet.Length} octets are shorter than the 8-octet ESP header", "RFC 4303 2"));
            return new EspParseResult(null, findings);
        }

        var spi = BinaryPrimitives.ReadUInt32BigEndian(packet[SpiOffset..]);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(packet[SequenceOffset..]);
        if (spi is > 0 and < 256)
            findings.Add(new CodecFinding(SpiOffset, $"SPI {spi} is in the range 1-255 reserved by IANA", "RFC 4303 2.1"));
        if (spi == 0)
            findings.Add(new CodecFinding(SpiOffset, "SPI 0 must not appear on the wire", "RFC 4303 2.1"));
        if (sequence == 0)
            findings.Add(new CodecFinding(SequenceOffset, "sequence number 0: the first packet of an SA carries 1", "RFC 4303 2.2, 3.3.3"));

        // Trailer (pad length, next header) is at least 2 octets of ciphertext.
        var minimum = HeaderLength + ivLength + 2 + icvLength;
        if (packet.Length < minimum)
        {
            findings.Add(new CodecFinding(packet.Length, $"{packet.Length} octets leave no room for IV {ivLength}, trailer 2 and ICV {icvLength} (minimum {minimum})", "RFC 4303 2"));
            return new EspParseResult(null, findings);
        }

        var encryptedLength = packet.Length - HeaderLength - ivLength - icvLength;
        var alignment = Math.Max(blockSize, 4);
        if (encryptedLength % alignment != 0)
            findings.Add(new CodecFinding(IvOffset + ivLength, $"encrypted part of {encryptedLength} octets is not a multiple of {alignment}", "RFC 4303 2.4"));

        var copy = packet.ToArray();
        return new EspParseResult(new EspPacket(spi, sequence,
            copy.AsMemory(IvOffset, ivLength),
            copy.AsMemory(IvOffset + ivLength, encryptedLength),
            copy.AsMemory(copy.Length - icvLength, icvLength)), findings);
    }

    /// <summary>Writes the fields back as one packet (a parsed packet round-trips octet for octet).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(SpiOffset), Spi);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(SequenceOffset), SequenceNumber);
        Iv.Span.CopyTo(bytes.AsSpan(IvOffset));
        Encrypted.Span.CopyTo(bytes.AsSpan(IvOffset + Iv.Length));
        Icv.Span.CopyTo(bytes.AsSpan(bytes.Length - Icv.Length));
        return bytes;
    }
}

/// <summary>A parse outcome: the packet when its structure fits, and every deviation seen.</summary>
public sealed record EspParseResult(EspPacket? Packet, IReadOnlyList<CodecFinding> Findings);
