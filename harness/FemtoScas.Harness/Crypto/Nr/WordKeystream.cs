using System.Buffers.Binary;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>A generator of 32-bit keystream words (SNOW 3G, ZUC) whose state is key-derived.</summary>
internal interface IWordKeystream
{
    uint NextWord();

    /// <summary>Zeroes the key-derived state once the keystream is no longer needed.</summary>
    void Clear();
}

/// <summary>What 128-NEA1 and 128-NEA3 do alike with their generator: words, octets and the keystream XOR.</summary>
internal static class WordKeystream
{
    public static void Fill(IWordKeystream generator, Span<uint> words)
    {
        for (var i = 0; i < words.Length; i++) words[i] = generator.NextWord();
    }

    /// <summary>Keystream words written big-endian (the UEA2 and EEA3 bit order); a last partial word is cut.</summary>
    public static void FillBytes(IWordKeystream generator, Span<byte> output)
    {
        var i = 0;
        for (; i + 4 <= output.Length; i += 4) BinaryPrimitives.WriteUInt32BigEndian(output[i..], generator.NextWord());
        if (i < output.Length)
        {
            Span<byte> last = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(last, generator.NextWord());
            last[..(output.Length - i)].CopyTo(output[i..]);
        }
    }

    /// <summary>
    /// XORs <paramref name="octets"/> octets of keystream over the message (LENGTH bits, tail cleared),
    /// then zeroes the keystream and the generator's state.
    /// </summary>
    public static void Encrypt(IWordKeystream generator, ReadOnlySpan<byte> source, Span<byte> destination, int octets, int lengthBits)
    {
        Span<byte> stack = stackalloc byte[2048];
        var rented = NrBits.Rent(octets, stack, out var keystream);
        try
        {
            FillBytes(generator, keystream);
            NrBits.XorKeystream(source, keystream, destination, lengthBits);
        }
        finally
        {
            generator.Clear();
            NrBits.Return(rented, keystream);
        }
    }
}
