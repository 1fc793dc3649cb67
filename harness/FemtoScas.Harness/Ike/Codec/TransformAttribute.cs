using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Transform attribute (RFC 7296 3.3.5):
 *
 *   octet 0 .. 1   | AF | attribute type (15 bits) |   AF=1: TV format, AF=0: TLV format
 *   octet 2 .. 3   TV: the 2-octet value itself;  TLV: length of the value that follows
 *   octet 4 ..     TLV only: value
 *
 *  Key Length (type 14) is the only attribute RFC 7296 defines and it is always TV.
 */

/// <summary>One transform attribute. For TV format <see cref="Value"/> is exactly two octets.</summary>
public sealed record TransformAttribute(ushort AttributeType, bool IsTv, ReadOnlyMemory<byte> Value)
{
    public const ushort FormatBit = 0x8000;
    public const int HeaderSize = 4;

    public static TransformAttribute KeyLength(ushort bits)
    {
        var value = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, bits);
        return new TransformAttribute((ushort)TransformAttributeType.KeyLength, true, value);
    }

    /// <summary>The 16-bit value of a TV attribute, or null for TLV.</summary>
    public ushort? TvValue => IsTv && Value.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value.Span) : null;

    /// <summary>Reads one attribute; returns null and the octets consumed = remaining on truncation.</summary>
    internal static TransformAttribute? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed)
    {
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"transform attribute truncated: {source.Length} octets left, 4 needed", "RFC 7296 3.3.5");
            consumed = source.Length;
            return null;
        }

        ushort typeField = BinaryPrimitives.ReadUInt16BigEndian(source);
        ushort second = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        bool tv = (typeField & FormatBit) != 0;
        ushort type = (ushort)(typeField & ~FormatBit);
        if (tv)
        {
            consumed = HeaderSize;
            if (type == (ushort)TransformAttributeType.KeyLength && second is not (64 or 128 or 192 or 256))
            {
                findings.Add(at + 2, $"key length {second} bits is not a length used by any IKEv2 cipher", "RFC 7296 3.3.5");
            }

            return new TransformAttribute(type, true, source.Slice(2, 2).ToArray());
        }

        if (type == (ushort)TransformAttributeType.KeyLength)
        {
            findings.Add(at, "Key Length attribute sent in TLV format; RFC 7296 requires TV", "RFC 7296 3.3.5");
        }

        if (HeaderSize + second > source.Length)
        {
            findings.Add(at + 2, $"TLV attribute length {second} runs past the end of its transform", "RFC 7296 3.3.5");
            consumed = source.Length;
            return new TransformAttribute(type, false, source[HeaderSize..].ToArray());
        }

        consumed = HeaderSize + second;
        return new TransformAttribute(type, false, source.Slice(HeaderSize, second).ToArray());
    }

    internal void Write(ByteSink sink)
    {
        sink.U16((ushort)((IsTv ? FormatBit : 0) | (AttributeType & ~FormatBit)));
        if (IsTv)
        {
            // TV carries its value in the length slot; a wrong-sized value is a caller bug.
            if (Value.Length != 2)
            {
                throw new ArgumentException($"TV transform attribute {AttributeType} needs a 2-octet value, got {Value.Length}");
            }

            sink.Bytes(Value.Span);
            return;
        }

        sink.U16((ushort)Value.Length);
        sink.Bytes(Value.Span);
    }
}
