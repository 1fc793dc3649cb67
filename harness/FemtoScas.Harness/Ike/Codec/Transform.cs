using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Transform substructure (RFC 7296 3.3.2):
 *
 *   octet 0        last substructure: 0 = last transform of the proposal, 3 = more follow
 *   octet 1        reserved (0)
 *   octet 2 .. 3   transform length including attributes
 *   octet 4        transform type (ENCR, PRF, INTEG, D-H, ESN)
 *   octet 5        reserved (0)
 *   octet 6 .. 7   transform ID
 *   octet 8 ..     transform attributes
 */

/// <summary>One transform. "Last substructure" and length are computed by the writer.</summary>
public sealed record Transform(TransformType Type, ushort Id, IReadOnlyList<TransformAttribute> Attributes)
{
    public const int HeaderSize = 8;
    public const int LastSubstructureOffset = 0;
    public const int LengthOffset = 2;
    public const int TypeOffset = 4;
    public const int IdOffset = 6;
    public const byte MoreTransforms = 3;

    public static Transform Encryption(EncrId id, ushort? keyLengthBits = null) =>
        new(TransformType.Encryption, (ushort)id, keyLengthBits is { } bits ? [TransformAttribute.KeyLength(bits)] : []);

    public static Transform Prf(PrfId id) => new(TransformType.PseudoRandomFunction, (ushort)id, []);

    public static Transform Integrity(IntegId id) => new(TransformType.Integrity, (ushort)id, []);

    public static Transform Dh(DhGroupId group) => new(TransformType.DiffieHellmanGroup, (ushort)group, []);

    public static Transform Esn(EsnMode mode) => new(TransformType.ExtendedSequenceNumbers, (ushort)mode, []);

    /// <summary>The Key Length attribute in bits, if present.</summary>
    public ushort? KeyLengthBits =>
        Attributes.FirstOrDefault(a => a.AttributeType == (ushort)TransformAttributeType.KeyLength)?.TvValue;

    internal static Transform? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed, out bool last)
    {
        last = true;
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"transform truncated: {source.Length} octets left, 8 needed", "RFC 7296 3.3.2");
            consumed = source.Length;
            return null;
        }

        byte lastField = source[LastSubstructureOffset];
        last = lastField == 0;
        if (lastField is not (0 or MoreTransforms))
        {
            findings.Add(at, $"transform 'last substructure' is {lastField}; only 0 or 3 are allowed", "RFC 7296 3.3.2");
        }

        if (source[1] != 0 || source[5] != 0)
        {
            findings.Add(at + 1, "reserved octet in transform is not zero", "RFC 7296 3.3.2");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length < HeaderSize)
        {
            findings.Add(at + LengthOffset, $"transform length {length} is below the 8-octet minimum", "RFC 7296 3.3.2");
            consumed = source.Length;
            return null;
        }

        if (length > source.Length)
        {
            findings.Add(at + LengthOffset, $"transform length {length} runs past its proposal ({source.Length} octets left)", "RFC 7296 3.3.2");
            length = source.Length;
        }

        var type = (TransformType)source[TypeOffset];
        if (!Enum.IsDefined(type))
        {
            findings.Add(at + TypeOffset, $"unknown transform type {(byte)type}", "RFC 7296 3.3.2");
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(source[IdOffset..]);
        var attributes = new List<TransformAttribute>();
        int position = HeaderSize;
        while (position < length)
        {
            var attribute = TransformAttribute.Read(source[position..length], at + position, findings, out int used);
            if (attribute is not null)
            {
                attributes.Add(attribute);
            }

            position += used;
        }

        consumed = length;
        return new Transform(type, id, attributes);
    }

    internal void Write(ByteSink sink, bool isLast)
    {
        int start = sink.Length;
        sink.U8(isLast ? (byte)0 : MoreTransforms);
        sink.U8(0);
        sink.U16(0);
        sink.U8((byte)Type);
        sink.U8(0);
        sink.U16(Id);
        foreach (var attribute in Attributes)
        {
            attribute.Write(sink);
        }

        sink.PatchU16(start + LengthOffset, checked((ushort)(sink.Length - start)));
    }
}
