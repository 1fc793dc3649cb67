using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>What one OCSP request asked (serials, hex) and the DER OCSPResponse that answers it.</summary>
public sealed record OcspAnswer(byte[] ResponseDer, IReadOnlyList<string> SerialsAsked, string Summary);

/// <summary>
/// Answers DER OCSPRequests (RFC 6960 4.1) for the certificates of one CA, signed by
/// <paramref name="signerDer"/> (the CA or its delegated responder): one SingleResponse per
/// requested CertID, "unknown" for a CertID naming another issuer, the request's nonce echoed
/// (RFC 6960 4.4.1), thisUpdate one minute before now and nextUpdate one hour after. An unreadable
/// request gets malformedRequest (1).
/// </summary>
public sealed class OcspRequestResponder(byte[] caDer, byte[] signerDer, byte[] signerPkcs8, Func<string, OcspCertStatus> statusOfSerialHex)
{
    private readonly BcCertificate _ca = Parse(caDer);
    private readonly BcCertificate _signer = Parse(signerDer);

    public OcspAnswer Answer(byte[] requestDer, DateTimeOffset now)
    {
        OcspReq request;
        try
        {
            request = new OcspReq(requestDer);
            _ = request.GetRequestList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new OcspAnswer(OcspResponses.Error(1), [], $"malformedRequest: {ex.Message}");
        }

        var thisUpdate = now.AddMinutes(-1).UtcDateTime;
        var generator = new BasicOcspRespGenerator(new RespID(_signer.GetPublicKey()));
        var asked = new List<string>();
        var said = new List<string>();
        foreach (var single in request.GetRequestList())
        {
            var id = single.GetCertID();
            var serial = id.SerialNumber.ToString(16).ToUpperInvariant();
            asked.Add(serial);
            var status = id.MatchesIssuer(_ca) ? statusOfSerialHex(serial) : OcspCertStatus.Unknown;
            said.Add($"{serial}: {status.ToString().ToLowerInvariant()}");
            CertificateStatus? bcStatus = status switch
            {
                OcspCertStatus.Good => CertificateStatus.Good,
                OcspCertStatus.Revoked => new RevokedStatus(TestPkiPlan.RevocationDate, CrlReason.KeyCompromise),
                _ => new UnknownStatus(),
            };
            generator.AddResponse(id, bcStatus, thisUpdate, thisUpdate.AddHours(1), null);
        }

        if (request.RequestExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce) is { } nonce)
            generator.SetResponseExtensions(new X509Extensions(
                new Dictionary<DerObjectIdentifier, X509Extension> { [OcspObjectIdentifiers.PkixOcspNonce] = nonce }));

        var basic = generator.Generate(new DeterministicSignatureFactory(PrivateKeyFactory.CreateKey(signerPkcs8), PlannedHash.Sha256),
            _signer.Equals(_ca) ? null : [_signer], thisUpdate);
        return new OcspAnswer(new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded(), asked, string.Join(", ", said));
    }

    private static BcCertificate Parse(byte[] der) => new(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));
}
