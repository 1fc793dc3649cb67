using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>An encryption transform (RFC 7296 3.3.2 type 1), AEAD or not.</summary>
public interface ICipher
{
    EncrId Id { get; }

    /// <summary>The cipher key proper, in octets (the Key Length attribute / 8 for AES).</summary>
    int KeyLength { get; }

    /// <summary>
    /// Octets taken from prf+ for SK_e / ESP encryption keys: the key plus, for AEAD, the
    /// salt (RFC 5282 7.1, RFC 4106 8.1: AES-GCM takes 4 extra salt octets).
    /// </summary>
    int KeyMaterialLength { get; }

    /// <summary>Octets of IV sent on the wire before the ciphertext.</summary>
    int IvLength { get; }

    /// <summary>Plaintext (payload | padding | pad length) must be a multiple of this.</summary>
    int BlockSize { get; }
}

/// <summary>A non-AEAD cipher used with a separate integrity transform (encrypt-then-MAC).</summary>
public interface IBlockCipher : ICipher
{
    /// <summary>Encrypts a whole number of blocks; the caller did the padding.</summary>
    byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext);

    /// <summary>Decrypts a whole number of blocks; a partial block is a failure, not an exception.</summary>
    CryptoResult<byte[]> Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext);
}

/// <summary>An AEAD cipher (RFC 5116) used as RFC 5282 / RFC 4106 describe.</summary>
public interface IAeadCipher : ICipher
{
    /// <summary>Implicit salt octets at the end of the key material (4 for GCM).</summary>
    int SaltLength { get; }

    /// <summary>Authentication tag length on the wire (16 for AES-GCM-16).</summary>
    int IcvLength { get; }

    /// <summary>
    /// Returns ciphertext | ICV. <paramref name="keyMaterial"/> is key | salt; the nonce is
    /// salt | explicit IV (RFC 4106 4).
    /// </summary>
    byte[] Seal(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext);

    /// <summary>Takes ciphertext | ICV; a bad tag is a failure result.</summary>
    CryptoResult<byte[]> Open(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertextAndIcv);
}
