using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/*  Encrypted Fragment payload, SKF (RFC 7383 2.5):
 *
 *   generic payload header (4 octets)   next payload = first inner type in fragment 1, else 0
 *   octet 0 .. 1   fragment number (1 .. total)
 *   octet 2 .. 3   total fragments
 *   octet 4 ..     IV | ciphertext (fragment of inner payloads | padding | pad length) | ICV
 */

/// <summary>SKF payload as received: fragment numbering plus opaque content.</summary>
public sealed record EncryptedFragmentPayload(IkePayloadType FirstInnerPayload, ushort FragmentNumber, ushort TotalFragments, ReadOnlyMemory<byte> Content) : IkePayload
{
    public const int FixedSize = 4;
    public const int FragmentNumberOffset = 0;
    public const int TotalFragmentsOffset = 2;

    public override IkePayloadType Type => IkePayloadType.EncryptedFragment;

    public SkParts? Split(int ivLength, int icvLength, int contentOffset, List<CodecFinding> findings) =>
        SkParts.Split(Content, ivLength, icvLength, contentOffset, findings, "RFC 7383 2.5");

    internal static EncryptedFragmentPayload Read(IkePayloadType firstInner, ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"SKF payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7383 2.5");
            return new EncryptedFragmentPayload(firstInner, 0, 0, body.ToArray());
        }

        ushort number = BinaryPrimitives.ReadUInt16BigEndian(body[FragmentNumberOffset..]);
        ushort total = BinaryPrimitives.ReadUInt16BigEndian(body[TotalFragmentsOffset..]);
        if (number == 0 || total == 0 || number > total)
        {
            findings.Add(at, $"fragment {number} of {total} is out of range (1..total)", "RFC 7383 2.5");
        }

        if (number > 1 && firstInner != IkePayloadType.None)
        {
            findings.Add(at - PayloadHeader.Size, $"non-first fragment {number} names next payload {(byte)firstInner}; must be 0", "RFC 7383 2.5");
        }

        return new EncryptedFragmentPayload(firstInner, number, total, body[FixedSize..].ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U16(FragmentNumber);
        sink.U16(TotalFragments);
        sink.Bytes(Content.Span);
    }
}
