using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

[TestFixture]
public sealed class IdentityMatcherTests
{
    private static CertificateFacts Facts(string name) => PkiFixtures.Set[name].Facts;

    /// <summary>A throw-away certificate with the given SANs (or none), made by .NET, not by the generator under test.</summary>
    private static CertificateFacts Made(string subject, Action<SubjectAlternativeNameBuilder>? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (san is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            san(builder);
            request.CertificateExtensions.Add(builder.Build());
        }
        using var cert = request.CreateSelfSigned(PkiFixtures.At.AddDays(-1), PkiFixtures.At.AddDays(1));
        return X509FactsReader.ReadCertificate(cert.RawData).Value!;
    }

    [TestCase("segw.operator-a.test", true)]
    [TestCase("SEGW.Operator-A.test", true)]
    [TestCase("other.example.test", false)]
    [TestCase("segw.operator-a.test.evil", false)]
    public void FqdnMatchesTheDnsNameCaseInsensitively(string fqdn, bool matches)
    {
        var match = IdentityMatcher.Match(IkeIdentity.Fqdn(fqdn), Facts("segw-ecdsa"));
        Assert.That(match.Matches, Is.EqualTo(matches), match.Observed);
    }

    [Test]
    public void WrongIdentityVariantsDoNotMatchTheirIntendedNames()
    {
        Assert.That(IdentityMatcher.Match(IkeIdentity.Fqdn("segw.operator-a.test"), Facts("segw-wrong-identity")).Matches, Is.False);
        var femto = IdentityMatcher.Match(IkeIdentity.Fqdn("femto-0001.vendor.test"), Facts("femto-wrong-identity"));
        Assert.That(femto.Matches, Is.False);
        Assert.That(femto.Observed, Does.Contain("femto-9999.vendor.test"));
    }

    [Test]
    public void CommonNameStandsInOnlyWithoutDnsNames()
    {
        var noSan = Made("CN=gw.example.test", null);
        var otherSan = Made("CN=gw.example.test", b => b.AddDnsName("alt.example.test"));

        var fallback = IdentityMatcher.Match(IkeIdentity.Fqdn("gw.example.test"), noSan);
        Assert.That(fallback.Matches, Is.True);
        Assert.That(fallback.Observed, Does.Contain("subject CN"));
        Assert.That(IdentityMatcher.Match(IkeIdentity.Fqdn("gw.example.test"), otherSan).Matches, Is.False);
    }

    [Test]
    public void DerAsn1DnMatchesTheSubjectAsRfc5280Compares()
    {
        var facts = Facts("femto-ecdsa");
        var exact = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(facts.SubjectDer), facts);
        Assert.That(exact.Matches && !exact.EncodingDiffers, Is.True);
        Assert.That(IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Facts("segw-ecdsa").SubjectDer), facts).Matches, Is.False);

        // The same DN written independently (System.Formats.Asn1): as UTF8String like the
        // certificate's it is byte-identical; as PrintableString it still names the subject
        // (RFC 5280 7.1), and the encoding difference (RFC 4945 3.1.5) is reported, not a mismatch.
        var utf8 = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.UTF8String)), facts);
        Assert.That(utf8.Matches && !utf8.EncodingDiffers, Is.True);
        var printable = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.PrintableString)), facts);
        Assert.That(printable.Matches, Is.True, printable.Observed);
        Assert.That(printable.EncodingDiffers, Is.True);
        Assert.That(printable.Observed, Does.Contain("PrintableString").And.Contain("UTF8String").And.Contain("RFC 4945 3.1.5"));

        // Case and insignificant spaces (RFC 4518 2.6.1) do not make another name.
        var spaced = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.PrintableString, "  femtoscas  TEST vendor ", "FEMTO-0001.vendor.test")), facts);
        Assert.That(spaced.Matches && spaced.EncodingDiffers, Is.True, spaced.Observed);

        // Another value, another order of RDNs, or one RDN more: another name.
        foreach (var other in new[]
        {
            Dn(UniversalTagNumber.UTF8String, "FemtoScas Test Vendor", "femto-0002.vendor.test"),
            Dn(UniversalTagNumber.PrintableString, "FemtoScasTest Vendor", "femto-0001.vendor.test"),
            Dn(UniversalTagNumber.UTF8String, null, null, swap: true),
            Dn(UniversalTagNumber.UTF8String, null, null, extra: true),
        })
        {
            var match = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(other), facts);
            Assert.That(match.Matches, Is.False, match.Observed);
            Assert.That(match.Observed, Does.Contain("differs from the subject"));
        }

        // An IA5String value is not a prepared string type: compared byte for byte.
        var ia5 = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.IA5String)), facts);
        Assert.That(ia5.Matches, Is.False, ia5.Observed);

        var broken = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn([0x30, 0x09, 0x31]), facts);
        Assert.That(broken.Matches, Is.False);
        Assert.That(broken.Observed, Does.Contain("not a DER Name"));
    }

    [TestCase("Femto  Vendor", " femto vendor ", true)]
    [TestCase("FEMTO\tVendor", "femto vendor", true)]
    [TestCase("ÉQUIPE Vendor", "équipe vendor", true)]
    [TestCase("femto vendor", "femtovendor", false)]
    public void StringPreparationFoldsCaseAndSpaces(string a, string b, bool same)
    {
        Assert.That(DistinguishedNameComparison.Prepare(a) == DistinguishedNameComparison.Prepare(b), Is.EqualTo(same));
    }

    /// <summary>
    /// O=FemtoScas Test Vendor, CN=femto-0001.vendor.test (RFC 5280 4.1.2.4 Name) with the given
    /// string type, other values, the two RDNs swapped, or a third RDN.
    /// </summary>
    private static byte[] Dn(UniversalTagNumber stringType, string? o = null, string? cn = null, bool swap = false, bool extra = false)
    {
        var rdns = new List<(string Oid, string Value)> { ("2.5.4.10", o ?? "FemtoScas Test Vendor"), ("2.5.4.3", cn ?? "femto-0001.vendor.test") };
        if (swap) rdns.Reverse();
        if (extra) rdns.Add(("2.5.4.11", "Lab"));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (oid, value) in rdns)
            {
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    writer.WriteCharacterString(stringType, value);
                }
            }
        }
        return writer.Encode();
    }

    [Test]
    public void Ipv4MatchesAnIpAddressSan()
    {
        var cert = Made("CN=gw", b => { b.AddIpAddress(IPAddress.Parse("127.0.0.1")); b.AddDnsName("gw.example.test"); });

        Assert.That(IdentityMatcher.Match(IkeIdentity.Ipv4("127.0.0.1"), cert).Matches, Is.True);
        Assert.That(IdentityMatcher.Match(IkeIdentity.Ipv4("127.0.0.2"), cert).Matches, Is.False);
        Assert.That(IdentityMatcher.Match(IkeIdentity.Ipv4("127.0.0.1"), Facts("segw-ecdsa")).Matches, Is.False, "no iPAddress SAN");
        var shortId = IdentityMatcher.Match(new IkeIdentity(IkeIdType.Ipv4Address, [127, 0, 1]), cert);
        Assert.That(shortId.Matches, Is.False);
        Assert.That(shortId.Observed, Does.Contain("3 bytes"));
    }

    [Test]
    public void Rfc822MatchesAnRfc822NameSan()
    {
        var cert = Made("CN=femto", b => b.AddEmailAddress("femto-0001@vendor.test"));
        Assert.That(IdentityMatcher.Match(IkeIdentity.Rfc822("femto-0001@vendor.test"), cert).Matches, Is.True);
        Assert.That(IdentityMatcher.Match(IkeIdentity.Rfc822("femto-0002@vendor.test"), cert).Matches, Is.False);
        Assert.That(IdentityMatcher.Match(IkeIdentity.Rfc822("femto-0001@vendor.test"), Facts("femto-ecdsa")).Matches, Is.False);
    }

    [Test]
    public void UnsupportedAndGarbledIdentitiesDoNotMatch()
    {
        var facts = Facts("segw-ecdsa");
        Assert.That(IdentityMatcher.Match(new IkeIdentity(IkeIdType.KeyId, [1, 2, 3]), facts).Matches, Is.False);
        Assert.That(IdentityMatcher.Match(new IkeIdentity(IkeIdType.Fqdn, [0x73, 0x00, 0x67]), facts).Observed, Does.Contain("not printable ASCII"));
    }
}
