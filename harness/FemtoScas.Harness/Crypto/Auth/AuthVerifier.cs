using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Auth;

/// <summary>Checks a peer's AUTH payload against its public key; every mismatch is a failure, never an exception.</summary>
public interface IAuthVerifier
{
    AuthMethod Method { get; }

    /// <summary>Null when the Authentication Data verifies over <paramref name="signedOctets"/>.</summary>
    CryptoFailure? Verify(ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> authenticationData);
}

/// <summary>Verifiers over public keys (typically from the peer's certificate). They do not own the key.</summary>
public static class AuthVerifiers
{
    /// <summary>
    /// A verifier for <paramref name="method"/>. A key of the wrong type for the method yields
    /// a verifier that always fails with that reason, so a DUT that signs with a mismatching
    /// method is a finding. <paramref name="rsaMethod1Hash"/> defaults to SHA-1.
    /// </summary>
    public static IAuthVerifier For(AuthMethod method, AsymmetricAlgorithm publicKey, HashAlgorithmName? rsaMethod1Hash = null) => method switch
    {
        AuthMethod.RsaDigitalSignature when publicKey is RSA rsa =>
            new Verifier(method, (data, auth) => Check(() => rsa.VerifyData(data, auth, rsaMethod1Hash ?? HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1), method)),
        AuthMethod.EcdsaSha256P256 when publicKey is ECDsa { KeySize: 256 } ec =>
            new Verifier(method, (data, auth) => CheckEcdsaRaw(ec, data, auth, HashAlgorithmName.SHA256, 64, method)),
        AuthMethod.EcdsaSha384P384 when publicKey is ECDsa { KeySize: 384 } ec =>
            new Verifier(method, (data, auth) => CheckEcdsaRaw(ec, data, auth, HashAlgorithmName.SHA384, 96, method)),
        AuthMethod.DigitalSignature => new Verifier(method, (data, auth) => CheckDigitalSignature(publicKey, data, auth)),
        _ => new Verifier(method, (_, _) =>
            new CryptoFailure($"auth method {(int)method} cannot be verified with a {publicKey.GetType().Name} ({publicKey.KeySize}-bit) key", "RFC 7296 3.8")),
    };

    private static CryptoFailure? CheckEcdsaRaw(ECDsa key, byte[] data, byte[] auth, HashAlgorithmName hash, int length, AuthMethod method)
    {
        if (auth.Length != length)
        {
            return new CryptoFailure($"ECDSA AUTH data for method {(int)method} is {auth.Length} octets, expected r | s = {length}", "RFC 4754 7");
        }
        return Check(() => key.VerifyData(data, auth, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), method);
    }

    private static CryptoFailure? CheckDigitalSignature(AsymmetricAlgorithm key, byte[] data, byte[] auth)
    {
        if (auth.Length < 1 || auth[0] + 1 > auth.Length)
        {
            return new CryptoFailure("method 14 AUTH data is shorter than its ASN.1 length octet announces", "RFC 7427 3");
        }
        var algorithmId = auth.AsSpan(1, auth[0]);
        var signature = auth[(1 + auth[0])..];
        if (DigitalSignatureAlgorithms.Lookup(algorithmId) is not { } scheme)
        {
            return new CryptoFailure($"method 14 AlgorithmIdentifier {Convert.ToHexString(algorithmId)} is not supported", "RFC 7427 3");
        }
        var hash = DigitalSignatureAlgorithms.Hash(scheme);
        return (key, DigitalSignatureAlgorithms.IsRsa(scheme)) switch
        {
            (RSA rsa, true) => Check(() => rsa.VerifyData(data, signature, hash, DigitalSignatureAlgorithms.RsaPadding(scheme)), AuthMethod.DigitalSignature),
            (ECDsa ec, false) => Check(() => ec.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence), AuthMethod.DigitalSignature),
            _ => new CryptoFailure($"method 14 names {scheme} but the peer key is {key.GetType().Name}", "RFC 7427 3"),
        };
    }

    private static CryptoFailure? Check(Func<bool> verify, AuthMethod method)
    {
        try
        {
            return verify() ? null : new CryptoFailure($"AUTH signature (method {(int)method}) does not verify", "RFC 7296 2.15");
        }
        catch (CryptographicException)
        {
            return new CryptoFailure($"AUTH signature (method {(int)method}) is malformed", "RFC 7296 3.8");
        }
    }

    private sealed class Verifier(AuthMethod method, Func<byte[], byte[], CryptoFailure?> verify) : IAuthVerifier
    {
        public AuthMethod Method => method;

        public CryptoFailure? Verify(ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> authenticationData) =>
            verify(signedOctets.ToArray(), authenticationData.ToArray());
    }
}
