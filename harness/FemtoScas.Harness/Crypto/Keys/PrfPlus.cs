using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Keys;

/// <summary>
/// prf+ (RFC 7296 2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), output T1 | T2 | ...
/// The counter is one octet, so at most 255 blocks can be produced.
/// </summary>
public static class PrfPlus
{
    public static SecretBytes Expand(IPrf prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var blocks = (length + prf.OutputLength - 1) / prf.OutputLength;
        if (blocks > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"prf+ with {prf.Id} yields at most {255 * prf.OutputLength} octets (RFC 7296 2.13)");
        }
        var output = new byte[blocks * prf.OutputLength];
        var input = new byte[prf.OutputLength + seed.Length + 1];
        var previousLength = 0; // T0 is empty
        for (var n = 1; n <= blocks; n++)
        {
            if (n > 1)
            {
                output.AsSpan((n - 2) * prf.OutputLength, prf.OutputLength).CopyTo(input);
            }
            seed.CopyTo(input.AsSpan(previousLength));
            input[previousLength + seed.Length] = (byte)n;
            prf.Compute(key, input.AsSpan(0, previousLength + seed.Length + 1), output.AsSpan((n - 1) * prf.OutputLength, prf.OutputLength));
            previousLength = prf.OutputLength;
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(input);
        if (output.Length == length)
        {
            return SecretBytes.Own(output);
        }
        var trimmed = SecretBytes.Copy(output.AsSpan(0, length));
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(output);
        return trimmed;
    }
}
