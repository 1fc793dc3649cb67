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
    public void DerAsn1DnMatchesTheSubjectByteForByte()
    {
        var facts = Facts("femto-ecdsa");
        Assert.That(IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(facts.SubjectDer), facts).Matches, Is.True);
        Assert.That(IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Facts("segw-ecdsa").SubjectDer), facts).Matches, Is.False);

        // The same DN written independently (System.Formats.Asn1) matches when its strings are
        // UTF8String like the certificate's, and not as PrintableString: RFC 4945 3.1.5 asks for
        // an exact match of the subject field.
        Assert.That(IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.UTF8String)), facts).Matches, Is.True);
        var differentEncoding = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn(Dn(UniversalTagNumber.PrintableString)), facts);
        Assert.That(differentEncoding.Matches, Is.False);
        Assert.That(differentEncoding.Observed, Does.Contain("differs from the subject"));

        var broken = IdentityMatcher.Match(IkeIdentity.DerAsn1Dn([0x30, 0x09, 0x31]), facts);
        Assert.That(broken.Matches, Is.False);
        Assert.That(broken.Observed, Does.Contain("not a DER Name"));
    }

    /// <summary>O=FemtoScas Test Vendor, CN=femto-0001.vendor.test (RFC 5280 4.1.2.4 Name) with the given string type.</summary>
    private static byte[] Dn(UniversalTagNumber stringType)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (oid, value) in new[] { ("2.5.4.10", "FemtoScas Test Vendor"), ("2.5.4.3", "femto-0001.vendor.test") })
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
