using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/*  IKE header (RFC 7296 3.1), 28 octets, all integers big-endian:
 *
 *   octet  0 ..  7   initiator's IKE SA SPI (never zero)
 *   octet  8 .. 15   responder's IKE SA SPI (zero in the first IKE_SA_INIT request)
 *   octet 16         type of the first payload
 *   octet 17         version: high nibble major (2), low nibble minor (0)
 *   octet 18         exchange type
 *   octet 19         flags  | x | x | R | V | I | x | x | x |   R=response, I=original initiator
 *   octet 20 .. 23   message ID
 *   octet 24 .. 27   length of the whole message including this header
 */

/// <summary>
/// The fixed IKE header. <see cref="NextPayload"/> and <see cref="Length"/> are what was on the
/// wire when parsed; <see cref="IkeMessageWriter"/> recomputes them (see <see cref="IkeWriteOverrides"/>
/// to send other values).
/// </summary>
public sealed record IkeHeader(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    IkePayloadType NextPayload,
    byte MajorVersion,
    byte MinorVersion,
    IkeExchangeType ExchangeType,
    IkeHeaderFlags Flags,
    uint MessageId,
    uint Length)
{
    public const int Size = 28;
    public const int InitiatorSpiOffset = 0;
    public const int ResponderSpiOffset = 8;
    public const int NextPayloadOffset = 16;
    public const int VersionOffset = 17;
    public const int ExchangeTypeOffset = 18;
    public const int FlagsOffset = 19;
    public const int MessageIdOffset = 20;
    public const int LengthOffset = 24;

    private const IkeHeaderFlags DefinedFlags = IkeHeaderFlags.Initiator | IkeHeaderFlags.Version | IkeHeaderFlags.Response;

    /// <summary>A version 2.0 header; next payload and length are left for the writer to compute.</summary>
    public static IkeHeader Create(ulong initiatorSpi, ulong responderSpi, IkeExchangeType exchange, IkeHeaderFlags flags, uint messageId) =>
        new(initiatorSpi, responderSpi, IkePayloadType.None, 2, 0, exchange, flags, messageId, 0);

    public bool IsResponse => (Flags & IkeHeaderFlags.Response) != 0;

    public bool FromOriginalInitiator => (Flags & IkeHeaderFlags.Initiator) != 0;

    /// <summary>Decodes the header; returns null (with a finding) only when fewer than 28 octets exist.</summary>
    public static IkeHeader? Read(ReadOnlySpan<byte> datagram, List<CodecFinding> findings)
    {
        if (datagram.Length < Size)
        {
            findings.Add(0, $"datagram of {datagram.Length} octets is shorter than the 28-octet IKE header", "RFC 7296 3.1");
            return null;
        }

        var header = new IkeHeader(
            BinaryPrimitives.ReadUInt64BigEndian(datagram[InitiatorSpiOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(datagram[ResponderSpiOffset..]),
            (IkePayloadType)datagram[NextPayloadOffset],
            (byte)(datagram[VersionOffset] >> 4),
            (byte)(datagram[VersionOffset] & 0x0F),
            (IkeExchangeType)datagram[ExchangeTypeOffset],
            (IkeHeaderFlags)datagram[FlagsOffset],
            BinaryPrimitives.ReadUInt32BigEndian(datagram[MessageIdOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[LengthOffset..]));

        if (header.MajorVersion != 2)
        {
            // 2.5: a receiver must drop it and should answer INVALID_MAJOR_VERSION (unencrypted).
            findings.Add(VersionOffset, $"major version {header.MajorVersion} is not 2; receiver must answer INVALID_MAJOR_VERSION", "RFC 7296 2.5, 3.1");
        }

        if (header.InitiatorSpi == 0)
        {
            findings.Add(InitiatorSpiOffset, "initiator SPI is zero", "RFC 7296 3.1");
        }

        if ((header.Flags & ~DefinedFlags) != 0)
        {
            findings.Add(FlagsOffset, $"reserved flag bits set (flags 0x{(byte)header.Flags:X2})", "RFC 7296 3.1");
        }

        if (!Enum.IsDefined(header.ExchangeType))
        {
            findings.Add(ExchangeTypeOffset, $"unknown exchange type {(byte)header.ExchangeType}", "RFC 7296 3.1");
        }

        if (header.Length < Size)
        {
            findings.Add(LengthOffset, $"length field {header.Length} is shorter than the header itself", "RFC 7296 3.1");
        }
        else if (header.Length > datagram.Length)
        {
            findings.Add(LengthOffset, $"length field {header.Length} exceeds the {datagram.Length}-octet datagram", "RFC 7296 3.1");
        }
        else if (header.Length < datagram.Length)
        {
            findings.Add((int)header.Length, $"{datagram.Length - header.Length} octets follow the length the header declares", "RFC 7296 3.1");
        }

        return header;
    }

    /// <summary>Encodes this header verbatim (no field is recomputed here).</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination[InitiatorSpiOffset..], InitiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ResponderSpiOffset..], ResponderSpi);
        destination[NextPayloadOffset] = (byte)NextPayload;
        destination[VersionOffset] = (byte)((MajorVersion << 4) | (MinorVersion & 0x0F));
        destination[ExchangeTypeOffset] = (byte)ExchangeType;
        destination[FlagsOffset] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[MessageIdOffset..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[LengthOffset..], Length);
    }
}
