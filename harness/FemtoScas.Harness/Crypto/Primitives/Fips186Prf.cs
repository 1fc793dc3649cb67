using System.Buffers.Binary;
using System.Numerics;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>
/// The pseudo-random function of FIPS 186-2 with change notice 1 (Appendix 3.1, x_j = w_0 | w_1),
/// which EAP-SIM and EAP-AKA use to expand the master key MK into K_encr, K_aut, MSK and EMSK
/// (RFC 4187 7, RFC 4186 7). G(t, c) is the bare SHA-1 compression function applied to c padded
/// with zeros to one 512-bit block — no SHA-1 length padding — so .NET's SHA1 cannot be used.
/// </summary>
public static class Fips186Prf
{
    private const int StateOctets = 20;

    /// <summary>Expands the 160-bit <paramref name="xkey"/> into <paramref name="length"/> octets (a multiple of 40).</summary>
    public static byte[] Expand(ReadOnlySpan<byte> xkey, int length)
    {
        if (xkey.Length != StateOctets)
            throw new ArgumentException($"XKEY must be 20 octets, got {xkey.Length}", nameof(xkey));
        if (length <= 0 || length % 40 != 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "the output is a whole number of 40-octet x_j blocks");

        var modulus = BigInteger.One << 160;
        var key = new BigInteger(xkey, isUnsigned: true, isBigEndian: true);
        var output = new byte[length];
        Span<byte> block = stackalloc byte[64];
        Span<byte> w = stackalloc byte[StateOctets];
        for (int offset = 0; offset < length; offset += StateOctets)
        {
            // XSEED_j is zero in EAP (RFC 4187 7), so XVAL = XKEY.
            block.Clear();
            key.TryWriteBytes(block[..StateOctets], out int written, isUnsigned: true, isBigEndian: true);
            if (written < StateOctets)
            {
                // Right-align the value in its 20 octets.
                block[..written].CopyTo(block[(StateOctets - written)..StateOctets]);
                block[..(StateOctets - written)].Clear();
            }

            Sha1Compress(block, w);
            w.CopyTo(output.AsSpan(offset));
            // XKEY = (1 + XKEY + w_i) mod 2^160
            key = (BigInteger.One + key + new BigInteger(w, isUnsigned: true, isBigEndian: true)) % modulus;
        }

        block.Clear();
        return output;
    }

    /// <summary>One SHA-1 compression (FIPS 180-2 6.1.2) of <paramref name="block"/> from the standard initial state.</summary>
    private static void Sha1Compress(ReadOnlySpan<byte> block, Span<byte> digest)
    {
        Span<uint> words = stackalloc uint[80];
        for (int t = 0; t < 16; t++) words[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * t)..]);
        for (int t = 16; t < 80; t++) words[t] = BitOperations.RotateLeft(words[t - 3] ^ words[t - 8] ^ words[t - 14] ^ words[t - 16], 1);

        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        uint a = h0, b = h1, c = h2, d = h3, e = h4;
        for (int t = 0; t < 80; t++)
        {
            var (f, k) = t switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            uint temp = BitOperations.RotateLeft(a, 5) + f + e + k + words[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        words.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(digest, h0 + a);
        BinaryPrimitives.WriteUInt32BigEndian(digest[4..], h1 + b);
        BinaryPrimitives.WriteUInt32BigEndian(digest[8..], h2 + c);
        BinaryPrimitives.WriteUInt32BigEndian(digest[12..], h3 + d);
        BinaryPrimitives.WriteUInt32BigEndian(digest[16..], h4 + e);
    }
}
