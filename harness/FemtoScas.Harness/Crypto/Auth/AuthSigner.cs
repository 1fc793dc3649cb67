using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Auth;

/// <summary>
/// Produces the AUTH payload's Authentication Data for one method. Owns its private key
/// and disposes it; the key never appears in ToString, logs or exceptions.
/// </summary>
public interface IAuthSigner : IDisposable
{
    AuthMethod Method { get; }

    byte[] Sign(ReadOnlySpan<byte> signedOctets);
}

/// <summary>Factories for AUTH signers; each takes ownership of the private key.</summary>
public static class AuthSigners
{
    /// <summary>Method 1: RSASSA-PKCS1-v1_5 over the signed octets; historically SHA-1 (RFC 7296 3.8).</summary>
    public static IAuthSigner RsaPkcs1(RSA privateKey, HashAlgorithmName hash) =>
        new Signer(AuthMethod.RsaDigitalSignature, privateKey, data => privateKey.SignData(data, hash, RSASignaturePadding.Pkcs1));

    /// <summary>Methods 9 / 10: ECDSA with SHA-256 on P-256 or SHA-384 on P-384, signature r | s (RFC 4754 7).</summary>
    public static IAuthSigner Ecdsa(ECDsa privateKey)
    {
        var (method, hash) = privateKey.KeySize switch
        {
            256 => (AuthMethod.EcdsaSha256P256, HashAlgorithmName.SHA256),
            384 => (AuthMethod.EcdsaSha384P384, HashAlgorithmName.SHA384),
            _ => throw new ArgumentException($"RFC 4754 methods need a P-256 or P-384 key, not {privateKey.KeySize} bits", nameof(privateKey)),
        };
        return new Signer(method, privateKey, data => privateKey.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>
    /// Method 14: AUTH data = ASN.1 length (1 octet) | AlgorithmIdentifier | signature (RFC 7427 3).
    /// ECDSA signatures inside method 14 are DER Ecdsa-Sig-Value (RFC 7427 3, via RFC 3279).
    /// </summary>
    public static IAuthSigner DigitalSignature(AsymmetricAlgorithm privateKey, DigitalSignatureScheme scheme)
    {
        var algorithmId = DigitalSignatureAlgorithms.AlgorithmIdentifier(scheme);
        var hash = DigitalSignatureAlgorithms.Hash(scheme);
        Func<byte[], byte[]> sign = (privateKey, DigitalSignatureAlgorithms.IsRsa(scheme)) switch
        {
            (RSA rsa, true) => data => rsa.SignData(data, hash, DigitalSignatureAlgorithms.RsaPadding(scheme)),
            (ECDsa ecdsa, false) => data => ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence),
            _ => throw new ArgumentException($"a {privateKey.GetType().Name} key cannot sign with {scheme}", nameof(privateKey)),
        };
        return new Signer(AuthMethod.DigitalSignature, privateKey, data =>
        {
            var signature = sign(data);
            var auth = new byte[1 + algorithmId.Length + signature.Length];
            auth[0] = (byte)algorithmId.Length;
            algorithmId.CopyTo(auth, 1);
            signature.CopyTo(auth, 1 + algorithmId.Length);
            return auth;
        });
    }

    private sealed class Signer(AuthMethod method, AsymmetricAlgorithm key, Func<byte[], byte[]> sign) : IAuthSigner
    {
        private bool _disposed;

        public AuthMethod Method => method;

        public byte[] Sign(ReadOnlySpan<byte> signedOctets)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return sign(signedOctets.ToArray());
        }

        public void Dispose()
        {
            key.Dispose();
            _disposed = true;
        }

        public override string ToString() => $"AUTH signer, method {(int)method} [private key masked]";
    }
}
