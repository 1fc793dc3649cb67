namespace FemtoScas.Harness.Nas.Security;

/// <summary>DIRECTION input of NEA/NIA (TS 33.501 D.2.1.1, D.3.1.1): 0 uplink, 1 downlink.</summary>
public enum NasDirection : byte
{
    Uplink = 0,
    Downlink = 1,
}

/// <summary>
/// A 128-NIA algorithm bound to its K_NASint (TS 33.501 D.3): a 32-bit MAC over COUNT, BEARER,
/// DIRECTION and MESSAGE. The NAS layer only frames; the crypto seam implements this. The key
/// never crosses this interface.
/// </summary>
public interface INasIntegrity
{
    /// <summary>The algorithm identity of TS 33.501 5.11.1.2 (0 = NIA0, 1 = 128-NIA1, ...).</summary>
    int AlgorithmId { get; }

    /// <summary>MAC-I/NAS-MAC of <paramref name="message"/>; BEARER is 5 bits, COUNT the 32-bit NAS COUNT.</summary>
    uint ComputeMac(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> message);
}

/// <summary>
/// A 128-NEA algorithm bound to its K_NASenc (TS 33.501 D.2): a keystream over COUNT, BEARER and
/// DIRECTION XORed with the input; the same call ciphers and deciphers.
/// </summary>
public interface INasCiphering
{
    /// <summary>The algorithm identity of TS 33.501 5.11.1.1 (0 = NEA0, 1 = 128-NEA1, ...).</summary>
    int AlgorithmId { get; }

    /// <summary>Writes <paramref name="input"/> XOR keystream to <paramref name="output"/> (same length).</summary>
    void Apply(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> input, Span<byte> output);
}

/// <summary>NIA0 (TS 33.501 D.1, TS 24.501 4.4.3.3): the MAC is 32 zero bits.</summary>
public sealed class Nia0 : INasIntegrity
{
    public static Nia0 Instance { get; } = new();
    public int AlgorithmId => 0;
    public uint ComputeMac(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> message) => 0;
}

/// <summary>NEA0 (TS 33.501 D.1): the keystream is all zeros, so output equals input.</summary>
public sealed class Nea0 : INasCiphering
{
    public static Nea0 Instance { get; } = new();
    public int AlgorithmId => 0;
    public void Apply(uint count, byte bearer, NasDirection direction, ReadOnlySpan<byte> input, Span<byte> output) => input.CopyTo(output);
}
