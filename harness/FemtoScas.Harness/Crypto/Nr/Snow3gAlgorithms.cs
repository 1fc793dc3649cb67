using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// 128-NEA1 (TS 33.501 D.2.2): UEA2 (TS 35.215 clause 3, f8) over SNOW 3G with COUNT-C = COUNT,
/// BEARER and DIRECTION as given and CK = the 128-bit key (TS 33.401 B.1.2).
/// </summary>
internal sealed class Nea1Snow3g : INrCipher
{
    public NrEncryptionAlgorithm Id => NrEncryptionAlgorithm.Nea1;

    public void Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> source, Span<byte> destination, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NEA1");
        var octets = NrBits.Require(source, destination.Length, lengthBits);
        // TS 35.215 clause 3 (f8): IV3 = COUNT-C, IV2 = BEARER || DIRECTION || 0^26, IV1 = IV3, IV0 = IV2.
        var bearerDirection = (uint)input.Bearer << 27 | input.DirectionBit << 26;
        var snow = new Snow3g(Snow3gKey.Words(key), [bearerDirection, input.Count, bearerDirection, input.Count]);
        WordKeystream.Encrypt(snow, source, destination, octets, lengthBits);
    }

    public override string ToString() => "128-NEA1";
}

/// <summary>
/// 128-NIA1 (TS 33.501 D.3.2): UIA2 (TS 35.215 clause 4, f9) with COUNT-I = COUNT, FRESH =
/// BEARER || 0^27 and IK = the 128-bit key (TS 33.401 B.2.2): a polynomial evaluation of the
/// message over GF(2^64) at P, finished with LENGTH and Q, masked with the fifth keystream word.
/// </summary>
internal sealed class Nia1Snow3g : INrIntegrity
{
    // TS 35.215 clause 4 (f9): MUL64 reduces by x^64 + x^4 + x^3 + x + 1.
    private const ulong Reduce = 0x1B;

    public NrIntegrityAlgorithm Id => NrIntegrityAlgorithm.Nia1;

    public uint ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits)
    {
        NrBits.RequireKey(key, "128-NIA1");
        NrBits.Require(message, int.MaxValue, lengthBits);
        var fresh = (uint)input.Bearer << 27;
        // TS 35.215 clause 4 (f9): IV3 = COUNT-I, IV2 = FRESH, IV1 = DIRECTION<<31 xor COUNT-I, IV0 = FRESH xor DIRECTION<<15.
        var snow = new Snow3g(Snow3gKey.Words(key), [fresh ^ input.DirectionBit << 15, input.Count ^ input.DirectionBit << 31, fresh, input.Count]);
        Span<uint> z = stackalloc uint[5];
        snow.Fill(z);
        snow.Clear();
        var p = (ulong)z[0] << 32 | z[1];
        var q = (ulong)z[2] << 32 | z[3];

        // D = ceil(LENGTH / 64) + 1 blocks: the message in 64-bit blocks, bits past LENGTH zero
        // (the last block M_{D-2} padded), each folded in with a multiplication by P.
        var blocks = (lengthBits + 63) / 64;
        if (blocks == 0)
        {
            blocks = 1;
        }
        ulong eval = 0;
        for (var i = 0; i < blocks; i++)
        {
            eval = Mul64(eval ^ Block(message, lengthBits, i), p);
        }
        eval ^= (ulong)lengthBits;
        eval = Mul64(eval, q);
        var mac = (uint)(eval >> 32) ^ z[4];
        z.Clear();
        return mac;
    }

    public override string ToString() => "128-NIA1";

    private static ulong Block(ReadOnlySpan<byte> message, int lengthBits, int index)
    {
        var start = index * 8;
        var available = Math.Min(8, NrBits.Octets(lengthBits) - start);
        ulong block = 0;
        for (var j = 0; j < 8; j++)
        {
            block = block << 8 | (j < available ? message[start + j] : 0u);
        }
        var bitsInBlock = lengthBits - index * 64;
        if (bitsInBlock < 64)
        {
            block &= bitsInBlock <= 0 ? 0 : ~0UL << (64 - bitsInBlock);
        }
        return block;
    }

    // TS 35.215 clause 4 (f9): MUL64(V, P) = xor over set bits i of P of MUL64xPOW(V, i).
    private static ulong Mul64(ulong v, ulong p)
    {
        ulong result = 0;
        for (var i = 0; i < 64; i++)
        {
            if ((p >> i & 1) != 0)
            {
                result ^= v;
            }
            v = (v & 0x8000_0000_0000_0000) != 0 ? v << 1 ^ Reduce : v << 1;
        }
        return result;
    }
}

internal static class Snow3gKey
{
    /// <summary>TS 35.215 clauses 3 and 4: k3 = KEY[0..31], k2 = KEY[32..63], k1, k0 = KEY[96..127].</summary>
    public static uint[] Words(ReadOnlySpan<byte> key) =>
    [
        BinaryPrimitives.ReadUInt32BigEndian(key[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(key[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(key[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(key),
    ];
}
