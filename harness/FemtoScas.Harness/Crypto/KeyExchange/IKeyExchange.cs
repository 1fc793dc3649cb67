using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// A Diffie-Hellman group as IKEv2 uses it: the KE payload's Key Exchange Data is
/// <see cref="IKeyExchange.PublicValue"/>, the shared secret is g^ir (RFC 7296 2.14).
/// </summary>
public interface IKeyExchangeGroup
{
    DhGroupId Id { get; }

    /// <summary>Exact length of the KE payload's Key Exchange Data for this group.</summary>
    int PublicValueLength { get; }

    /// <summary>Length of g^ir as fed to SKEYSEED.</summary>
    int SharedSecretLength { get; }

    /// <summary>
    /// Checks a received public value (length, range for MODP per RFC 6989 2.1, on-curve for
    /// ECP per RFC 6989 2.3); null means acceptable.
    /// </summary>
    CryptoFailure? CheckPeerPublicValue(ReadOnlySpan<byte> peerPublicValue);

    /// <summary>A fresh key pair whose private part is drawn from <paramref name="random"/>.</summary>
    IKeyExchange GenerateKeyPair(IRandomSource random);

    /// <summary>A key pair from a known private value (known-answer tests, replay of a recorded run).</summary>
    IKeyExchange ImportPrivateKey(ReadOnlySpan<byte> privateKey);
}

/// <summary>One side's ephemeral key pair; Dispose zeroes the private value.</summary>
public interface IKeyExchange : IDisposable
{
    IKeyExchangeGroup Group { get; }

    /// <summary>A copy of the encoded public value (RFC 7296 3.4, RFC 5903 7, RFC 8031 3).</summary>
    byte[] PublicValue { get; }

    /// <summary>
    /// g^ir from the peer's public value. The peer value is checked first; a bad one (or an
    /// all-zero X25519 result) is a failure result, never an exception.
    /// </summary>
    CryptoResult<SecretBytes> ComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue);
}
