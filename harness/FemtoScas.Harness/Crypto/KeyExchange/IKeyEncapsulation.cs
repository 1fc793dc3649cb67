using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// A key encapsulation mechanism as IKEv2 carries it in an additional key exchange (RFC 9370,
/// draft-ietf-ipsecme-ikev2-mlkem): the initiator's KE payload holds its encapsulation key, the
/// responder's KE payload the ciphertext it encapsulated to that key, and both end with the
/// same shared secret. Unlike a D-H group the two sides do different things, so it is a seam
/// of its own beside <see cref="IKeyExchangeGroup"/>.
/// </summary>
public interface IKeyEncapsulation
{
    /// <summary>The Key Exchange Method transform ID (IANA registry shared by transform types 4 and 6-12).</summary>
    DhGroupId Id { get; }

    /// <summary>Exact length of the initiator's Key Exchange Data (the encapsulation key).</summary>
    int EncapsulationKeyLength { get; }

    /// <summary>Exact length of the responder's Key Exchange Data (the ciphertext).</summary>
    int CiphertextLength { get; }

    /// <summary>Length of the shared secret fed to the key schedule.</summary>
    int SharedSecretLength { get; }

    /// <summary>A fresh key pair from <paramref name="random"/> (the seed d | z).</summary>
    IKemKeyPair GenerateKeyPair(IRandomSource random);

    /// <summary>A key pair from a known 64-octet seed d | z (known-answer tests).</summary>
    IKemKeyPair ImportSeed(ReadOnlySpan<byte> seed);

    /// <summary>
    /// The responder's side: checks the peer's encapsulation key (length, and the modulus check
    /// of FIPS 203 7.2) and encapsulates to it with a message drawn from <paramref name="random"/>.
    /// A bad key is a failure result, never an exception.
    /// </summary>
    CryptoResult<KemEncapsulation> Encapsulate(ReadOnlySpan<byte> peerEncapsulationKey, IRandomSource random);
}

/// <summary>The initiator's key pair; Dispose zeroes the decapsulation key.</summary>
public interface IKemKeyPair : IDisposable
{
    IKeyEncapsulation Kem { get; }

    /// <summary>A copy of the encoded encapsulation key (the KE payload's data).</summary>
    byte[] EncapsulationKey { get; }

    /// <summary>
    /// The shared secret from the peer's ciphertext. A ciphertext of the wrong length is a failure
    /// (FIPS 203 7.3); a well-formed but wrong one yields the implicit-rejection secret, as FIPS 203 requires.
    /// </summary>
    CryptoResult<SecretBytes> Decapsulate(ReadOnlySpan<byte> ciphertext);
}

/// <summary>What the responder sends (the ciphertext) and keeps (the secret).</summary>
public sealed class KemEncapsulation(byte[] ciphertext, SecretBytes sharedSecret) : IDisposable
{
    public byte[] Ciphertext { get; } = ciphertext;

    public SecretBytes SharedSecret { get; } = sharedSecret;

    public void Dispose() => SharedSecret.Dispose();
}
