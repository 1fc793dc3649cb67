using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// 128-NEA3 (TS 33.501 D.2.4): 128-EEA3 (TS 35.221 clause 3, TS 33.401 B.1.4), the ZUC keystream
/// over an IV built from COUNT, BEARER and DIRECTION, XORed onto the message.
/// </summary>
internal sealed class Nea3Zuc : INrCipher
{
    public NrEncryptionAlgorithm Id => NrEncryptionAlgorithm.Nea3;

    public void Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> source, Span<byte> destination, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NEA3");
        var octets = NrBits.Require(source, destination.Length, lengthBits);
        // TS 35.221 clause 3 (128-EEA3): IV[0..3] = COUNT, IV[4] = BEARER || DIRECTION || 00, IV[5..7] = 0,
        // IV[8..15] = IV[0..7].
        Span<byte> iv = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(iv, input.Count);
        iv[4] = (byte)((uint)input.Bearer << 3 | input.DirectionBit << 2);
        iv[..8].CopyTo(iv[8..]);
        var zuc = new Zuc128(key, iv);
        WordKeystream.Encrypt(zuc, source, destination, octets, lengthBits);
    }

    public override string ToString() => "128-NEA3";
}

/// <summary>
/// 128-NIA3 (TS 33.501 D.3.4): 128-EIA3 (TS 35.221 clause 4, TS 33.401 B.2.4). For every set bit
/// i of the message the 32-bit keystream window starting at bit i is XORed into T; then the
/// window at bit LENGTH, and the MAC is T xor the last keystream word.
/// </summary>
internal sealed class Nia3Zuc : INrIntegrity
{
    public NrIntegrityAlgorithm Id => NrIntegrityAlgorithm.Nia3;

    public uint ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NIA3");
        NrBits.Require(message, int.MaxValue, lengthBits);
        // TS 35.221 clause 4 (128-EIA3): IV[0..3] = COUNT, IV[4] = BEARER || 000, IV[5..7] = 0,
        // IV[8] = IV[0] xor DIRECTION << 7, IV[9..13] = IV[1..5], IV[14] = IV[6] xor DIRECTION << 7, IV[15] = IV[7].
        Span<byte> iv = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(iv, input.Count);
        iv[4] = (byte)(input.Bearer << 3);
        iv[..8].CopyTo(iv[8..]);
        iv[8] ^= (byte)(input.DirectionBit << 7);
        iv[14] ^= (byte)(input.DirectionBit << 7);
        var zuc = new Zuc128(key, iv);

        // TS 35.221 clause 4: L = ceil(LENGTH / 32) + 2 keystream words.
        var words = (lengthBits + 31) / 32 + 2;
        Span<uint> stack = stackalloc uint[512];
        var rented = words <= stack.Length ? null : System.Buffers.ArrayPool<uint>.Shared.Rent(words);
        var z = rented is null ? stack[..words] : rented.AsSpan(0, words);
        try
        {
            zuc.Fill(z);
            zuc.Clear();
            uint t = 0;
            var octets = NrBits.Octets(lengthBits);
            for (var j = 0; j < octets; j++)
            {
                int m = message[j];
                if (j == octets - 1 && (lengthBits & 7) != 0)
                {
                    m &= 0xFF << (8 - (lengthBits & 7));
                }
                if (m == 0)
                {
                    continue;
                }
                // The 64 keystream bits from the word holding bit 8j, shifted so that bit 8j is
                // on top: the window of bit 8j + b is then bits b..b+31 of it.
                var word = j >> 2;
                var top = ((ulong)z[word] << 32 | z[word + 1]) << ((j & 3) * 8);
                for (var b = 0; b < 8; b++)
                {
                    if ((m & (0x80 >> b)) != 0)
                    {
                        t ^= (uint)((top << b) >> 32);
                    }
                }
            }
            t ^= Window(z, lengthBits);
            return t ^ z[words - 1];
        }
        finally
        {
            z.Clear();
            if (rented is not null)
            {
                System.Buffers.ArrayPool<uint>.Shared.Return(rented);
            }
        }
    }

    public override string ToString() => "128-NIA3";

    // z_i = the 32 keystream bits starting at bit i.
    private static uint Window(ReadOnlySpan<uint> z, int bit)
    {
        var word = bit >> 5;
        var shift = bit & 31;
        return shift == 0 ? z[word] : z[word] << shift | z[word + 1] >> (32 - shift);
    }
}
