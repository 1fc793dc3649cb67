using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>
/// ENCR_AES_GCM_16: 8-octet explicit IV, 4-octet salt from the end of the key material,
/// nonce = salt | IV, 16-octet ICV (RFC 4106 3-4, 8.1; RFC 5282 4, 7.1).
/// </summary>
internal sealed class AesGcmCipher : IAeadCipher
{
    public AesGcmCipher(int keyLength) => KeyLength = keyLength;

    public EncrId Id => EncrId.AesGcm16;
    public int KeyLength { get; }
    public int SaltLength => 4;
    public int KeyMaterialLength => KeyLength + SaltLength;
    public int IvLength => 8;

    // RFC 5282 3 / strongSwan: GCM is a stream mode; no block alignment of the plaintext.
    public int BlockSize => 1;
    public int IcvLength => 16;

    public byte[] Seal(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        Require(keyMaterial, iv);
        Span<byte> nonce = stackalloc byte[12];
        BuildNonce(keyMaterial, iv, nonce);
        var output = new byte[plaintext.Length + IcvLength];
        using var gcm = new AesGcm(keyMaterial[..KeyLength], IcvLength);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    public CryptoResult<byte[]> Open(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertextAndIcv)
    {
        Require(keyMaterial, iv);
        if (ciphertextAndIcv.Length < IcvLength)
        {
            return CryptoResult<byte[]>.Fail($"AES-GCM input of {ciphertextAndIcv.Length} octets is shorter than the 16-octet ICV", "RFC 4106 3");
        }
        Span<byte> nonce = stackalloc byte[12];
        BuildNonce(keyMaterial, iv, nonce);
        var ciphertextLength = ciphertextAndIcv.Length - IcvLength;
        var plaintext = new byte[ciphertextLength];
        using var gcm = new AesGcm(keyMaterial[..KeyLength], IcvLength);
        try
        {
            gcm.Decrypt(nonce, ciphertextAndIcv[..ciphertextLength], ciphertextAndIcv[ciphertextLength..], plaintext, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            return CryptoResult<byte[]>.Fail("AES-GCM ICV does not verify", "RFC 4106 3 / RFC 5282 5");
        }
        return CryptoResult<byte[]>.Ok(plaintext);
    }

    private void BuildNonce(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv, Span<byte> nonce)
    {
        keyMaterial[KeyLength..].CopyTo(nonce);
        iv.CopyTo(nonce[SaltLength..]);
    }

    private void Require(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv)
    {
        if (keyMaterial.Length != KeyMaterialLength)
        {
            throw new ArgumentException($"AES-GCM-{KeyLength * 8} needs {KeyMaterialLength} octets of key | salt, got {keyMaterial.Length}", nameof(keyMaterial));
        }
        if (iv.Length != IvLength)
        {
            throw new ArgumentException($"AES-GCM needs an 8-octet explicit IV, got {iv.Length}", nameof(iv));
        }
    }
}
