using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The client-side judgement of one OCSP response for one certificate. <see cref="Problem"/> is
/// null when the response is trustworthy and current; then <see cref="Status"/> is what it says.
/// Problem codes: malformed, not-successful, not-basic, no-matching-response, responder-unknown,
/// signature-invalid, responder-not-authorised, not-yet-valid, stale.
/// </summary>
public sealed record OcspCheck(
    string? Problem,
    string Detail,
    OcspCertStatus? Status,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    string? Responder)
{
    public bool IsTrusted => Problem is null;

    /// <summary>
    /// When the problem is the signer (responder-unknown, signature-invalid, responder-not-authorised):
    /// the judgement of the same response with its signer left unchecked, i.e. what the response
    /// claims and whether that claim is current. Evidence of what a relying party that skips
    /// RFC 6960 4.2.2.2 would believe; null otherwise.
    /// </summary>
    public OcspCheck? AsClaimed { get; init; }

    public override string ToString() => IsTrusted
        ? $"trusted, {Status?.ToString().ToLowerInvariant()}"
        : $"not trusted ({Problem}{(AsClaimed is { } claimed ? $"; claims {claimed.Status?.ToString().ToLowerInvariant()}" : "")})";

    internal static OcspCheck Bad(string problem, string detail, OcspCertStatus? status = null, DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null, string? responder = null) => new(problem, detail, status, thisUpdate, nextUpdate, responder);
}

/// <summary>How strictly a response is judged.</summary>
/// <param name="At">The time of validation.</param>
/// <param name="Skew">Clock tolerance on thisUpdate and nextUpdate.</param>
/// <param name="MaxAgeWithoutNextUpdate">A response without nextUpdate is accepted this long after thisUpdate.</param>
public sealed record OcspVerifyOptions(
    DateTimeOffset At,
    TimeSpan? Skew = null,
    TimeSpan? MaxAgeWithoutNextUpdate = null);

/// <summary>
/// Verifies an OCSP response the way a relying party must (RFC 6960 3.2 and 4.2.2.2): the response
/// is successful and basic, a SingleResponse's CertID names the certificate (issuer name and key
/// hashes and serial), the signature verifies with the key of the responder the ResponderID names,
/// that responder is the issuing CA itself or a certificate the CA issued with id-kp-OCSPSigning
/// (valid now), and thisUpdate/nextUpdate bracket the validation time. Never throws on what a
/// peer sent.
/// </summary>
public static class OcspResponseVerifier
{
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    private static readonly TimeSpan DefaultSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(1);

    public static OcspCheck Verify(byte[] responseDer, byte[] certificateDer, byte[] issuerDer, OcspVerifyOptions options)
    {
        BcCertificate subject, issuer;
        try
        {
            subject = Parse(certificateDer);
            issuer = Parse(issuerDer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return OcspCheck.Bad("malformed", $"the certificate or its issuer is not readable: {ex.Message}");
        }
        // The issuer's key names the CA in the CertID and may check the signature: it is bounded before either.
        if (PeerKeyLimits.Problem(issuer.CertificateStructure.SubjectPublicKeyInfo) is { } issuerKey)
            return OcspCheck.Bad("malformed", $"the issuer's key is refused: {issuerKey}");

        BasicOcspResp basic;
        try
        {
            var response = new OcspResp(responseDer);
            if (response.Status != OcspRespStatus.Successful)
                return OcspCheck.Bad("not-successful", $"responseStatus is {response.Status} ({StatusName(response.Status)}), not successful (0)");
            if (response.GetResponseObject() is not BasicOcspResp b)
                return OcspCheck.Bad("not-basic", "the response is not an id-pkix-ocsp-basic response");
            basic = b;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return OcspCheck.Bad("malformed", $"not a DER OCSPResponse: {ex.Message}");
        }

        try
        {
            return Judge(basic, subject, issuer, options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return OcspCheck.Bad("malformed", $"the BasicOCSPResponse cannot be read: {ex.Message}");
        }
    }

    private static OcspCheck Judge(BasicOcspResp basic, BcCertificate subject, BcCertificate issuer, OcspVerifyOptions options)
    {
        // RFC 6960 3.2 (1): the response is about this certificate (CertID over the issuer's name and key, and the serial).
        var single = basic.Responses.FirstOrDefault(r => r.GetCertID().SerialNumber.Equals(subject.SerialNumber) && Matches(r.GetCertID(), issuer));
        if (single is null)
            return OcspCheck.Bad("no-matching-response", $"none of the {basic.Responses.Length} SingleResponse(s) has a CertID for serial {subject.SerialNumber.ToString(16).ToUpperInvariant()} issued by '{issuer.SubjectDN}'");

        var status = single.GetCertStatus() switch
        {
            null => OcspCertStatus.Good,
            RevokedStatus => OcspCertStatus.Revoked,
            _ => OcspCertStatus.Unknown,
        };
        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(single.ThisUpdate, DateTimeKind.Utc));
        DateTimeOffset? nextUpdate = single.NextUpdate is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : null;

        // RFC 6960 4.2.2.2: the signer is the CA itself or a responder it delegated to.
        var candidates = new List<BcCertificate> { issuer };
        candidates.AddRange(basic.GetCertificates()?.EnumerateMatches(null) ?? []);
        var signer = candidates.FirstOrDefault(c => NamedBy(basic.ResponderId, c));
        if (signer is null)
            return OcspCheck.Bad("responder-unknown", "the ResponderID names neither the issuing CA nor a certificate included in the response", status, thisUpdate, nextUpdate)
                with { AsClaimed = Current(null) };
        var responderName = signer.SubjectDN.ToString();
        // A responder certificate inside the response is the peer's: its key is bounded before any signature check.
        if (PeerKeyLimits.Problem(signer.CertificateStructure.SubjectPublicKeyInfo) is { } refused)
            return OcspCheck.Bad("signature-invalid", $"the key of '{responderName}' is refused: {refused}", status, thisUpdate, nextUpdate, responderName)
                with { AsClaimed = Current(null) };
        if (!SafeVerify(() => SignedBy(basic, signer)))
            return OcspCheck.Bad("signature-invalid", $"the response signature does not verify with the key of '{responderName}'", status, thisUpdate, nextUpdate, responderName)
                with { AsClaimed = Current(null) };
        if (!signer.Equals(issuer) && Unauthorised(signer, issuer, options.At) is { } why)
            return OcspCheck.Bad("responder-not-authorised", $"'{responderName}' is not an authorised responder for '{issuer.SubjectDN}': {why}", status, thisUpdate, nextUpdate, responderName)
                with { AsClaimed = Current(null) };
        return Current(responderName);

        // RFC 6960 3.2 (5), (6) and 4.2.2.1: the information is current; null responder: signer not checked.
        OcspCheck Current(string? responder)
        {
            var skew = options.Skew ?? DefaultSkew;
            if (thisUpdate > options.At + skew)
                return OcspCheck.Bad("not-yet-valid", $"thisUpdate {Time(thisUpdate)} is after the validation time {Time(options.At)}", status, thisUpdate, nextUpdate, responder);
            var expiry = nextUpdate ?? thisUpdate + (options.MaxAgeWithoutNextUpdate ?? DefaultMaxAge);
            if (expiry + skew < options.At)
                return OcspCheck.Bad("stale", nextUpdate is null
                    ? $"no nextUpdate and thisUpdate {Time(thisUpdate)} is older than allowed at {Time(options.At)}"
                    : $"nextUpdate {Time(expiry)} is before the validation time {Time(options.At)}", status, thisUpdate, nextUpdate, responder);

            var said = status == OcspCertStatus.Revoked && single.GetCertStatus() is RevokedStatus r
                ? $"revoked since {Time(new DateTimeOffset(DateTime.SpecifyKind(r.RevocationTime, DateTimeKind.Utc)))}"
                : status.ToString().ToLowerInvariant();
            return new OcspCheck(null, $"{said} (thisUpdate {Time(thisUpdate)}, nextUpdate {(nextUpdate is { } x ? Time(x) : "none")}, signed by '{responder ?? "(not checked)"}')",
                status, thisUpdate, nextUpdate, responder);
        }
    }

    /// <summary>Why a delegated responder certificate is not authorised by <paramref name="ca"/>; null when it is.</summary>
    private static string? Unauthorised(BcCertificate responder, BcCertificate ca, DateTimeOffset at)
    {
        if (!responder.IssuerDN.Equivalent(ca.SubjectDN) || !SafeVerify(() => X509Signatures.CertificateSignedBy(Facts(responder), Facts(ca)).Valid))
            return "its certificate is not issued by that CA";
        var eku = responder.GetExtendedKeyUsage();
        if (eku is null || !eku.Any(o => o.Id == OcspSigning))
            return "its certificate lacks extendedKeyUsage id-kp-OCSPSigning";
        if (at < responder.NotBefore || at > responder.NotAfter)
            return $"its certificate is not valid at {Time(at)}";
        return null;
    }

    private static bool Matches(CertificateID id, BcCertificate issuer)
    {
        try { return id.MatchesIssuer(issuer); }
        catch (OcspException) { return false; }
    }

    private static bool NamedBy(RespID id, BcCertificate candidate)
    {
        var asn = id.ToAsn1Object();
        if (asn.Name is { } name)
            return name.Equivalent(candidate.SubjectDN);
        // RFC 6960 4.2.1: byKey is the SHA-1 hash of the subjectPublicKey BIT STRING's value, read without decoding the key.
        return asn.GetKeyHash() is { } hash
            && hash.AsSpan().SequenceEqual(System.Security.Cryptography.SHA1.HashData(candidate.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetOctets()));
    }

    /// <summary>RFC 6960 4.2.1: the signature over the DER of tbsResponseData, with the signer certificate's key.</summary>
    private static bool SignedBy(BasicOcspResp basic, BcCertificate signer)
    {
        var structure = BasicOcspResponse.GetInstance(Asn1Object.FromByteArray(basic.GetEncoded()));
        return X509Signatures.SignedBy(structure.TbsResponseData.GetDerEncoded(), structure.SignatureAlgorithm, structure.Signature.GetOctets(),
            signer.GetEncoded(), key => { if (!basic.Verify(key)) throw new OcspException("the response signature does not verify"); });
    }

    /// <summary>Just enough facts for <see cref="X509Signatures.CertificateSignedBy"/>, which reads only the DER.</summary>
    private static CertificateFacts Facts(BcCertificate certificate) =>
        X509FactsReader.ReadCertificate(certificate.GetEncoded()).Value ?? throw new OcspException("certificate not readable");

    private static bool SafeVerify(Func<bool> check)
    {
        try { return check(); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { return false; }
    }

    private static BcCertificate Parse(byte[] der) => new(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));

    private static string StatusName(int status) => status switch
    {
        1 => "malformedRequest",
        2 => "internalError",
        3 => "tryLater",
        5 => "sigRequired",
        6 => "unauthorized",
        _ => "unassigned",
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
