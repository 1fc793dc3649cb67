using System.Globalization;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>When a certificate is checked, and whom the peer claimed to be (null: no identity rule to apply).</summary>
internal sealed record CertificateCheckContext(DateTimeOffset Now, IkeIdentity? ExpectedIdentity = null);

/// <summary>
/// Checks one certificate against a <see cref="CertificateProfile"/> and reports one finding per
/// rule, in the profile's rule order. A rule that does not concern this certificate (the RSA size
/// of an EC key, the identity match when no identity was given) still appears, as conforming with
/// "does not apply" in Observed, so a report shows that it was considered. A certificate that
/// cannot be decoded yields one non-conforming x509.well-formed finding and nothing else.
/// </summary>
internal sealed class CertificateProfileChecker(CertificateProfile profile)
{
    public IReadOnlyList<CertificateFinding> Check(byte[] der, CertificateCheckContext context)
    {
        var read = X509FactsReader.ReadCertificate(der);
        if (read.Value is null)
            return [Finding("x509.well-formed", $"not decodable: {read.Problem}", false)];
        return Check(read.Value, context);
    }

    public IReadOnlyList<CertificateFinding> Check(CertificateFacts cert, CertificateCheckContext context)
    {
        var isCa = cert.IsCa == true;
        return
        [
            Finding("x509.well-formed", $"decodes completely ({cert.Der.Length} bytes)", true),
            Finding("x509.version", $"version {cert.Version}", cert.Version == profile.Version),
            SignatureAlgorithm(cert),
            Finding("x509.public-key-algorithm", $"{cert.KeyKind} key", cert.KeyKind is PublicKeyKind.Rsa or PublicKeyKind.Ec),
            cert.KeyKind == PublicKeyKind.Rsa
                ? Finding("x509.rsa-key-size", $"RSA modulus of {cert.KeyBits} bits", cert.KeyBits >= profile.MinimumRsaBits)
                : Finding("x509.rsa-key-size", $"does not apply: {cert.KeyKind} key", true),
            Curve(cert),
            KeyUsage(cert, isCa),
            cert.AuthorityKeyId is { Length: > 0 } aki
                ? Finding("x509.authority-key-id", $"keyIdentifier {Convert.ToHexString(aki)}", true)
                : Finding("x509.authority-key-id", "no authorityKeyIdentifier keyIdentifier", false),
            cert.SubjectKeyId is { Length: > 0 } ski
                ? Finding("x509.subject-key-id", $"subjectKeyIdentifier {Convert.ToHexString(ski)}", true)
                : Finding("x509.subject-key-id", "no subjectKeyIdentifier", false),
            Validity(cert, context.Now),
            IdentityPresent(cert),
            IdentityMatch(cert, context.ExpectedIdentity),
        ];
    }

    private CertificateFinding SignatureAlgorithm(CertificateFacts cert)
    {
        var allowed = profile.AllowedSignatureAlgorithms.FirstOrDefault(a => a.Oid == cert.SignatureAlgorithmOid);
        return Finding("x509.signature-algorithm",
            $"{allowed?.Name ?? cert.SignatureAlgorithmName} ({cert.SignatureAlgorithmOid})", allowed is not null);
    }

    private CertificateFinding Curve(CertificateFacts cert)
    {
        if (cert.KeyKind != PublicKeyKind.Ec)
            return Finding("x509.ec-curve", $"does not apply: {cert.KeyKind} key", true);
        if (cert.CurveOid is null)
            return Finding("x509.ec-curve", $"explicit or implicit curve parameters ({cert.KeyBits}-bit field), not a named curve", false);
        var allowed = profile.AllowedCurves.FirstOrDefault(c => c.Oid == cert.CurveOid);
        return Finding("x509.ec-curve", $"curve {allowed?.Name ?? cert.CurveOid}", allowed is not null);
    }

    private CertificateFinding KeyUsage(CertificateFacts cert, bool isCa)
    {
        var required = KeyUsageNaming.Combine(isCa ? profile.CaKeyUsage : profile.EndEntityKeyUsage);
        var observed = $"{(isCa ? "CA" : "end entity")} with {KeyUsageNaming.Describe(cert.KeyUsage)}";
        return Finding("x509.key-usage", observed, cert.KeyUsage is { } usage && (usage & required) == required);
    }

    private CertificateFinding Validity(CertificateFacts cert, DateTimeOffset now)
    {
        var window = $"valid {Time(cert.NotBefore)} to {Time(cert.NotAfter)}, checked at {Time(now)}";
        if (now < cert.NotBefore)
            return Finding("x509.validity", "not yet valid: " + window, false);
        if (now > cert.NotAfter)
            return Finding("x509.validity", "expired: " + window, false);
        return Finding("x509.validity", window, true);
    }

    private CertificateFinding IdentityPresent(CertificateFacts cert)
    {
        var san = cert.SubjectAltNames
            .Where(n => n.Kind is GeneralNameKind.DnsName or GeneralNameKind.IpAddress or GeneralNameKind.Rfc822Name or GeneralNameKind.DirectoryName)
            .Select(n => $"{n.Kind} {n.Value}")
            .ToList();
        if (san.Count > 0)
            return Finding("x509.identity-present", "subjectAltName " + string.Join(", ", san), true);
        var cn = cert.SubjectCommonNames.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        return cn is not null
            ? Finding("x509.identity-present", $"subject CN '{cn}' (no identity in subjectAltName)", true)
            : Finding("x509.identity-present", "no identity in subjectAltName and no subject CN", false);
    }

    private CertificateFinding IdentityMatch(CertificateFacts cert, IkeIdentity? expected)
    {
        if (expected is null)
            return Finding("x509.identity-match", "does not apply: no expected identity given", true);
        var match = IdentityMatcher.Match(expected, cert);
        return Finding("x509.identity-match", match.Observed, match.Matches);
    }

    private CertificateFinding Finding(string ruleId, string observed, bool conforms)
    {
        var rule = profile.Rule(ruleId);
        return new CertificateFinding(rule.Id, rule.Reference, rule.Expected, observed, conforms);
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
