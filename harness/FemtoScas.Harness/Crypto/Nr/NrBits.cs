using System.Security.Cryptography;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// Bit-string helpers shared by the algorithms. TS 33.501 D.2.1.1 and D.3.1.1 give LENGTH in
/// bits; a message is the first LENGTH bits of its octets, most significant bit first, and the
/// reference implementations of TS 35.215, TS 35.221 and TS 33.401 Annex B leave the bits past
/// LENGTH in the last output octet zero.
/// </summary>
internal static class NrBits
{
    /// <summary>Octets that hold <paramref name="lengthBits"/> bits.</summary>
    public static int Octets(int lengthBits) => (int)(((uint)lengthBits + 7) / 8);

    /// <summary>Checks the caller's spans against LENGTH; a wrong call is a harness bug.</summary>
    public static int Require(ReadOnlySpan<byte> source, int destinationLength, int lengthBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthBits);
        var octets = Octets(lengthBits);
        if (source.Length < octets)
        {
            throw new ArgumentException($"LENGTH {lengthBits} bits needs {octets} octets, the message has {source.Length}", nameof(source));
        }
        if (destinationLength < octets)
        {
            throw new ArgumentException($"LENGTH {lengthBits} bits needs {octets} octets, the destination has {destinationLength}", "destination");
        }
        return octets;
    }

    public static void RequireKey(ReadOnlySpan<byte> key, string algorithm)
    {
        if (key.Length != 16)
        {
            // Only the length is named: the value is a secret.
            throw new ArgumentException($"{algorithm} takes a 128-bit key, got {key.Length} octets", nameof(key));
        }
    }

    /// <summary>Zeroes the bits of the last octet that lie past LENGTH.</summary>
    public static void ClearTail(Span<byte> output, int lengthBits)
    {
        var rest = lengthBits & 7;
        if (rest != 0)
        {
            output[(lengthBits >> 3)] &= (byte)(0xFF << (8 - rest));
        }
    }

    /// <summary>XORs <paramref name="keystream"/> over the message; LENGTH bits, tail cleared.</summary>
    public static void XorKeystream(ReadOnlySpan<byte> source, ReadOnlySpan<byte> keystream, Span<byte> destination, int lengthBits)
    {
        var octets = Octets(lengthBits);
        for (var i = 0; i < octets; i++)
        {
            destination[i] = (byte)(source[i] ^ keystream[i]);
        }
        ClearTail(destination, lengthBits);
    }

    public static byte[] Rent(int length, Span<byte> stackBuffer, out Span<byte> span)
    {
        if (length <= stackBuffer.Length)
        {
            span = stackBuffer[..length];
            return [];
        }
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        span = rented.AsSpan(0, length);
        return rented;
    }

    /// <summary>Keystream is key-derived: zero it before the buffer goes back to the pool.</summary>
    public static void Return(byte[] rented, Span<byte> span)
    {
        CryptographicOperations.ZeroMemory(span);
        if (rented.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
