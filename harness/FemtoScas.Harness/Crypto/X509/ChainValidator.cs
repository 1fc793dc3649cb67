using System.Globalization;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// A deliberately small RFC 5280 path validation for the lab: builds the path from the end
/// entity through the offered intermediates to a configured trust anchor (matching names and,
/// where both carry them, key identifiers), verifies every signature, checks validity at the
/// requested time, CA flags and key usage of issuers, revocation against the CRLs given, and the
/// end entity's usage for its role. It collects every problem instead of stopping at the first,
/// and it never throws on what the peer sent. Not covered: name constraints, policies, path
/// length constraints, delta CRLs, OCSP.
/// </summary>
internal static class ChainValidator
{
    private const int MaxPathLength = 8;
    private const string AnyEku = "2.5.29.37.0";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string IpsecIke = "1.3.6.1.5.5.7.3.17";

    public static ChainValidationResult Validate(ChainValidationRequest request)
    {
        var problems = new List<ChainProblem>();
        var leafRead = X509FactsReader.ReadCertificate(request.EndEntity);
        if (leafRead.Value is not { } leaf)
            return new ChainValidationResult([], [new ChainProblem("malformed-certificate", "end-entity certificate", leafRead.Problem!.ToString())]);

        var anchors = ReadAll(request.TrustAnchors, "trust anchor", problems);
        var intermediates = ReadAll(request.Intermediates, "intermediate", problems);
        var (path, anchored) = BuildPath(leaf, anchors, intermediates, problems);

        foreach (var cert in path)
            CheckValidity(cert, request.At, problems);
        for (var i = 1; i < path.Count; i++)
            CheckIssuer(path[i], problems);
        // The anchor is trusted by configuration, so only certificates below it are checked for revocation.
        var checkedForRevocation = anchored ? path.Count - 1 : path.Count;
        for (var i = 0; i < checkedForRevocation; i++)
            CheckRevocation(path[i], i + 1 < path.Count ? path[i + 1] : null, request, problems);
        CheckRole(leaf, request.Role, problems);
        return new ChainValidationResult(path, problems);
    }

    private static List<CertificateFacts> ReadAll(IReadOnlyList<byte[]> ders, string what, List<ChainProblem> problems)
    {
        var list = new List<CertificateFacts>();
        for (var i = 0; i < ders.Count; i++)
        {
            var read = X509FactsReader.ReadCertificate(ders[i]);
            if (read.Value is { } facts)
                list.Add(facts);
            else
                problems.Add(new ChainProblem("malformed-certificate", $"{what} #{i + 1}", read.Problem!.ToString()));
        }
        return list;
    }

    private static (List<CertificateFacts> Path, bool Anchored) BuildPath(
        CertificateFacts leaf, List<CertificateFacts> anchors, List<CertificateFacts> intermediates, List<ChainProblem> problems)
    {
        var path = new List<CertificateFacts> { leaf };
        // A configured anchor presented as the end entity is trusted as it stands.
        if (anchors.Any(a => a.Der.AsSpan().SequenceEqual(leaf.Der)))
            return (path, true);
        var current = leaf;
        while (path.Count <= MaxPathLength)
        {
            var fromAnchors = Candidates(current, anchors).ToList();
            var fromIntermediates = Candidates(current, intermediates).Where(c => !path.Contains(c)).ToList();
            if (fromAnchors.Count == 0 && fromIntermediates.Count == 0)
            {
                problems.Add(new ChainProblem("untrusted-issuer", current.Subject,
                    $"no configured trust anchor or offered intermediate is named '{current.Issuer}'"));
                return (path, false);
            }
            // Among same-named issuers, the one whose key verifies the signature is the issuer.
            var candidates = fromAnchors.Select(a => (Cert: a, IsAnchor: true)).Concat(fromIntermediates.Select(c => (Cert: c, IsAnchor: false))).ToList();
            var verified = candidates.FirstOrDefault(c => X509Signatures.CertificateSignedBy(current, c.Cert).Valid);
            if (verified.Cert is null)
            {
                var detail = X509Signatures.CertificateSignedBy(current, candidates[0].Cert).Detail;
                problems.Add(new ChainProblem("signature-invalid", current.Subject,
                    $"no certificate named '{current.Issuer}' ({candidates.Count} candidate(s)) verifies its signature: {detail}"));
                return (path, false);
            }
            path.Add(verified.Cert);
            if (verified.IsAnchor)
                return (path, true);
            current = verified.Cert;
        }
        problems.Add(new ChainProblem("path-too-long", leaf.Subject, $"no trust anchor within {MaxPathLength} certificates"));
        return (path, false);
    }

    private static IEnumerable<CertificateFacts> Candidates(CertificateFacts child, List<CertificateFacts> pool) =>
        pool.Where(p => p.SubjectDer.AsSpan().SequenceEqual(child.IssuerDer)
            // RFC 5280 4.2.1.1: when both key identifiers are there they must agree.
            && (child.AuthorityKeyId is null || p.SubjectKeyId is null || child.AuthorityKeyId.AsSpan().SequenceEqual(p.SubjectKeyId)));

    private static void CheckValidity(CertificateFacts cert, DateTimeOffset at, List<ChainProblem> problems)
    {
        if (at < cert.NotBefore)
            problems.Add(new ChainProblem("not-yet-valid", cert.Subject, $"valid from {Time(cert.NotBefore)}, validated at {Time(at)}"));
        else if (at > cert.NotAfter)
            problems.Add(new ChainProblem("expired", cert.Subject, $"valid until {Time(cert.NotAfter)}, validated at {Time(at)}"));
    }

    private static void CheckIssuer(CertificateFacts issuer, List<ChainProblem> problems)
    {
        // RFC 5280 6.1.4 (k) and (n): an issuing certificate must be a CA allowed to sign certificates.
        if (issuer.IsCa != true)
            problems.Add(new ChainProblem("issuer-not-ca", issuer.Subject, "issues a certificate but basicConstraints does not say cA"));
        if (issuer.KeyUsage is { } usage && !usage.HasFlag(KeyUsageFlags.KeyCertSign))
            problems.Add(new ChainProblem("issuer-key-usage", issuer.Subject, $"issues a certificate but has {KeyUsageNaming.Describe(usage)}"));
    }

    private static void CheckRevocation(CertificateFacts cert, CertificateFacts? issuer, ChainValidationRequest request, List<ChainProblem> problems)
    {
        var covered = false;
        for (var i = 0; i < request.Crls.Count; i++)
        {
            var read = X509FactsReader.ReadCrl(request.Crls[i]);
            if (read.Value is not { } crl)
            {
                problems.Add(new ChainProblem("crl-malformed", $"CRL #{i + 1}", read.Problem!.ToString()));
                continue;
            }
            if (!crl.IssuerDer.AsSpan().SequenceEqual(cert.IssuerDer))
                continue;
            if (issuer is null)
                continue; // the issuer is unknown, so no CRL signature can be checked; the path problem is already reported
            if (!X509Signatures.CrlSignedBy(crl, issuer).Valid || issuer.KeyUsage is { } usage && !usage.HasFlag(KeyUsageFlags.CrlSign))
            {
                problems.Add(new ChainProblem("crl-signature-invalid", crl.Issuer, $"CRL #{i + 1} is not signed by the issuer of '{cert.Subject}' with a cRLSign key"));
                continue;
            }
            if (request.At < crl.ThisUpdate || crl.NextUpdate is { } next && request.At > next)
            {
                problems.Add(new ChainProblem("crl-stale", crl.Issuer,
                    $"CRL #{i + 1} covers {Time(crl.ThisUpdate)} to {(crl.NextUpdate is { } n ? Time(n) : "(no nextUpdate)")}, validated at {Time(request.At)}"));
                continue;
            }
            covered = true;
            if (crl.RevokedSerialsHex.Contains(cert.SerialHex, StringComparer.OrdinalIgnoreCase))
                problems.Add(new ChainProblem("revoked", cert.Subject, $"serial {cert.SerialHex} is listed in CRL number {crl.CrlNumber ?? "(none)"} of '{crl.Issuer}'"));
        }
        if (!covered && request.RequireRevocationStatus)
            problems.Add(new ChainProblem("revocation-unknown", cert.Subject, $"no valid CRL from '{cert.Issuer}' was given"));
    }

    private static void CheckRole(CertificateFacts leaf, CertificateRole role, List<ChainProblem> problems)
    {
        if (role == CertificateRole.Any)
            return;
        // IKEv2 authentication signs AUTH with this key (RFC 7296 2.15), so digitalSignature is needed.
        if (leaf.KeyUsage is { } usage && !usage.HasFlag(KeyUsageFlags.DigitalSignature))
            problems.Add(new ChainProblem("role-key-usage", leaf.Subject, $"acts as {role} but has {KeyUsageNaming.Describe(usage)}"));
        // RFC 4945 5.1.3.12 (recalled): an EKU, when present, must admit IKE use; serverAuth and
        // clientAuth are admitted because deployed SeGW and femto certificates commonly carry them.
        if (leaf.ExtendedKeyUsageOids is { } eku)
        {
            var admitted = role == CertificateRole.Segw ? new[] { AnyEku, IpsecIke, ServerAuth } : [AnyEku, IpsecIke, ClientAuth];
            if (!eku.Any(admitted.Contains))
                problems.Add(new ChainProblem("role-extended-key-usage", leaf.Subject,
                    $"acts as {role} but extendedKeyUsage [{string.Join(", ", eku)}] admits none of [{string.Join(", ", admitted)}]"));
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
