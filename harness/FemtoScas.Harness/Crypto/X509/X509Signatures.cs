using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The outcome of checking one signature; <see cref="Detail"/> says why it failed.</summary>
internal sealed record SignatureCheck(bool Valid, string Detail);

/// <summary>Verifies certificate and CRL signatures against an issuer certificate's public key.</summary>
internal static class X509Signatures
{
    public static SignatureCheck CertificateSignedBy(CertificateFacts subject, CertificateFacts issuer) =>
        Check(() => new X509CertificateParser().ReadCertificate(subject.Der).Verify(IssuerKey(issuer)));

    public static SignatureCheck CrlSignedBy(CrlFacts crl, CertificateFacts issuer) =>
        Check(() => new X509CrlParser().ReadCrl(crl.Der).Verify(IssuerKey(issuer)));

    private static Org.BouncyCastle.Crypto.AsymmetricKeyParameter IssuerKey(CertificateFacts issuer) =>
        new BcCertificate(Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(issuer.Der)).GetPublicKey();

    private static SignatureCheck Check(Action verify)
    {
        try
        {
            verify();
            return new SignatureCheck(true, "signature verifies");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Verify() reports a wrong signature and an undecodable one alike by throwing.
            return new SignatureCheck(false, $"signature does not verify: {ex.Message}");
        }
    }
}
