using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Cmp;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.Cmp;

/// <summary>
/// Who signs a CMP message (RFC 4210 5.1.3.3 signature protection): the signer's certificate
/// (extraCerts[0]), the rest of its chain for extraCerts, and the signing operation itself, so a
/// key held in a secure element signs without leaving it.
/// </summary>
public sealed class CmpSigner
{
    private readonly Func<byte[], byte[]> sign;

    private CmpSigner(byte[] certificate, IReadOnlyList<byte[]> chain, AlgorithmIdentifier algorithm, Func<byte[], byte[]> sign)
    {
        Certificate = certificate;
        Chain = chain;
        Algorithm = algorithm;
        this.sign = sign;
    }

    public byte[] Certificate { get; }

    /// <summary>Certificates sent after <see cref="Certificate"/> in extraCerts (intermediates, optionally the root).</summary>
    public IReadOnlyList<byte[]> Chain { get; }

    internal AlgorithmIdentifier Algorithm { get; }

    /// <summary>The RFC 5280 name of the signer (its subject), for the header's sender.</summary>
    internal X509Name Subject => X509CertificateStructure.GetInstance(Certificate).Subject;

    internal byte[] Sign(byte[] data) => sign(data);

    /// <summary>
    /// A signer over <paramref name="key"/> (an ECDSA or RSA key, or a handle that only signs):
    /// ecdsa-with-SHA256 (RFC 5758 3.2) or sha256WithRSAEncryption (RFC 4055 5).
    /// </summary>
    public static CmpSigner For(byte[] certificate, IReadOnlyList<byte[]> chain, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new(certificate, chain, new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256),
            data => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        RSA rsa => new(certificate, chain, new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
            data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
        _ => throw new ArgumentException($"CMP protection with a {key.GetType().Name} key is not supported", nameof(key)),
    };

    /// <summary>A signer from a certificate and its PKCS#8 private key (the lab's RA key, a test-PKI key).</summary>
    public static CmpSigner FromPkcs8(byte[] certificate, IReadOnlyList<byte[]> chain, byte[] pkcs8)
    {
        // The PKCS#8 PrivateKeyInfo names its algorithm: an EC key imports as ECDSA, anything else is tried as RSA.
        var ec = ECDsa.Create();
        try
        {
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return For(certificate, chain, ec);
        }
        catch (CryptographicException)
        {
            ec.Dispose();
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return For(certificate, chain, rsa);
    }
}

/// <summary>The outcome of checking a message's signature protection: whether it verifies, and why not.</summary>
public sealed record CmpProtectionCheck(bool Verifies, string Detail);

/// <summary>Builds and checks the protection of CMP messages (RFC 4210 5.1.3).</summary>
public static class CmpProtection
{
    /// <summary>Password-based MAC (RFC 4210 5.1.3.1), which TS 33.310 9 enrolment does not use.</summary>
    public const string PasswordBasedMac = "1.2.840.113533.7.66.13";

    /// <summary>
    /// Assembles a PKIMessage from <paramref name="header"/> and <paramref name="body"/>: signed by
    /// <paramref name="signer"/> (protectionAlg set, its certificate and chain in extraCerts), or
    /// unprotected when it is null (extraCerts then <paramref name="extraCerts"/> only).
    /// </summary>
    internal static byte[] Seal(PkiHeaderBuilder header, PkiBody body, CmpSigner? signer, IReadOnlyList<byte[]>? extraCerts = null)
    {
        var certs = new List<CmpCertificate>();
        if (signer is not null)
        {
            header.SetProtectionAlg(signer.Algorithm);
            certs.Add(Cert(signer.Certificate));
            certs.AddRange(signer.Chain.Select(Cert));
        }
        certs.AddRange((extraCerts ?? []).Select(Cert));
        var built = header.Build();
        DerBitString? protection = null;
        if (signer is not null)
            protection = new DerBitString(signer.Sign(new ProtectedPart(built, body).GetEncoded(Asn1Encodable.Der)));
        var message = new PkiMessage(built, body, protection, certs.Count == 0 ? null : [.. certs]);
        return message.GetEncoded(Asn1Encodable.Der);
    }

    internal static CmpCertificate Cert(byte[] der) => new(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));

    /// <summary>
    /// Whether <paramref name="message"/>'s signature protection verifies with the key of
    /// <paramref name="signerCertificate"/> (a key outside <see cref="PeerKeyLimits"/> is refused
    /// before it is decoded). Never throws on hostile input.
    /// </summary>
    public static CmpProtectionCheck Verify(CmpMessage message, byte[] signerCertificate)
    {
        if (!message.Protected || message.ProtectionAlgorithm is null)
            return new(false, "the message carries no protection");
        if (message.ProtectionAlgorithm == PasswordBasedMac)
            return new(false, "password-based MAC protection, not a signature");
        try
        {
            var ok = X509Signatures.SignedBy(
                new ProtectedPart(message.Asn1.Header, message.Asn1.Body).GetEncoded(Asn1Encodable.Der),
                message.Asn1.Header.ProtectionAlg, message.Asn1.Protection.GetOctets(), signerCertificate,
                key =>
                {
                    if (!new ProtectedPkiMessage(message.Asn1).Verify(key))
                        throw new CryptographicException("signature mismatch");
                });
            return ok ? new(true, "the protection signature verifies") : new(false, "the protection signature does not verify: signature mismatch");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new(false, $"the protection signature does not verify: {ex.Message}");
        }
    }

    /// <summary>A fresh 128-bit nonce or transaction id (RFC 4210 5.1.1 recommends 128 bits).</summary>
    public static byte[] Nonce() => RandomNumberGenerator.GetBytes(16);

    internal static AlgorithmIdentifier Sha256 => new(NistObjectIdentifiers.IdSha256);
}
