namespace FemtoScas.Harness.Ike.Codec;

/*  Encrypted and Authenticated payload, SK (RFC 7296 3.14; AEAD layout RFC 5282 3):
 *
 *   generic payload header (4 octets)   next payload = type of the FIRST INNER payload
 *   octet 0 ..     initialization vector (cipher-specific length)
 *   ..             ciphertext of: inner payloads | padding | pad length (1 octet)
 *   ..             integrity checksum / AEAD tag (transform-specific length)
 *
 *  SK is always the last payload of a message. The codec treats everything after the generic
 *  header as opaque; the IV/ICV lengths come from the negotiated transforms, which only the
 *  caller knows, hence Split(ivLength, icvLength).
 */

/// <summary>SK payload as received: opaque content (IV, ciphertext, ICV).</summary>
public sealed record EncryptedPayload(IkePayloadType FirstInnerPayload, ReadOnlyMemory<byte> Content) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.Encrypted;

    /// <summary>Cuts the content at the caller's IV and ICV lengths; null (with a finding) if too short.</summary>
    public SkParts? Split(int ivLength, int icvLength, int contentOffset, List<CodecFinding> findings) =>
        SkParts.Split(Content, ivLength, icvLength, contentOffset, findings, "RFC 7296 3.14");

    internal static EncryptedPayload Read(IkePayloadType firstInner, ReadOnlySpan<byte> body) => new(firstInner, body.ToArray());

    internal override void WriteBody(ByteSink sink) => sink.Bytes(Content.Span);
}

/// <summary>The three regions of an SK/SKF content. Ciphertext still holds padding and pad length.</summary>
public sealed record SkParts(ReadOnlyMemory<byte> Iv, ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> Icv)
{
    internal static SkParts? Split(ReadOnlyMemory<byte> content, int ivLength, int icvLength, int contentOffset, List<CodecFinding> findings, string reference)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ivLength);
        ArgumentOutOfRangeException.ThrowIfNegative(icvLength);
        if (content.Length < ivLength + icvLength + 1)
        {
            findings.Add(contentOffset, $"encrypted content of {content.Length} octets cannot hold a {ivLength}-octet IV, a pad-length octet and a {icvLength}-octet ICV", reference);
            return null;
        }

        return new SkParts(
            content[..ivLength],
            content[ivLength..(content.Length - icvLength)],
            content[(content.Length - icvLength)..]);
    }
}
