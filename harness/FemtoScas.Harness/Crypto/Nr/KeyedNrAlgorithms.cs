using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// A 128-NIA algorithm bound to its key (TS 33.501 D.3): a 32-bit MAC over COUNT, BEARER, DIRECTION
/// and MESSAGE. One engine for both strata: NAS binds it to K_NASint (BEARER = the NAS connection
/// identifier, TS 33.501 6.4.3.1), PDCP to K_RRCint or K_UPint (BEARER = radio bearer identity - 1,
/// TS 38.323 5.9). Layers only frame; the key never crosses this interface.
/// </summary>
public interface INrKeyedIntegrity
{
    /// <summary>The algorithm identity of TS 33.501 5.11.1.2 (0 = NIA0, 1 = 128-NIA1, ...).</summary>
    int AlgorithmId { get; }

    /// <summary>The MAC of <paramref name="message"/> (whole octets); BEARER is 5 bits, COUNT 32.</summary>
    uint ComputeMac(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> message);
}

/// <summary>
/// A 128-NEA algorithm bound to its key (TS 33.501 D.2): a keystream over COUNT, BEARER and
/// DIRECTION XORed with the input; the same call ciphers and deciphers. NAS binds it to K_NASenc,
/// PDCP to K_RRCenc or K_UPenc.
/// </summary>
public interface INrKeyedCipher
{
    /// <summary>The algorithm identity of TS 33.501 5.11.1.1 (0 = NEA0, 1 = 128-NEA1, ...).</summary>
    int AlgorithmId { get; }

    /// <summary>Writes <paramref name="input"/> XOR keystream to <paramref name="output"/> (same length; may be the same memory).</summary>
    void Apply(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> input, Span<byte> output);
}

/// <summary>
/// <see cref="INrKeyedIntegrity"/> over the crypto seam's 128-NIA table (TS 33.501 D.3), bound to a
/// key the caller owns (and disposes).
/// </summary>
public sealed class NrKeyedIntegrity(NrIntegrityAlgorithm algorithm, SecretBytes key) : INrKeyedIntegrity
{
    private readonly INrIntegrity implementation = NrSecurityAlgorithms.Mac(algorithm);

    /// <summary>NIA0 (TS 33.501 D.1): the MAC is 32 zero bits; it takes no key.</summary>
    public static INrKeyedIntegrity Null { get; } = new NullIntegrity();

    public int AlgorithmId => (int)algorithm;

    public uint ComputeMac(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> message) =>
        implementation.ComputeMac(key.Span, new NrSecurityInput(count, bearer, direction), message, checked(message.Length * 8));

    public override string ToString() => $"{implementation} (key masked)";

    private sealed class NullIntegrity : INrKeyedIntegrity
    {
        public int AlgorithmId => 0;
        public uint ComputeMac(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> message) => 0;
        public override string ToString() => "NIA0";
    }
}

/// <summary><see cref="INrKeyedCipher"/> over the crypto seam's 128-NEA table (TS 33.501 D.2), bound to a key the caller owns.</summary>
public sealed class NrKeyedCipher(NrEncryptionAlgorithm algorithm, SecretBytes key) : INrKeyedCipher
{
    private readonly INrCipher implementation = NrSecurityAlgorithms.Cipher(algorithm);

    /// <summary>NEA0 (TS 33.501 D.1): the keystream is all zeros, so output equals input; it takes no key.</summary>
    public static INrKeyedCipher Null { get; } = new NullCipher();

    public int AlgorithmId => (int)algorithm;

    public void Apply(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> input, Span<byte> output) =>
        implementation.Apply(key.Span, new NrSecurityInput(count, bearer, direction), input, output, checked(input.Length * 8));

    public override string ToString() => $"{implementation} (key masked)";

    private sealed class NullCipher : INrKeyedCipher
    {
        public int AlgorithmId => 0;
        public void Apply(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> input, Span<byte> output) => input.CopyTo(output);
        public override string ToString() => "NEA0";
    }
}
