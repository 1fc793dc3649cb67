using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Nas.Security;

/// <summary>
/// The NAS seam's <see cref="INasIntegrity"/> over the crypto seam's 128-NIA table (TS 33.501 D.3), bound to a
/// K_NASint the caller owns (and disposes); whole octets only, as NAS messages are.
/// </summary>
public sealed class NrNasIntegrity(NrIntegrityAlgorithm algorithm, SecretBytes key) : INasIntegrity
{
    private readonly INrIntegrity implementation = NrSecurityAlgorithms.Mac(algorithm);

    public int AlgorithmId => (int)algorithm;

    public uint ComputeMac(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> message) =>
        implementation.ComputeMac(key.Span, new NrSecurityInput(count, bearer, (NrDirection)direction), message, checked(message.Length * 8));
}

/// <summary>The NAS seam's <see cref="INasCiphering"/> over the crypto seam's 128-NEA table (TS 33.501 D.2), bound to a K_NASenc the caller owns.</summary>
public sealed class NrNasCiphering(NrEncryptionAlgorithm algorithm, SecretBytes key) : INasCiphering
{
    private readonly INrCipher implementation = NrSecurityAlgorithms.Cipher(algorithm);

    public int AlgorithmId => (int)algorithm;

    public void Apply(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> input, Span<byte> output) =>
        implementation.Apply(key.Span, new NrSecurityInput(count, bearer, (NrDirection)direction), input, output, checked(input.Length * 8));
}
