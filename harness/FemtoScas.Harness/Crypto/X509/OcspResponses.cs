using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The certificate status an OCSP SingleResponse states (RFC 6960 4.2.1 CertStatus).</summary>
public enum OcspCertStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>
/// What one OCSP response should say and who signs it. <paramref name="SignerCertificateDer"/> and
/// <paramref name="SignerPkcs8"/> are the responder (the CA itself, a delegated responder, or for a
/// forgery any other key); the signer's certificate is included in the response's certs unless it
/// is the CA (RFC 6960 4.2.2.2: a client then finds the delegated certificate in the response).
/// </summary>
public sealed record OcspResponseSpec(
    byte[] CertificateDer,
    byte[] IssuerDer,
    byte[] SignerCertificateDer,
    byte[] SignerPkcs8,
    OcspCertStatus Status,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    DateTimeOffset ProducedAt,
    DateTimeOffset? RevokedAt = null,
    bool IncludeSignerCertificate = true);

/// <summary>
/// Builds DER OCSPResponse structures (RFC 6960 4.2.1): responseStatus successful, a
/// BasicOCSPResponse with the responder identified by key hash, one SingleResponse whose CertID
/// uses SHA-1 (the hash every OCSP client accepts), signed deterministically (RFC 6979 for ECDSA).
/// </summary>
public static class OcspResponses
{
    public static byte[] Build(OcspResponseSpec spec)
    {
        var subject = Parse(spec.CertificateDer);
        var issuer = Parse(spec.IssuerDer);
        var signer = Parse(spec.SignerCertificateDer);
        var signerKey = PrivateKeyFactory.CreateKey(spec.SignerPkcs8);

        var id = new CertificateID(CertificateID.DigestSha1, issuer, subject.SerialNumber);
        // RFC 6960 4.2.1: ResponderID byKey is the SHA-1 of the responder's subjectPublicKey BIT STRING value.
        var generator = new BasicOcspRespGenerator(new RespID(signer.GetPublicKey()));
        CertificateStatus? status = spec.Status switch
        {
            OcspCertStatus.Good => CertificateStatus.Good,
            // CRLReason keyCompromise (RFC 5280 5.3.1), as root A's CRL states for its revoked serials.
            OcspCertStatus.Revoked => new RevokedStatus((spec.RevokedAt ?? spec.ThisUpdate).UtcDateTime, CrlReason.KeyCompromise),
            _ => new UnknownStatus(),
        };
        generator.AddResponse(id, status, spec.ThisUpdate.UtcDateTime, spec.NextUpdate?.UtcDateTime, null);
        var includeSigner = spec.IncludeSignerCertificate && !signer.Equals(issuer);
        var basic = generator.Generate(new DeterministicSignatureFactory(signerKey, PlannedHash.Sha256),
            includeSigner ? [signer] : null, spec.ProducedAt.UtcDateTime);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>An OCSPResponse with only an error responseStatus (RFC 6960 4.2.1), e.g. tryLater (3).</summary>
    public static byte[] Error(int responseStatus) =>
        new OcspResp(new OcspResponse(new OcspResponseStatus(responseStatus), null)).GetEncoded();

    private static BcCertificate Parse(byte[] der) =>
        new(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));

    internal static BigInteger Serial(byte[] der) => Parse(der).SerialNumber;
}
