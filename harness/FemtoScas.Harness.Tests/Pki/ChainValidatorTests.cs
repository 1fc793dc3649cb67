using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

[TestFixture]
public sealed class ChainValidatorTests
{
    private static IEnumerable<string> GoodEndEntities() =>
        PkiFixtures.Names(e => e.IsGood && e.Role is not (FemtoScas.Harness.Crypto.X509.TestPkiRole.RootCa or FemtoScas.Harness.Crypto.X509.TestPkiRole.IntermediateCa)
            // The vendor certificate chains to the vendor root, which is no operator anchor (its own test below).
            && e.Chain[^1].Name != "vendor-root");

    private static IEnumerable<string> ChainDefectNames() => PkiFixtures.ChainDefectNames();

    [TestCaseSource(nameof(GoodEndEntities))]
    public void GoodCertificateValidatesAgainstEitherOperatorRoot(string name)
    {
        var entry = PkiFixtures.Set[name];
        var result = ChainValidator.Validate(PkiFixtures.Request(entry));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Path.Select(p => p.Subject), Is.EqualTo(entry.Chain.Select(c => c.Subject)));
    }

    [Test]
    public void VendorCertificateValidatesOnlyAgainstTheVendorRoot()
    {
        var vendor = PkiFixtures.Set["femto-vendor"];
        Assert.That(ChainValidator.Validate(PkiFixtures.Request(vendor)).IsValid, Is.False, "operator roots must not vouch for a vendor certificate");
        var result = ChainValidator.Validate(PkiFixtures.Request(vendor, anchors: [PkiFixtures.Set["vendor-root"].CertificateDer]));
        Assert.That(result.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(ChainDefectNames))]
    public void ChainDefectIsReportedWithItsCode(string name)
    {
        var entry = PkiFixtures.Set[name];
        var expected = entry.DetectedBy!["chain:".Length..];

        var result = ChainValidator.Validate(PkiFixtures.Request(entry));

        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { expected }), entry.Defect);
    }

    [Test]
    public void RevocationIsDetectedOnlyWithTheCrl()
    {
        var revoked = PkiFixtures.Set["segw-revoked"];

        var withCrl = ChainValidator.Validate(PkiFixtures.Request(revoked));
        var withoutCrl = ChainValidator.Validate(PkiFixtures.Request(revoked, withCrl: false));

        Assert.That(withCrl.Has("revoked"), Is.True);
        Assert.That(withCrl.Problems.Single().Reason, Does.Contain("1104").And.Contain("CRL number 1"));
        Assert.That(withoutCrl.IsValid, Is.True, "without revocation data nothing says it is revoked");
    }

    [Test]
    public void MissingRevocationDataIsAProblemWhenRequired()
    {
        var rootB = PkiFixtures.Request(PkiFixtures.Set["segw-root-b"]) with { RequireRevocationStatus = true };
        var rootA = PkiFixtures.Request(PkiFixtures.Set["segw-ecdsa"]) with { RequireRevocationStatus = true };

        Assert.That(ChainValidator.Validate(rootB).Problems.Select(p => p.Code), Is.EqualTo(new[] { "revocation-unknown" }));
        Assert.That(ChainValidator.Validate(rootA).IsValid, Is.True);
    }

    [Test]
    public void ExpiredAndNotYetValidAreChainProblemsToo()
    {
        Assert.That(ChainValidator.Validate(PkiFixtures.Request(PkiFixtures.Set["segw-expired"])).Problems.Select(p => p.Code),
            Is.EqualTo(new[] { "expired" }));
        Assert.That(ChainValidator.Validate(PkiFixtures.Request(PkiFixtures.Set["segw-not-yet-valid"])).Problems.Select(p => p.Code),
            Is.EqualTo(new[] { "not-yet-valid" }));
    }

    [Test]
    public void AfterEveryWindowClosesTheCrlIsStaleAndTheCertificatesExpired()
    {
        var result = ChainValidator.Validate(PkiFixtures.Request(PkiFixtures.Set["segw-ecdsa"], at: new DateTimeOffset(2050, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(result.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { "expired", "expired", "crl-stale" }));
    }

    [Test]
    public void OnlyConfiguredAnchorsAreTrusted()
    {
        var set = PkiFixtures.Set;
        var onlyRootB = PkiFixtures.Request(set["segw-ecdsa"], anchors: [set["root-b"].CertificateDer]);
        var withUnknown = PkiFixtures.Request(set["segw-unknown-issuer"], anchors: [set["root-unknown"].CertificateDer]);

        Assert.That(ChainValidator.Validate(onlyRootB).Problems.Select(p => p.Code), Is.EqualTo(new[] { "untrusted-issuer" }));
        Assert.That(ChainValidator.Validate(withUnknown).IsValid, Is.True, "trusting the unknown root makes its certificate valid");
    }

    [Test]
    public void IntermediateMustBeOffered()
    {
        var entry = PkiFixtures.Set["segw-intermediate"];
        var result = ChainValidator.Validate(PkiFixtures.Request(entry) with { Intermediates = [] });
        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "untrusted-issuer" }));
    }

    [Test]
    public void ConfiguredAnchorPresentedAsEndEntityIsTrusted()
    {
        var set = PkiFixtures.Set;
        var pinned = ChainValidator.Validate(new ChainValidationRequest(
            set["segw-ecdsa"].CertificateDer, [], [set["segw-ecdsa"].CertificateDer], PkiFixtures.At, []));
        var root = ChainValidator.Validate(new ChainValidationRequest(
            set["root-a"].CertificateDer, [], [set["root-a"].CertificateDer], PkiFixtures.At, [set.RootACrlDer]));

        Assert.That(pinned.IsValid, Is.True);
        Assert.That(root.IsValid, Is.True);
    }

    [Test]
    public void EndEntityCannotActAsIssuer()
    {
        // A certificate signed with the SeGW's own key: the SeGW certificate is not a CA and has no keyCertSign.
        var set = PkiFixtures.Set;
        using var segw = set["segw-ecdsa"].ToX509Certificate2(withPrivateKey: true);
        using var segwKey = segw.GetECDsaPrivateKey()!;
        using var childKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=child.example.test", childKey, HashAlgorithmName.SHA256);
        using var child = request.Create(segw.SubjectName, X509SignatureGenerator.CreateForECDsa(segwKey),
            PkiFixtures.At.AddDays(-1), PkiFixtures.At.AddDays(1), [0x42]);

        var result = ChainValidator.Validate(new ChainValidationRequest(
            child.RawData, [segw.RawData], [set["root-a"].CertificateDer], PkiFixtures.At, [set.RootACrlDer]));

        Assert.That(result.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { "issuer-not-ca", "issuer-key-usage" }));
        Assert.That(result.Path, Has.Count.EqualTo(3), "the signatures themselves verify; only the issuer's authority is missing");
    }

    [Test]
    public void RoleChecksKeyUsageAndExtendedKeyUsage()
    {
        var set = PkiFixtures.Set;
        var wrongUsage = ChainValidator.Validate(PkiFixtures.Request(set["segw-wrong-key-usage"]));
        var ocspAsSegw = ChainValidator.Validate(PkiFixtures.Request(set["ocsp-responder"]) with { Role = CertificateRole.Segw });
        var ocspAnyRole = ChainValidator.Validate(PkiFixtures.Request(set["ocsp-responder"]) with { Role = CertificateRole.Any });

        Assert.That(wrongUsage.Problems.Select(p => p.Code), Is.EqualTo(new[] { "role-key-usage" }));
        Assert.That(ocspAsSegw.Problems.Select(p => p.Code), Is.EqualTo(new[] { "role-extended-key-usage" }));
        Assert.That(ocspAnyRole.IsValid, Is.True);
    }

    [Test]
    public void MalformedInputsBecomeProblems()
    {
        var set = PkiFixtures.Set;
        var malformedLeaf = ChainValidator.Validate(new ChainValidationRequest([0x30, 0x05, 0x01], [], [set["root-a"].CertificateDer], PkiFixtures.At, []));
        var crl = (byte[])set.RootACrlDer.Clone();
        crl[^3] ^= 0xFF;
        var tamperedCrl = ChainValidator.Validate(PkiFixtures.Request(set["segw-revoked"]) with { Crls = [crl] });
        var garbageCrl = ChainValidator.Validate(PkiFixtures.Request(set["segw-ecdsa"]) with { Crls = [[1, 2, 3]] });

        Assert.That(malformedLeaf.Problems.Select(p => p.Code), Is.EqualTo(new[] { "malformed-certificate" }));
        Assert.That(malformedLeaf.Problems[0].Reason, Does.Contain("at byte"));
        Assert.That(tamperedCrl.Problems.Select(p => p.Code), Is.EqualTo(new[] { "crl-signature-invalid" }),
            "a CRL whose signature fails must not be believed, not even about revocation");
        Assert.That(garbageCrl.Problems.Select(p => p.Code), Is.EqualTo(new[] { "crl-malformed" }));
    }
}
