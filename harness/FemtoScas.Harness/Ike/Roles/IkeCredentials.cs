using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Auth;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>How the AUTH payload is signed: the key's classic method (1 RSA with SHA-1, 9/10 ECDSA) or RFC 7427 method 14.</summary>
public enum AuthStyle
{
    /// <summary>
    /// The classic method, except that an RSA key signs with method 14 and SHA-256 when the peer
    /// announced SHA2-256 in SIGNATURE_HASH_ALGORITHMS (RFC 7427 4): a peer restricting signature
    /// schemes, as TS 33.310's SHA-256-or-better rule makes a femto do, refuses method 1's SHA-1.
    /// </summary>
    Classic,
    DigitalSignature,
}

/// <summary>
/// A peer's certificate (DER), the intermediates it sends with it, and its private key
/// (PKCS#8, test keys). The key never appears in ToString, logs or evidence.
/// </summary>
public sealed record IkeCredentials(byte[] CertificateDer, IReadOnlyList<byte[]> Intermediates, byte[] PrivateKeyPkcs8)
{
    /// <summary>
    /// A key held elsewhere (a secure element or TPM that signs but does not export): each AUTH
    /// signature opens a handle (an <see cref="ECDsa"/> or <see cref="RSA"/> that can sign) instead of
    /// importing <see cref="PrivateKeyPkcs8"/>, which is then empty. The signer disposes the handle.
    /// </summary>
    public Func<AsymmetricAlgorithm>? KeyHandle { get; init; }

    /// <summary>Credentials whose private key stays in <paramref name="keyHandle"/>'s holder.</summary>
    public static IkeCredentials HeldBy(byte[] certificateDer, IReadOnlyList<byte[]> intermediates, Func<AsymmetricAlgorithm> keyHandle) =>
        new(certificateDer, intermediates, []) { KeyHandle = keyHandle };

    /// <summary>An entry of the test PKI, with the intermediates of its chain (not the root).</summary>
    public static IkeCredentials FromTestPki(TestPkiEntry entry) =>
        new(entry.CertificateDer,
            entry.Chain.Skip(1).Where(c => c.Role == TestPkiRole.IntermediateCa).Select(c => c.CertificateDer).ToList(),
            entry.PrivateKeyPkcs8);

    /// <summary>The identity stated in IDi/IDr: the certificate's dNSName (FQDN), else its subject DN (RFC 4945 3.1).</summary>
    public IdentificationPayload Identity(bool responder)
    {
        using var cert = X509CertificateLoader.LoadCertificate(CertificateDer);
        var dns = cert.GetNameInfo(X509NameType.DnsName, false);
        bool hasSan = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Any(e => e.EnumerateDnsNames().Any());
        return hasSan && !string.IsNullOrEmpty(dns)
            ? IdentificationPayload.Fqdn(responder, dns)
            : new IdentificationPayload(responder, IkeIdType.DerAsn1Dn, cert.SubjectName.RawData);
    }

    internal IAuthSigner CreateSigner(AuthStyle style, IReadOnlyCollection<SignatureHash> peerHashes)
    {
        using var cert = X509CertificateLoader.LoadCertificate(CertificateDer);
        if (cert.GetECDsaPublicKey() is { } ecPublic)
        {
            ecPublic.Dispose();
            var ec = KeyHandle is { } openEc ? (ECDsa)openEc() : ECDsa.Create();
            if (KeyHandle is null) ec.ImportPkcs8PrivateKey(PrivateKeyPkcs8, out _);
            return style == AuthStyle.DigitalSignature
                ? AuthSigners.DigitalSignature(ec, ec.KeySize == 384 ? DigitalSignatureScheme.EcdsaSha384 : DigitalSignatureScheme.EcdsaSha256)
                : AuthSigners.Ecdsa(ec);
        }

        var rsa = KeyHandle is { } openRsa ? (RSA)openRsa() : RSA.Create();
        if (KeyHandle is null) rsa.ImportPkcs8PrivateKey(PrivateKeyPkcs8, out _);
        return style == AuthStyle.DigitalSignature || peerHashes.Contains(SignatureHash.Sha2_256)
            ? AuthSigners.DigitalSignature(rsa, DigitalSignatureScheme.RsaPkcs1Sha256)
            : AuthSigners.RsaPkcs1(rsa, HashAlgorithmName.SHA1);
    }

    public override string ToString() => $"IkeCredentials[{CertificateDer.Length}-octet certificate, {Intermediates.Count} intermediate(s), private key {(KeyHandle is null ? "masked" : "held by its key store")}]";
}
