using System.Text;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// Whether an IKE identity matches a certificate, and in words what was compared.
/// <paramref name="EncodingDiffers"/>: a DER_ASN1_DN that names the subject (RFC 5280 7.1) but is
/// not its byte-for-byte copy, which RFC 4945 3.1.5 asks the sender for: a finding, not a mismatch.
/// </summary>
internal sealed record IdentityMatch(bool Matches, string Observed, bool EncodingDiffers = false);

/// <summary>
/// Matches the identity a peer states in its ID payload against its certificate (RFC 4945 3.1):
/// an IP address against an iPAddress subjectAltName, an FQDN against a dNSName, an RFC 822
/// address against an rfc822Name, and a DER_ASN1_DN against the subject field as RFC 5280 7.1
/// compares names (<see cref="DistinguishedNameComparison"/>: string values after RFC 4518
/// preparation), noting when the encoding is not the subject's own (RFC 4945 3.1.5).
/// </summary>
internal static class IdentityMatcher
{
    public static IdentityMatch Match(IkeIdentity identity, CertificateFacts certificate) => identity.Type switch
    {
        IkeIdType.Ipv4Address => MatchIp(identity, certificate, 4),
        IkeIdType.Ipv6Address => MatchIp(identity, certificate, 16),
        IkeIdType.Fqdn => MatchFqdn(identity, certificate),
        IkeIdType.Rfc822Address => MatchRfc822(identity, certificate),
        IkeIdType.DerAsn1Dn => MatchDn(identity, certificate),
        _ => new IdentityMatch(false, $"{identity}: ID type {(int)identity.Type} cannot be matched against a certificate here"),
    };

    private static IdentityMatch MatchIp(IkeIdentity identity, CertificateFacts cert, int length)
    {
        if (identity.Data.Length != length)
            return new IdentityMatch(false, $"{identity}: {identity.Data.Length} bytes of identification data, an address of this type has {length}");
        var addresses = Of(cert, GeneralNameKind.IpAddress).ToList();
        var hit = addresses.FirstOrDefault(a => a.Raw is not null && a.Raw.AsSpan().SequenceEqual(identity.Data));
        return hit is not null
            ? new IdentityMatch(true, $"{identity} equals subjectAltName iPAddress {hit.Value}")
            : new IdentityMatch(false, $"{identity} is not among subjectAltName iPAddress entries [{List(addresses)}]");
    }

    private static IdentityMatch MatchFqdn(IkeIdentity identity, CertificateFacts cert)
    {
        if (!TryAscii(identity.Data, out var name))
            return new IdentityMatch(false, $"{identity}: identification data is not printable ASCII");
        var dns = Of(cert, GeneralNameKind.DnsName).ToList();
        // DNS names compare case-insensitively (RFC 4343); the SAN is where RFC 4945 3.1.2 looks.
        if (dns.FirstOrDefault(d => string.Equals(d.Value, name, StringComparison.OrdinalIgnoreCase)) is { } hit)
            return new IdentityMatch(true, $"{identity} equals subjectAltName dNSName '{hit.Value}'");
        if (dns.Count > 0)
            return new IdentityMatch(false, $"{identity} is not among subjectAltName dNSName entries [{List(dns)}]");
        // Only without any dNSName does a subject CN stand in, as many deployed SeGWs expect.
        if (cert.SubjectCommonNames.FirstOrDefault(cn => string.Equals(cn, name, StringComparison.OrdinalIgnoreCase)) is { } cnHit)
            return new IdentityMatch(true, $"{identity} equals subject CN '{cnHit}' (no dNSName in subjectAltName)");
        return new IdentityMatch(false, $"{identity}: no dNSName in subjectAltName and subject CN [{string.Join(", ", cert.SubjectCommonNames)}] differs");
    }

    private static IdentityMatch MatchRfc822(IkeIdentity identity, CertificateFacts cert)
    {
        if (!TryAscii(identity.Data, out var address))
            return new IdentityMatch(false, $"{identity}: identification data is not printable ASCII");
        var mails = Of(cert, GeneralNameKind.Rfc822Name).ToList();
        return mails.FirstOrDefault(m => string.Equals(m.Value, address, StringComparison.OrdinalIgnoreCase)) is { } hit
            ? new IdentityMatch(true, $"{identity} equals subjectAltName rfc822Name '{hit.Value}'")
            : new IdentityMatch(false, $"{identity} is not among subjectAltName rfc822Name entries [{List(mails)}]");
    }

    private static IdentityMatch MatchDn(IkeIdentity identity, CertificateFacts cert)
    {
        // RFC 4945 3.1.5 asks the sender to copy the subject field so that a binary comparison
        // succeeds; RFC 5280 7.1 says how names compare: a name encoded otherwise (PrintableString
        // for UTF8String, another case or spacing) still names the subject.
        if (identity.Data.AsSpan().SequenceEqual(cert.SubjectDer))
            return new IdentityMatch(true, $"DER_ASN1_DN equals the subject '{cert.Subject}' byte for byte");
        var problem = DerStructure.FindProblem(identity.Data);
        if (problem is not null)
            return new IdentityMatch(false, $"DER_ASN1_DN identification data is not a DER Name ({problem})");
        var comparison = DistinguishedNameComparison.Compare(identity.Data, cert.SubjectDer);
        return comparison.SameName
            ? new IdentityMatch(true, $"DER_ASN1_DN names the subject '{cert.Subject}' (RFC 5280 7.1 comparison); not its byte-for-byte copy (RFC 4945 3.1.5): {comparison.Detail}", EncodingDiffers: true)
            : new IdentityMatch(false, $"DER_ASN1_DN {identity.Hex()} differs from the subject '{cert.Subject}': {comparison.Detail}");
    }

    private static IEnumerable<SubjectAltName> Of(CertificateFacts cert, GeneralNameKind kind) =>
        cert.SubjectAltNames.Where(n => n.Kind == kind);

    private static string List(IEnumerable<SubjectAltName> names) => string.Join(", ", names.Select(n => n.Value));

    private static bool TryAscii(byte[] data, out string text)
    {
        text = Encoding.ASCII.GetString(data);
        return data.Length > 0 && data.All(b => b is >= 0x21 and <= 0x7E);
    }
}
