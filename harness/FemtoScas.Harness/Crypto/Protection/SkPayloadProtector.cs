using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Protection;

// The Encrypted (SK) payload body, RFC 7296 3.14 (RFC 5282 3 for AEAD):
//
//   |<- authenticated prefix ->|<------------------ encrypted body ------------------->|
//   | IKE header | ... | SK hdr | IV | E( inner payloads | Padding | Pad Length ) | ICV |
//
// CBC + HMAC: ICV = integ(SK_a, prefix | IV | ciphertext), checked before decrypting.
// AES-GCM:    AAD = prefix (IKE header through the SK generic header, RFC 5282 5.1);
//             ICV is the GCM tag; nonce = salt (last 4 octets of SK_e) | IV.
// The SK payload is the last payload (RFC 7296 3.14), so the ICV ends the message and the
// codec can write all length fields first using EncryptedBodyLength.

/// <summary>Overrides for negative tests: a fixed IV, chosen padding, a lying Pad Length octet.</summary>
public sealed record SkProtectOptions(byte[]? Iv = null, byte[]? Padding = null, byte? PadLengthOverride = null);

/// <summary>A decrypted SK payload: the inner payloads and the padding that followed them.</summary>
public sealed record SkPlaintext(byte[] InnerPayloads, byte[] Padding);

/// <summary>Protects and unprotects the IKE SK payload body on byte arrays; keys are passed per call.</summary>
public sealed class SkPayloadProtector
{
    private readonly ICipher _cipher;
    private readonly IIntegrity? _integrity;

    private SkPayloadProtector(ICipher cipher, IIntegrity? integrity)
    {
        _cipher = cipher;
        _integrity = integrity;
    }

    /// <summary>AEAD ciphers take no integrity transform (RFC 5282 8); other ciphers need one (RFC 7296 3.3.3).</summary>
    public static CryptoResult<SkPayloadProtector> Create(ICipher cipher, IIntegrity? integrity)
    {
        if (cipher.Id == EncrId.Null)
        {
            return CryptoResult<SkPayloadProtector>.Fail("ENCR_NULL cannot protect an IKE SA", "RFC 7296 5 / RFC 2410");
        }
        return cipher switch
        {
            IAeadCipher when integrity is not null =>
                CryptoResult<SkPayloadProtector>.Fail($"{cipher.Id} is AEAD; an integrity transform ({integrity.Id}) must not accompany it", "RFC 5282 8"),
            IBlockCipher when integrity is null =>
                CryptoResult<SkPayloadProtector>.Fail($"{cipher.Id} is not AEAD and needs an integrity transform", "RFC 7296 3.3.3"),
            _ => CryptoResult<SkPayloadProtector>.Ok(new SkPayloadProtector(cipher, integrity)),
        };
    }

    public int IvLength => _cipher.IvLength;
    public int IcvLength => _cipher is IAeadCipher aead ? aead.IcvLength : _integrity!.IcvLength;
    public int BlockSize => _cipher.BlockSize;

    /// <summary>Fewest padding octets so inner | padding | pad length fills whole blocks.</summary>
    public int DefaultPaddingLength(int innerLength) => (BlockSize - (innerLength + 1) % BlockSize) % BlockSize;

    /// <summary>Octets after the SK generic header: IV | ciphertext | ICV.</summary>
    public int EncryptedBodyLength(int innerLength, int paddingLength) => IvLength + innerLength + paddingLength + 1 + IcvLength;

    /// <summary>
    /// Returns IV | ciphertext | ICV. <paramref name="authenticatedPrefix"/> is the message from
    /// the IKE header through the SK generic header, with final length fields.
    /// </summary>
    public byte[] Protect(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey, ReadOnlySpan<byte> authenticatedPrefix, ReadOnlySpan<byte> innerPayloads, IRandomSource random, SkProtectOptions? options = null)
    {
        var padding = options?.Padding ?? new byte[DefaultPaddingLength(innerPayloads.Length)];
        var plaintext = new byte[innerPayloads.Length + padding.Length + 1];
        innerPayloads.CopyTo(plaintext);
        padding.CopyTo(plaintext, innerPayloads.Length);
        plaintext[^1] = options?.PadLengthOverride ?? checked((byte)padding.Length);

        var iv = options?.Iv ?? new byte[IvLength];
        if (options?.Iv is null)
        {
            random.Fill(iv);
        }

        var body = new byte[IvLength + plaintext.Length + IcvLength];
        iv.CopyTo(body, 0);
        if (_cipher is IAeadCipher aead)
        {
            aead.Seal(encryptionKey, iv, authenticatedPrefix, plaintext).CopyTo(body, IvLength);
        }
        else
        {
            ((IBlockCipher)_cipher).Encrypt(encryptionKey, iv, plaintext).CopyTo(body, IvLength);
            var covered = Concat(authenticatedPrefix, body.AsSpan(0, body.Length - IcvLength));
            _integrity!.Compute(integrityKey, covered, body.AsSpan(body.Length - IcvLength));
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        return body;
    }

    /// <summary>Unprotects a whole message whose SK payload body starts at <paramref name="encryptedBodyOffset"/>.</summary>
    public CryptoResult<SkPlaintext> UnprotectMessage(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey, ReadOnlySpan<byte> message, int encryptedBodyOffset) =>
        encryptedBodyOffset < 0 || encryptedBodyOffset > message.Length
            ? CryptoResult<SkPlaintext>.Fail($"SK payload body offset {encryptedBodyOffset} lies outside the {message.Length}-octet message", "RFC 7296 3.14")
            : Unprotect(encryptionKey, integrityKey, message[..encryptedBodyOffset], message[encryptedBodyOffset..]);

    /// <summary>Checks the ICV, decrypts, and strips padding; every defect is a failure result.</summary>
    public CryptoResult<SkPlaintext> Unprotect(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey, ReadOnlySpan<byte> authenticatedPrefix, ReadOnlySpan<byte> encryptedBody)
    {
        var minimum = IvLength + Math.Max(BlockSize, 1) + IcvLength;
        if (encryptedBody.Length < minimum)
        {
            return CryptoResult<SkPlaintext>.Fail(
                $"SK payload body of {encryptedBody.Length} octets is shorter than IV + one block + ICV ({minimum})", "RFC 7296 3.14");
        }
        var iv = encryptedBody[..IvLength];
        var ciphertext = encryptedBody[IvLength..^IcvLength];
        CryptoResult<byte[]> decrypted;
        if (_cipher is IAeadCipher aead)
        {
            decrypted = aead.Open(encryptionKey, iv, authenticatedPrefix, encryptedBody[IvLength..]);
            if (!decrypted.IsSuccess)
            {
                return CryptoResult<SkPlaintext>.Fail(decrypted.Failure.Reason, "RFC 5282 5");
            }
        }
        else
        {
            if (ciphertext.Length % BlockSize != 0)
            {
                return CryptoResult<SkPlaintext>.Fail(
                    $"SK ciphertext of {ciphertext.Length} octets is not a multiple of the {BlockSize}-octet block", "RFC 7296 3.14");
            }
            var covered = Concat(authenticatedPrefix, encryptedBody[..^IcvLength]);
            if (!_integrity!.Verify(integrityKey, covered, encryptedBody[^IcvLength..]))
            {
                return CryptoResult<SkPlaintext>.Fail($"SK payload ICV ({_integrity.Id}) does not verify", "RFC 7296 3.14");
            }
            decrypted = ((IBlockCipher)_cipher).Decrypt(encryptionKey, iv, ciphertext);
            if (!decrypted.IsSuccess)
            {
                return CryptoResult<SkPlaintext>.Fail(decrypted.Failure);
            }
        }
        return StripPadding(decrypted.Value);
    }

    private static CryptoResult<SkPlaintext> StripPadding(byte[] plaintext)
    {
        if (plaintext.Length == 0)
        {
            return CryptoResult<SkPlaintext>.Fail("SK plaintext is empty; the Pad Length octet is missing", "RFC 7296 3.14");
        }
        var padLength = plaintext[^1];
        if (padLength + 1 > plaintext.Length)
        {
            return CryptoResult<SkPlaintext>.Fail(
                $"SK Pad Length {padLength} exceeds the {plaintext.Length - 1} octets before it", "RFC 7296 3.14");
        }
        var innerLength = plaintext.Length - 1 - padLength;
        return CryptoResult<SkPlaintext>.Ok(new SkPlaintext(plaintext[..innerLength], plaintext[innerLength..^1]));
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        return result;
    }
}
