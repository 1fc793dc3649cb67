namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Where the protected regions of a written or received SK payload lie, as offsets into the whole
/// message. AEAD (RFC 5282 5.1): associated data is message[0..IvOffset]. Plain cipher + MAC
/// (RFC 7296 3.14): the ICV covers message[0..IcvOffset].
/// </summary>
public readonly record struct SkLayout(int PayloadOffset, int IvOffset, int IvLength, int CiphertextOffset, int CiphertextLength, int IcvOffset, int IcvLength)
{
    public int AssociatedDataLength => IvOffset;

    public int IntegrityCoveredLength => IcvOffset;

    /// <summary>
    /// Locates the regions of a received SK or SKF payload (as found by the parser) for the crypto
    /// side; null with a finding when the payload cannot hold the given IV and ICV.
    /// </summary>
    public static SkLayout? Locate(PayloadLocation sk, int ivLength, int icvLength, List<CodecFinding> findings)
    {
        int fixedFields = sk.Type == IkePayloadType.EncryptedFragment ? EncryptedFragmentPayload.FixedSize : 0;
        int ivOffset = sk.Offset + PayloadHeader.Size + fixedFields;
        int contentLength = sk.Length - PayloadHeader.Size - fixedFields;
        if (sk.Type is not (IkePayloadType.Encrypted or IkePayloadType.EncryptedFragment))
        {
            throw new ArgumentException($"payload {sk.Index} is {sk.Type.Short()}, not SK or SKF");
        }

        if (contentLength < ivLength + icvLength + 1)
        {
            findings.Add(ivOffset, $"encrypted content of {contentLength} octets cannot hold a {ivLength}-octet IV, a pad-length octet and a {icvLength}-octet ICV", "RFC 7296 3.14");
            return null;
        }

        int ciphertextLength = contentLength - ivLength - icvLength;
        return new SkLayout(sk.Offset, ivOffset, ivLength, ivOffset + ivLength, ciphertextLength, ivOffset + ivLength + ciphertextLength, icvLength);
    }
}

/// <summary>
/// The crypto seam for writing SK: the writer lays out IV, padded plaintext and ICV inside the
/// message and hands the whole buffer over. Implemented under Crypto/ (cipher + integrity or AEAD).
/// </summary>
public interface ISkProtector
{
    int IvLength { get; }

    int IcvLength { get; }

    /// <summary>Block size the plaintext (inner payloads, padding, pad length) is padded to; 1 for none.</summary>
    int PadBlockSize { get; }

    /// <summary>
    /// On entry the ciphertext region holds the padded plaintext, IV and ICV regions are zero and
    /// the IKE header is final. Fill the IV, encrypt the region in place and write the ICV.
    /// </summary>
    void Protect(Span<byte> message, SkLayout layout);
}

/// <summary>
/// An SK payload still to be sealed: the writer serialises <see cref="Inner"/> (honouring
/// <see cref="IkeWriteOverrides.Inner"/>), pads it and calls the <see cref="ISkProtector"/>.
/// </summary>
public sealed record EncryptedPayloadDraft(IReadOnlyList<IkePayload> Inner) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.Encrypted;

    internal override void WriteBody(ByteSink sink) =>
        throw new InvalidOperationException("an EncryptedPayloadDraft is sealed by IkeMessageWriter with an ISkProtector, never written as plain bytes");
}

/// <summary>Padding rules of the SK plaintext (RFC 7296 3.14).</summary>
public static class SkPlaintext
{
    /// <summary>
    /// Appends padding and the pad-length octet so the total is a multiple of the block size.
    /// <paramref name="padding"/> replaces the computed minimum padding (e.g. to send too much).
    /// </summary>
    public static byte[] Pad(ReadOnlySpan<byte> inner, int blockSize, ReadOnlySpan<byte> padding = default, bool usePadding = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        int padLength = usePadding ? padding.Length : (blockSize - ((inner.Length + 1) % blockSize)) % blockSize;
        var result = new byte[inner.Length + padLength + 1];
        inner.CopyTo(result);
        if (usePadding)
        {
            padding.CopyTo(result.AsSpan(inner.Length));
        }

        result[^1] = checked((byte)padLength);
        return result;
    }

    /// <summary>
    /// Strips padding from decrypted plaintext; the pad-length octet is last. Returns false with a
    /// finding when the pad length exceeds the plaintext. <paramref name="at"/> is the plaintext's
    /// offset in the message for the finding.
    /// </summary>
    public static bool TryUnpad(ReadOnlyMemory<byte> plaintext, int at, List<CodecFinding> findings, out ReadOnlyMemory<byte> inner)
    {
        inner = ReadOnlyMemory<byte>.Empty;
        if (plaintext.Length == 0)
        {
            findings.Add(at, "decrypted SK plaintext is empty; the pad-length octet is missing", "RFC 7296 3.14");
            return false;
        }

        int padLength = plaintext.Span[^1];
        if (padLength + 1 > plaintext.Length)
        {
            findings.Add(at + plaintext.Length - 1, $"pad length {padLength} exceeds the {plaintext.Length - 1} octets before it", "RFC 7296 3.14");
            return false;
        }

        inner = plaintext[..(plaintext.Length - padLength - 1)];
        return true;
    }
}
