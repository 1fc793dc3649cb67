using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// CERTREQ for X.509 signatures: SHA-1 of each trust anchor's SubjectPublicKeyInfo (RFC 7296 3.7);
/// and the separate OCSP request of RFC 4806 3.1 (encoding 14), naming the trusted responders the
/// same way (zero of them: any responder the issuing CA authorised).
/// </summary>
internal static class CertificateRequests
{
    public static CertificateRequestPayload? For(IReadOnlyList<byte[]> trustAnchors) =>
        trustAnchors.Count == 0 ? null : new CertificateRequestPayload(CertificateEncoding.X509Signature, KeyHashes(trustAnchors));

    public static CertificateRequestPayload Ocsp(IReadOnlyList<byte[]> trustedResponders) =>
        new(CertificateEncoding.OcspContent, KeyHashes(trustedResponders));

    private static byte[] KeyHashes(IReadOnlyList<byte[]> certificates)
    {
        var hashes = new List<byte>();
        foreach (var der in certificates)
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            hashes.AddRange(SHA1.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
        }

        return hashes.ToArray();
    }
}
