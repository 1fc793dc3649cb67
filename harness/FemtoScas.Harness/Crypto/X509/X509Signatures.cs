using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The outcome of checking one signature; <see cref="Detail"/> says why it failed.</summary>
internal sealed record SignatureCheck(bool Valid, string Detail);

/// <summary>
/// Verifies certificate, CRL and OCSP response signatures with an issuer's public key, after
/// <see cref="PeerKeyLimits"/> has passed that key. RSA signatures of the common algorithms
/// (PKCS #1 v1.5 with SHA-1/SHA-2, RSASSA-PSS with MGF1 and a salt as long as the hash) are checked
/// with the platform's RSA, which takes the key as it is; BouncyCastle would first run a
/// probable-prime test on the modulus (about 2.4 s at 8192 bits). An ECDSA, EdDSA or DSA signature
/// with an RSA key fails without decoding the key. Everything else (EC keys, rarer RSA algorithms
/// such as SHA-224 or PSS with another salt length) is BouncyCastle's.
/// </summary>
internal static class X509Signatures
{
    public static SignatureCheck CertificateSignedBy(CertificateFacts subject, CertificateFacts issuer) =>
        Check(() =>
        {
            var c = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(subject.Der));
            // RFC 5280 4.1.1.2: signatureAlgorithm must be the algorithm named in tbsCertificate's signature field.
            if (!SameAlgorithm(c.SignatureAlgorithm, c.TbsCertificate.Signature))
                throw new CryptographicException("signature algorithm in tbsCertificate differs from the outer signatureAlgorithm");
            return SignedBy(c.TbsCertificate.GetDerEncoded(), c.SignatureAlgorithm, c.Signature.GetOctets(), issuer.Der,
                key => new X509CertificateParser().ReadCertificate(subject.Der).Verify(key));
        });

    public static SignatureCheck CrlSignedBy(CrlFacts crl, CertificateFacts issuer) =>
        Check(() =>
        {
            var list = CertificateList.GetInstance(Asn1Object.FromByteArray(crl.Der));
            // RFC 5280 5.1.1.2: the same rule for a CRL.
            if (!SameAlgorithm(list.SignatureAlgorithm, list.TbsCertList.Signature))
                throw new CryptographicException("signature algorithm in tbsCertList differs from the outer signatureAlgorithm");
            return SignedBy(list.TbsCertList.GetDerEncoded(), list.SignatureAlgorithm, list.Signature.GetOctets(), issuer.Der,
                key => new X509CrlParser().ReadCrl(crl.Der).Verify(key));
        });

    /// <summary>
    /// True when <paramref name="signature"/> over <paramref name="signed"/> verifies with the key of
    /// the certificate <paramref name="signerCertificateDer"/>; a key outside <see cref="PeerKeyLimits"/>
    /// is refused before it is decoded. <paramref name="library"/> verifies with BouncyCastle's key
    /// object (throwing on a bad signature) where the platform path does not apply.
    /// </summary>
    public static bool SignedBy(byte[] signed, AlgorithmIdentifier algorithm, byte[] signature, byte[] signerCertificateDer, Action<AsymmetricKeyParameter> library) =>
        SignedByKey(signed, algorithm, signature, X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(signerCertificateDer)).SubjectPublicKeyInfo, library);

    /// <summary>As <see cref="SignedBy"/> with the signer's key itself (a CMP template's key, RFC 4211 4.1).</summary>
    public static bool SignedByKey(byte[] signed, AlgorithmIdentifier algorithm, byte[] signature, SubjectPublicKeyInfo info, Action<AsymmetricKeyParameter> library)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (PeerKeyLimits.Problem(info) is { } refused)
            throw new CryptographicException(refused);
        if (PeerKeyLimits.IsRsa(info.Algorithm.Algorithm))
        {
            if (NotRsa(algorithm.Algorithm))
                throw new CryptographicException($"signature algorithm {algorithm.Algorithm.Id} does not fit the issuer's RSA key");
            if (RsaScheme(algorithm) is { } scheme)
            {
                var key = RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = key.Modulus.ToByteArrayUnsigned(), Exponent = key.PublicExponent.ToByteArrayUnsigned() });
                return rsa.VerifyData(signed, signature, scheme.Hash, scheme.Padding);
            }
        }
        library(PublicKeyFactory.CreateKey(info));
        return true;
    }

    /// <summary>The platform's name for an RSA signature algorithm, or null when it is not one the platform path covers.</summary>
    private static (HashAlgorithmName Hash, RSASignaturePadding Padding)? RsaScheme(AlgorithmIdentifier algorithm)
    {
        var oid = algorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.MD5WithRsaEncryption)) return (HashAlgorithmName.MD5, RSASignaturePadding.Pkcs1);
        if (oid.Equals(PkcsObjectIdentifiers.Sha1WithRsaEncryption)) return (HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        if (oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption)) return (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (oid.Equals(PkcsObjectIdentifiers.Sha384WithRsaEncryption)) return (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        if (oid.Equals(PkcsObjectIdentifiers.Sha512WithRsaEncryption)) return (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        if (!oid.Equals(PkcsObjectIdentifiers.IdRsassaPss) || algorithm.Parameters is null) return null;
        // RFC 4055 3.1: RSASSA-PSS-params; the platform's PSS uses MGF1 with the message hash, a salt as long as the hash and trailer 1.
        var pss = RsassaPssParameters.GetInstance(algorithm.Parameters);
        if (HashOf(pss.HashAlgorithm.Algorithm) is not { } hash || !pss.MaskGenAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdMgf1)
            || HashOf(AlgorithmIdentifier.GetInstance(pss.MaskGenAlgorithm.Parameters).Algorithm) != hash
            || pss.SaltLength.IntValueExact != HashLength(hash) || !pss.TrailerField.Equals(Org.BouncyCastle.Math.BigInteger.One))
            return null;
        return (hash, RSASignaturePadding.Pss);
    }

    /// <summary>ECDSA (RFC 5758 3.2), EdDSA (RFC 8410 3) and DSA (RFC 5758 3.1) signatures, which no RSA key makes.</summary>
    private static bool NotRsa(DerObjectIdentifier oid) =>
        oid.Id.StartsWith("1.2.840.10045.4.", StringComparison.Ordinal) || oid.Id is "1.3.101.112" or "1.3.101.113"
        || oid.Id.StartsWith("1.2.840.10040.4.", StringComparison.Ordinal) || oid.Id is "2.16.840.1.101.3.4.3.1" or "2.16.840.1.101.3.4.3.2";

    private static HashAlgorithmName? HashOf(DerObjectIdentifier oid) =>
        oid.Equals(OiwObjectIdentifiers.IdSha1) ? HashAlgorithmName.SHA1
        : oid.Equals(NistObjectIdentifiers.IdSha256) ? HashAlgorithmName.SHA256
        : oid.Equals(NistObjectIdentifiers.IdSha384) ? HashAlgorithmName.SHA384
        : oid.Equals(NistObjectIdentifiers.IdSha512) ? HashAlgorithmName.SHA512
        : null;

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA1 ? 20 : hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;

    /// <summary>Algorithm identifiers are the same when their OIDs are, and their parameters are, counting absent as NULL.</summary>
    private static bool SameAlgorithm(AlgorithmIdentifier a, AlgorithmIdentifier b)
    {
        if (!a.Algorithm.Equals(b.Algorithm)) return false;
        var pa = a.Parameters is null or DerNull ? null : a.Parameters;
        var pb = b.Parameters is null or DerNull ? null : b.Parameters;
        return pa is null ? pb is null : pb is not null && pa.ToAsn1Object().Equals(pb.ToAsn1Object());
    }

    private static SignatureCheck Check(Func<bool> verify)
    {
        try
        {
            return verify() ? new SignatureCheck(true, "signature verifies") : new SignatureCheck(false, "signature does not verify: signature mismatch");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Verify() reports a wrong signature and an undecodable one alike by throwing.
            return new SignatureCheck(false, $"signature does not verify: {ex.Message}");
        }
    }
}
