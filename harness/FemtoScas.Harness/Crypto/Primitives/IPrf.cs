using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>A negotiated IKEv2 PRF (RFC 7296 2.13). All HMAC PRFs take keys of any length.</summary>
public interface IPrf
{
    PrfId Id { get; }

    /// <summary>Output block length in octets.</summary>
    int OutputLength { get; }

    /// <summary>Length of SK_d, SK_pi and SK_pr (RFC 7296 2.14: the PRF's preferred key size).</summary>
    int PreferredKeyLength { get; }

    void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output);

    byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var output = new byte[OutputLength];
        Compute(key, data, output);
        return output;
    }
}
