using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>Either what was read, or why it could not be read. Never both.</summary>
internal sealed record ReadResult<T>(T? Value, DerProblem? Problem) where T : class
{
    public static ReadResult<T> Ok(T value) => new(value, null);
    public static ReadResult<T> Fail(DerProblem problem) => new(null, problem);
}

/// <summary>
/// The adapter between BouncyCastle and the PKI checks: reads a certificate or CRL into plain
/// facts. It never throws on device input; anything malformed comes back as a
/// <see cref="DerProblem"/> naming where the DER broke or which part could not be decoded.
/// </summary>
internal static class X509FactsReader
{
    /// <summary>What was read from a DER array, with the octets it was read from (an array changed since is read again).</summary>
    private sealed record Remembered(byte[] Octets, ReadResult<CertificateFacts> Result);

    // One certificate goes through several checks in turn (the chain, the profile, the identity, the
    // IKE key): each asks ReadCertificate with the same array, and the key is decoded for the first only.
    private static readonly ConditionalWeakTable<byte[], Remembered> Read = [];

    /// <summary>
    /// The facts of a DER certificate. A second call with the same array, unchanged, returns the first
    /// call's result without decoding again; the table holds it only as long as the array lives.
    /// </summary>
    public static ReadResult<CertificateFacts> ReadCertificate(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (Read.TryGetValue(der, out var remembered) && remembered.Octets.AsSpan().SequenceEqual(der))
            return remembered.Result;
        var result = Decode(der);
        Read.AddOrUpdate(der, new Remembered((byte[])der.Clone(), result));
        return result;
    }

    private static ReadResult<CertificateFacts> Decode(byte[] der)
    {
        if (DerStructure.FindProblem(der) is { } structural)
            return ReadResult<CertificateFacts>.Fail(structural);
        var step = "Certificate structure (RFC 5280 4.1)";
        try
        {
            var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
            var cert = new BcCertificate(structure);
            var tbs = structure.TbsCertificate;

            step = "subjectPublicKeyInfo";
            // Before anything decodes the key: a key outside the limits is named, not decoded.
            var (kind, bits, curve, refused) = KeyFacts(cert, tbs.SubjectPublicKeyInfo);
            if (refused is not null)
                return ReadResult<CertificateFacts>.Fail(new DerProblem(null, refused));
            step = "keyUsage extension";
            var usage = KeyUsageOf(cert.GetKeyUsage());
            step = "extendedKeyUsage extension";
            var eku = cert.GetExtendedKeyUsage()?.Select(o => o.Id).ToList();
            step = "subjectAltName extension";
            var san = Extension(cert, X509Extensions.SubjectAlternativeName) is { } sanObj
                ? GeneralNames.GetInstance(sanObj).GetNames().Select(NameOf).ToList()
                : [];
            step = "authorityKeyIdentifier extension";
            var aki = Extension(cert, X509Extensions.AuthorityKeyIdentifier) is { } akiObj
                ? AuthorityKeyIdentifier.GetInstance(akiObj).KeyIdentifier?.GetOctets()
                : null;
            step = "subjectKeyIdentifier extension";
            var ski = Extension(cert, X509Extensions.SubjectKeyIdentifier) is { } skiObj
                ? SubjectKeyIdentifier.GetInstance(skiObj).GetKeyIdentifier()
                : null;
            step = "basicConstraints extension";
            bool? isCa = Extension(cert, X509Extensions.BasicConstraints) is { } bcObj
                ? BasicConstraints.GetInstance(bcObj).IsCA()
                : null;
            step = "cRLDistributionPoints extension";
            var cdp = Extension(cert, X509Extensions.CrlDistributionPoints) is { } cdpObj
                ? DistributionUris(CrlDistPoint.GetInstance(cdpObj))
                : [];
            step = "subject and issuer names";
            var facts = new CertificateFacts(
                Der: der,
                Version: cert.Version,
                SerialHex: Convert.ToHexString(cert.SerialNumber.ToByteArrayUnsigned()),
                Subject: cert.SubjectDN.ToString(),
                SubjectDer: tbs.Subject.GetDerEncoded(),
                SubjectCommonNames: cert.SubjectDN.GetValueList(X509Name.CN).ToList(),
                Issuer: cert.IssuerDN.ToString(),
                IssuerDer: tbs.Issuer.GetDerEncoded(),
                NotBefore: Utc(cert.NotBefore),
                NotAfter: Utc(cert.NotAfter),
                SignatureAlgorithmOid: cert.SigAlgOid,
                SignatureAlgorithmName: cert.SigAlgName,
                KeyKind: kind,
                KeyBits: bits,
                CurveOid: curve,
                KeyUsage: usage,
                ExtendedKeyUsageOids: eku,
                SubjectAltNames: san,
                AuthorityKeyId: aki,
                SubjectKeyId: ski,
                IsCa: isCa,
                CrlDistributionUris: cdp,
                Sha256Hex: Convert.ToHexString(SHA256.HashData(der)));
            return ReadResult<CertificateFacts>.Ok(facts);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The ASN.1 library signals malformed content with assorted exception types; all of
            // them mean the device sent something RFC 5280 does not allow at this step.
            return ReadResult<CertificateFacts>.Fail(new DerProblem(null, $"{step} could not be decoded: {ex.Message}"));
        }
    }

    public static ReadResult<CrlFacts> ReadCrl(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (DerStructure.FindProblem(der) is { } structural)
            return ReadResult<CrlFacts>.Fail(structural);
        try
        {
            var list = CertificateList.GetInstance(Asn1Object.FromByteArray(der));
            var crl = new X509Crl(list);
            var number = crl.GetExtensionValue(X509Extensions.CrlNumber) is { } n
                ? DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(n)).Value.ToString()
                : null;
            var aki = crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier) is { } a
                ? AuthorityKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(a)).KeyIdentifier?.GetOctets()
                : null;
            var revoked = crl.GetRevokedCertificates()?.Select(e => Convert.ToHexString(e.SerialNumber.ToByteArrayUnsigned())).ToList() ?? [];
            return ReadResult<CrlFacts>.Ok(new CrlFacts(
                der, crl.Version, crl.IssuerDN.ToString(), list.Issuer.GetDerEncoded(), Utc(crl.ThisUpdate),
                crl.NextUpdate is { } next ? Utc(next) : null, number, aki, revoked, crl.SigAlgOid));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ReadResult<CrlFacts>.Fail(new DerProblem(null, $"CertificateList (RFC 5280 5.1) could not be decoded: {ex.Message}"));
        }
    }

    private static Asn1Object? Extension(BcCertificate cert, DerObjectIdentifier oid) =>
        cert.GetExtensionValue(oid) is { } value ? X509ExtensionUtilities.FromExtensionValue(value) : null;

    private static (PublicKeyKind Kind, int Bits, string? Curve, string? Refused) KeyFacts(BcCertificate cert, SubjectPublicKeyInfo info)
    {
        var curve = info.Algorithm.Parameters is DerObjectIdentifier named ? named.Id : null;
        // An RSA key is read from its structure, once for the limits and its size: building the
        // library's key object runs a probable-prime test on the modulus (seconds at 8192 bits) that
        // no check here needs.
        if (PeerKeyLimits.IsRsa(info.Algorithm.Algorithm))
        {
            var rsa = RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
            return (PublicKeyKind.Rsa, rsa.Modulus.BitLength, null, PeerKeyLimits.RsaProblem(rsa));
        }

        if (PeerKeyLimits.Problem(info) is { } refused)
            return (PublicKeyKind.Other, 0, curve, refused);
        return cert.GetPublicKey() switch
        {
            ECPublicKeyParameters ec => (PublicKeyKind.Ec, ec.Parameters.Curve.FieldSize, curve, null),
            _ => (PublicKeyKind.Other, 0, curve, null),
        };
    }

    private static KeyUsageFlags? KeyUsageOf(bool[]? bits)
    {
        if (bits is null)
            return null;
        var flags = KeyUsageFlags.None;
        for (var i = 0; i < bits.Length && i < 9; i++)
            if (bits[i])
                flags |= (KeyUsageFlags)(1 << i);
        return flags;
    }

    private static SubjectAltName NameOf(GeneralName name) => name.TagNo switch
    {
        GeneralName.DnsName => new SubjectAltName(GeneralNameKind.DnsName, DerIA5String.GetInstance(name.Name).GetString(), null),
        GeneralName.Rfc822Name => new SubjectAltName(GeneralNameKind.Rfc822Name, DerIA5String.GetInstance(name.Name).GetString(), null),
        GeneralName.UniformResourceIdentifier => new SubjectAltName(GeneralNameKind.Uri, DerIA5String.GetInstance(name.Name).GetString(), null),
        GeneralName.IPAddress => IpName(Asn1OctetString.GetInstance(name.Name).GetOctets()),
        GeneralName.DirectoryName => new SubjectAltName(GeneralNameKind.DirectoryName, X509Name.GetInstance(name.Name).ToString(),
            X509Name.GetInstance(name.Name).GetDerEncoded()),
        _ => new SubjectAltName(GeneralNameKind.Other, $"[{name.TagNo}]", name.Name.GetDerEncoded()),
    };

    private static SubjectAltName IpName(byte[] octets) =>
        new(GeneralNameKind.IpAddress,
            octets.Length is 4 or 16 ? new System.Net.IPAddress(octets).ToString() : Convert.ToHexString(octets),
            octets);

    private static List<string> DistributionUris(CrlDistPoint points)
    {
        var uris = new List<string>();
        foreach (var point in points.GetDistributionPoints())
        {
            if (point.DistributionPointName is { Type: DistributionPointName.FullName } dpn)
                uris.AddRange(GeneralNames.GetInstance(dpn.Name).GetNames()
                    .Where(g => g.TagNo == GeneralName.UniformResourceIdentifier)
                    .Select(g => DerIA5String.GetInstance(g.Name).GetString()));
        }
        return uris;
    }

    private static DateTimeOffset Utc(DateTime time) =>
        new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
