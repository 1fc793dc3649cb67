using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The SHA-256 of a certificate's SubjectPublicKeyInfo (RFC 5280 4.1.2.7), in hex: it names a key
/// pair without revealing anything secret, so an operator's answer about "the key with public part
/// X" and a secure element's key listing can be matched to the key the DUT used on the wire.
/// </summary>
public static class PublicKeyFingerprint
{
    public static string OfCertificate(byte[] certificateDer)
    {
        using var cert = X509CertificateLoader.LoadCertificate(certificateDer);
        return OfSubjectPublicKeyInfo(cert.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public static string OfSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfoDer) =>
        Convert.ToHexString(SHA256.HashData(subjectPublicKeyInfoDer));
}
