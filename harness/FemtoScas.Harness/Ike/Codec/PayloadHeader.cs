using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/*  Generic payload header (RFC 7296 3.2), 4 octets in front of every payload:
 *
 *   octet 0        type of the NEXT payload (0 = last; inside SK: type of the first inner payload)
 *   octet 1        | C | reserved (7 bits) |     C = critical: reject the message if the type is unknown
 *   octet 2 .. 3   length of this payload including these 4 octets
 */

/// <summary>The generic payload header as found on the wire (for parsing and overrides).</summary>
public readonly record struct PayloadHeader(IkePayloadType NextPayload, bool Critical, byte Reserved, ushort Length)
{
    public const int Size = 4;
    public const int NextPayloadOffset = 0;
    public const int FlagsOffset = 1;
    public const int LengthOffset = 2;
    public const byte CriticalBit = 0x80;

    public static PayloadHeader Read(ReadOnlySpan<byte> source) => new(
        (IkePayloadType)source[NextPayloadOffset],
        (source[FlagsOffset] & CriticalBit) != 0,
        (byte)(source[FlagsOffset] & 0x7F),
        BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]));

    public void Write(Span<byte> destination)
    {
        destination[NextPayloadOffset] = (byte)NextPayload;
        destination[FlagsOffset] = (byte)((Critical ? CriticalBit : 0) | (Reserved & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], Length);
    }
}
