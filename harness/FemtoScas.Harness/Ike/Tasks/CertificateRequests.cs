using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>CERTREQ for X.509 signatures: SHA-1 of each trust anchor's SubjectPublicKeyInfo (RFC 7296 3.7).</summary>
internal static class CertificateRequests
{
    public static CertificateRequestPayload? For(IReadOnlyList<byte[]> trustAnchors)
    {
        if (trustAnchors.Count == 0)
        {
            return null;
        }

        var hashes = new List<byte>();
        foreach (var der in trustAnchors)
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            hashes.AddRange(SHA1.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
        }

        return new CertificateRequestPayload(CertificateEncoding.X509Signature, hashes.ToArray());
    }
}
