using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>An integrity transform (RFC 7296 3.3.2 type 3): truncated HMAC over the covered bytes.</summary>
public interface IIntegrity
{
    IntegId Id { get; }

    /// <summary>Length of SK_ai / SK_ar and of ESP integrity keys.</summary>
    int KeyLength { get; }

    /// <summary>Length of the ICV on the wire (the truncated MAC).</summary>
    int IcvLength { get; }

    void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> icv);

    /// <summary>Constant-time comparison of a received ICV; a wrong length is simply a mismatch.</summary>
    bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> receivedIcv)
    {
        Span<byte> expected = stackalloc byte[IcvLength];
        Compute(key, data, expected);
        return receivedIcv.Length == IcvLength && CryptographicOperations.FixedTimeEquals(expected, receivedIcv);
    }
}

/// <summary>AUTH_HMAC_* (RFC 2403, 2404, 4868 2.2): HMAC keyed with the full key, truncated.</summary>
internal sealed class HmacIntegrity : IIntegrity
{
    private readonly HashAlgorithmName _hash;

    public HmacIntegrity(IntegId id, HashAlgorithmName hash, int keyLength, int icvLength)
    {
        Id = id;
        _hash = hash;
        KeyLength = keyLength;
        IcvLength = icvLength;
    }

    public IntegId Id { get; }
    public int KeyLength { get; }
    public int IcvLength { get; }

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> icv)
    {
        Span<byte> full = stackalloc byte[Hmac.OutputLength(_hash)];
        Hmac.Compute(_hash, key, data, full);
        full[..IcvLength].CopyTo(icv);
        CryptographicOperations.ZeroMemory(full);
    }

    public override string ToString() => $"INTEG {Id}";
}
