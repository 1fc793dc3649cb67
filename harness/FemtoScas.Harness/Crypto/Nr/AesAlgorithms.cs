using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// 128-NEA2 (TS 33.501 D.2.3): 128-EEA2 (TS 33.401 B.1.3), AES-128 in counter mode (NIST SP
/// 800-38A) with the initial counter block T1 = COUNT || BEARER || DIRECTION || 0^26 || 0^64 and
/// T(i+1) = T(i) + 1 over the whole 128 bits. .NET's AES (OpenSSL on Linux) encrypts the counter
/// blocks in one ECB call.
/// </summary>
internal sealed class Nea2AesCtr : INrCipher
{
    public NrEncryptionAlgorithm Id => NrEncryptionAlgorithm.Nea2;

    public void Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> source, Span<byte> destination, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NEA2");
        var octets = NrBits.Require(source, destination.Length, lengthBits);
        var blocksLength = (octets + 15) & ~15;
        Span<byte> stack = stackalloc byte[2048];
        var rented = NrBits.Rent(blocksLength, stack, out var blocks);
        try
        {
            var high = (ulong)input.Count << 32 | (ulong)input.Bearer << 27 | (ulong)input.DirectionBit << 26;
            ulong low = 0;
            for (var i = 0; i < blocksLength; i += 16)
            {
                BinaryPrimitives.WriteUInt64BigEndian(blocks[i..], high);
                BinaryPrimitives.WriteUInt64BigEndian(blocks[(i + 8)..], low);
                if (++low == 0)
                {
                    high++;
                }
            }
            using var aes = Aes.Create();
            aes.SetKey(key);
            aes.EncryptEcb(blocks, blocks, PaddingMode.None);
            NrBits.XorKeystream(source, blocks, destination, lengthBits);
        }
        finally
        {
            NrBits.Return(rented, blocks);
        }
    }

    public override string ToString() => "128-NEA2";
}

/// <summary>
/// 128-NIA2 (TS 33.501 D.3.3): 128-EIA2 (TS 33.401 B.2.3), AES-128-CMAC (NIST SP 800-38B) over
/// M = COUNT || BEARER || DIRECTION || 0^26 || MESSAGE of BLENGTH = LENGTH + 64 bits; the MAC is
/// the first 32 bits. CMAC is defined on bit strings: an incomplete last block is padded with a
/// one bit and zeros and XORed with K2, a complete one XORed with K1. The CBC chain is one
/// .NET AES-CBC call with a zero IV whose last block is the tag.
/// </summary>
internal sealed class Nia2AesCmac : INrIntegrity
{
    public NrIntegrityAlgorithm Id => NrIntegrityAlgorithm.Nia2;

    public uint ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NIA2");
        var octets = NrBits.Require(message, int.MaxValue, lengthBits);
        var totalBits = (long)lengthBits + 64;
        var complete = totalBits % 128 == 0;
        var paddedLength = (int)((totalBits + 127) / 128 * 16);
        Span<byte> stack = stackalloc byte[2048];
        var rented = NrBits.Rent(paddedLength, stack, out var m);
        try
        {
            m.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(m, input.Count);
            m[4] = (byte)((uint)input.Bearer << 3 | input.DirectionBit << 2);
            message[..octets].CopyTo(m[8..]);
            NrBits.ClearTail(m[8..], lengthBits);
            using var aes = Aes.Create();
            aes.SetKey(key);
            Span<byte> k1 = stackalloc byte[16];
            Span<byte> k2 = stackalloc byte[16];
            Subkeys(aes, k1, k2);
            var last = m[(paddedLength - 16)..];
            if (!complete)
            {
                // The one bit goes right after the last message bit.
                var bit = (int)(totalBits % 128);
                last[bit >> 3] |= (byte)(0x80 >> (bit & 7));
            }
            Xor(last, complete ? k1 : k2);
            Span<byte> zeroIv = stackalloc byte[16];
            zeroIv.Clear();
            aes.EncryptCbc(m, zeroIv, m, PaddingMode.None);
            CryptographicOperations.ZeroMemory(k1);
            CryptographicOperations.ZeroMemory(k2);
            return BinaryPrimitives.ReadUInt32BigEndian(m[(paddedLength - 16)..]);
        }
        finally
        {
            NrBits.Return(rented, m);
        }
    }

    public override string ToString() => "128-NIA2";

    // NIST SP 800-38B 6.1: L = AES_K(0^128); K1 = L << 1 (xor 0x87 on carry); K2 = K1 << 1 likewise.
    private static void Subkeys(Aes aes, Span<byte> k1, Span<byte> k2)
    {
        Span<byte> l = stackalloc byte[16];
        l.Clear();
        aes.EncryptEcb(l, l, PaddingMode.None);
        Double(l, k1);
        Double(k1, k2);
        CryptographicOperations.ZeroMemory(l);
    }

    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var carry = input[0] >> 7;
        for (var i = 0; i < 15; i++)
        {
            output[i] = (byte)(input[i] << 1 | input[i + 1] >> 7);
        }
        output[15] = (byte)(input[15] << 1);
        if (carry != 0)
        {
            output[15] ^= 0x87;
        }
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }
}
