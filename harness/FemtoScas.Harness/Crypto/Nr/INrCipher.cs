using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// A 5G NR ciphering algorithm (TS 33.501 D.2): a keystream over COUNT, BEARER and DIRECTION
/// XORed onto the first LENGTH bits of the message, so the same call ciphers and deciphers.
/// </summary>
public interface INrCipher
{
    NrEncryptionAlgorithm Id { get; }

    /// <summary>
    /// Writes the first <paramref name="lengthBits"/> bits of <paramref name="source"/> XOR the
    /// keystream into <paramref name="destination"/> (which may be the same memory); bits past
    /// LENGTH in the last octet come out zero. The key is the 128-bit KNASenc / KRRCenc / KUPenc.
    /// </summary>
    void Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> source, Span<byte> destination, int lengthBits);

    /// <summary>Ciphers or deciphers whole octets.</summary>
    byte[] Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        Apply(key, input, data, output, data.Length * 8);
        return output;
    }
}
