using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>ENCR_NULL (RFC 2410): identity, no IV, block size 1. ESP negative tests only.</summary>
internal sealed class NullCipher : IBlockCipher
{
    public EncrId Id => EncrId.Null;
    public int KeyLength => 0;
    public int KeyMaterialLength => 0;
    public int IvLength => 0;
    public int BlockSize => 1;

    public byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext) => plaintext.ToArray();

    public CryptoResult<byte[]> Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext) =>
        CryptoResult<byte[]>.Ok(ciphertext.ToArray());
}
