using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>ENCR_AES_CBC (RFC 3602): 16-octet random IV on the wire, no cipher padding.</summary>
internal sealed class AesCbcCipher : IBlockCipher
{
    public AesCbcCipher(int keyLength) => KeyLength = keyLength;

    public EncrId Id => EncrId.AesCbc;
    public int KeyLength { get; }
    public int KeyMaterialLength => KeyLength;
    public int IvLength => 16;
    public int BlockSize => 16;

    public byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CipherChecks.RequireKeyAndIv(this, key, iv);
        if (plaintext.Length % BlockSize != 0)
        {
            throw new ArgumentException($"AES-CBC plaintext of {plaintext.Length} octets is not whole blocks; pad first", nameof(plaintext));
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes.EncryptCbc(plaintext, iv, PaddingMode.None);
    }

    public CryptoResult<byte[]> Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext)
    {
        CipherChecks.RequireKeyAndIv(this, key, iv);
        if (ciphertext.Length % BlockSize != 0)
        {
            return CryptoResult<byte[]>.Fail($"AES-CBC ciphertext of {ciphertext.Length} octets is not a multiple of 16", "RFC 3602 2.4");
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return CryptoResult<byte[]>.Ok(aes.DecryptCbc(ciphertext, iv, PaddingMode.None));
    }
}

/// <summary>Key and IV lengths are chosen by the harness, so a wrong one is a harness bug.</summary>
internal static class CipherChecks
{
    public static void RequireKeyAndIv(ICipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (key.Length != cipher.KeyLength)
        {
            throw new ArgumentException($"{cipher.Id} needs a {cipher.KeyLength}-octet key, got {key.Length}", nameof(key));
        }
        if (iv.Length != cipher.IvLength)
        {
            throw new ArgumentException($"{cipher.Id} needs a {cipher.IvLength}-octet IV, got {iv.Length}", nameof(iv));
        }
    }
}
