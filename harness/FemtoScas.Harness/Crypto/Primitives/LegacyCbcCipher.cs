using BcBlockCipher = Org.BouncyCastle.Crypto.IBlockCipher;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>
/// ENCR_DES (RFC 2405) and ENCR_3DES (RFC 2451), 8-octet IV and block. Present only so
/// negative tests can propose or accept them; BouncyCastle serves them because OpenSSL 3
/// (behind .NET on Linux) no longer loads single DES by default.
/// </summary>
internal sealed class LegacyCbcCipher : IBlockCipher
{
    public LegacyCbcCipher(EncrId id)
    {
        Id = id;
        KeyLength = id switch
        {
            EncrId.Des => 8,
            EncrId.TripleDes => 24,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "not a DES-family cipher"),
        };
    }

    public EncrId Id { get; }
    public int KeyLength { get; }
    public int KeyMaterialLength => KeyLength;
    public int IvLength => 8;
    public int BlockSize => 8;

    public byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CipherChecks.RequireKeyAndIv(this, key, iv);
        if (plaintext.Length % BlockSize != 0)
        {
            throw new ArgumentException($"{Id} plaintext of {plaintext.Length} octets is not whole blocks; pad first", nameof(plaintext));
        }
        return Run(true, key, iv, plaintext);
    }

    public CryptoResult<byte[]> Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext)
    {
        CipherChecks.RequireKeyAndIv(this, key, iv);
        if (ciphertext.Length % BlockSize != 0)
        {
            return CryptoResult<byte[]>.Fail($"{Id} ciphertext of {ciphertext.Length} octets is not a multiple of 8", "RFC 2451 / RFC 2405");
        }
        return CryptoResult<byte[]>.Ok(Run(false, key, iv, ciphertext));
    }

    private byte[] Run(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input)
    {
        BcBlockCipher engine = Id == EncrId.Des ? new DesEngine() : new DesEdeEngine();
        var cbc = new CbcBlockCipher(engine);
        cbc.Init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        var output = new byte[input.Length];
        var inputArray = input.ToArray();
        for (var offset = 0; offset < input.Length; offset += BlockSize)
        {
            cbc.ProcessBlock(inputArray, offset, output, offset);
        }
        return output;
    }
}
