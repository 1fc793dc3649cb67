using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Proposal substructure (RFC 7296 3.3.1):
 *
 *   octet 0        last substructure: 0 = last proposal, 2 = more follow
 *   octet 1        reserved (0)
 *   octet 2 .. 3   proposal length including SPI and transforms
 *   octet 4        proposal number (first is 1; each next is the same or one more)
 *   octet 5        protocol ID (1 IKE, 2 AH, 3 ESP)
 *   octet 6        SPI size (0 for an initial IKE SA, 8 for IKE rekey, 4 for AH/ESP)
 *   octet 7        number of transforms
 *   octet 8 ..     SPI, then the transforms
 */

/// <summary>One proposal. "Last", length, SPI size and transform count are computed by the writer.</summary>
public sealed record Proposal(byte Number, IkeProtocolId Protocol, ReadOnlyMemory<byte> Spi, IReadOnlyList<Transform> Transforms)
{
    public const int HeaderSize = 8;
    public const int LastSubstructureOffset = 0;
    public const int LengthOffset = 2;
    public const int NumberOffset = 4;
    public const int ProtocolOffset = 5;
    public const int SpiSizeOffset = 6;
    public const int TransformCountOffset = 7;
    public const byte MoreProposals = 2;

    public IEnumerable<Transform> OfType(TransformType type) => Transforms.Where(t => t.Type == type);

    internal static Proposal? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed, out bool last)
    {
        last = true;
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"proposal truncated: {source.Length} octets left, 8 needed", "RFC 7296 3.3.1");
            consumed = source.Length;
            return null;
        }

        byte lastField = source[LastSubstructureOffset];
        last = lastField == 0;
        if (lastField is not (0 or MoreProposals))
        {
            findings.Add(at, $"proposal 'last substructure' is {lastField}; only 0 or 2 are allowed", "RFC 7296 3.3.1");
        }

        if (source[1] != 0)
        {
            findings.Add(at + 1, "reserved octet in proposal is not zero", "RFC 7296 3.3.1");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length < HeaderSize)
        {
            findings.Add(at + LengthOffset, $"proposal length {length} is below the 8-octet minimum", "RFC 7296 3.3.1");
            consumed = source.Length;
            return null;
        }

        if (length > source.Length)
        {
            findings.Add(at + LengthOffset, $"proposal length {length} runs past the SA payload ({source.Length} octets left)", "RFC 7296 3.3.1");
            length = source.Length;
        }

        var protocol = (IkeProtocolId)source[ProtocolOffset];
        if (protocol is not (IkeProtocolId.Ike or IkeProtocolId.Ah or IkeProtocolId.Esp))
        {
            findings.Add(at + ProtocolOffset, $"proposal protocol ID {(byte)protocol} is not IKE, AH or ESP", "RFC 7296 3.3.1");
        }

        int spiSize = source[SpiSizeOffset];
        int declaredTransforms = source[TransformCountOffset];
        if (HeaderSize + spiSize > length)
        {
            findings.Add(at + SpiSizeOffset, $"SPI size {spiSize} runs past the proposal", "RFC 7296 3.3.1");
            consumed = length;
            return new Proposal(source[NumberOffset], protocol, ReadOnlyMemory<byte>.Empty, []);
        }

        var spi = source.Slice(HeaderSize, spiSize).ToArray();
        var transforms = new List<Transform>();
        int position = HeaderSize + spiSize;
        bool sawLast = false;
        while (position < length)
        {
            if (sawLast)
            {
                findings.Add(at + position, "transform follows one marked as last", "RFC 7296 3.3.2");
            }

            var transform = Transform.Read(source[position..length], at + position, findings, out int used, out bool isLast);
            if (transform is not null)
            {
                transforms.Add(transform);
            }

            sawLast |= isLast;
            position += used;
        }

        if (transforms.Count > 0 && !sawLast)
        {
            findings.Add(at, "no transform of this proposal is marked as last", "RFC 7296 3.3.2");
        }

        if (transforms.Count != declaredTransforms)
        {
            findings.Add(at + TransformCountOffset, $"proposal declares {declaredTransforms} transforms but holds {transforms.Count}", "RFC 7296 3.3.1");
        }

        consumed = length;
        return new Proposal(source[NumberOffset], protocol, spi, transforms);
    }

    internal void Write(ByteSink sink, bool isLast)
    {
        int start = sink.Length;
        sink.U8(isLast ? (byte)0 : MoreProposals);
        sink.U8(0);
        sink.U16(0);
        sink.U8(Number);
        sink.U8((byte)Protocol);
        sink.U8(checked((byte)Spi.Length));
        sink.U8(checked((byte)Transforms.Count));
        sink.Bytes(Spi.Span);
        for (int i = 0; i < Transforms.Count; i++)
        {
            Transforms[i].Write(sink, i == Transforms.Count - 1);
        }

        sink.PatchU16(start + LengthOffset, checked((ushort)(sink.Length - start)));
    }
}
