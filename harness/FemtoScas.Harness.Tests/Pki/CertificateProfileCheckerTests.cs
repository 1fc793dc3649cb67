using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Data;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

[TestFixture]
public sealed class CertificateProfileCheckerTests
{
    private static CertificateProfileChecker Checker => new(PkiFixtures.Profile);

    private static IEnumerable<string> GoodNames() => PkiFixtures.GoodNames();
    private static IEnumerable<string> ProfileDefectNames() => PkiFixtures.ProfileDefectNames();
    private static IEnumerable<string> ChainDefectNames() => PkiFixtures.ChainDefectNames();

    [TestCaseSource(nameof(GoodNames))]
    public void GoodCertificateConformsToEveryRule(string name)
    {
        var entry = PkiFixtures.Set[name];
        var findings = Checker.Check(entry.CertificateDer, new CertificateCheckContext(PkiFixtures.At, PkiFixtures.ExpectedIdentity(entry)));

        Assert.That(findings.Select(f => f.RuleId), Is.EqualTo(CertificateProfile.RuleIds));
        Assert.That(findings.Where(f => !f.Conforms), Is.Empty);
    }

    [TestCaseSource(nameof(GoodNames))]
    public void GoodCertificateConformsToday(string name)
    {
        // Real time: the good certificates are built to stay valid until the end of 2046.
        var entry = PkiFixtures.Set[name];
        var findings = Checker.Check(entry.CertificateDer, new CertificateCheckContext(DateTimeOffset.UtcNow, PkiFixtures.ExpectedIdentity(entry)));
        Assert.That(findings.Where(f => !f.Conforms), Is.Empty);
    }

    [TestCaseSource(nameof(ProfileDefectNames))]
    public void BadVariantFailsExactlyItsRule(string name)
    {
        var entry = PkiFixtures.Set[name];
        var expectedRule = entry.DetectedBy!["profile:".Length..];

        var findings = Checker.Check(entry.CertificateDer, new CertificateCheckContext(PkiFixtures.At, PkiFixtures.ExpectedIdentity(entry)));

        Assert.That(findings.Where(f => !f.Conforms).Select(f => f.RuleId), Is.EqualTo(new[] { expectedRule }), entry.Defect);
        var finding = findings.Single(f => f.RuleId == expectedRule);
        Assert.That(finding.Reference, Is.Not.Empty);
        Assert.That(finding.Expected, Is.Not.Empty);
    }

    [TestCaseSource(nameof(ChainDefectNames))]
    public void ChainDefectsAreInvisibleToTheProfile(string name)
    {
        // Revocation, an unknown issuer and a forged signature are properties of the path, not of
        // the certificate's content: the profile must not claim to see them.
        var entry = PkiFixtures.Set[name];
        var findings = Checker.Check(entry.CertificateDer, new CertificateCheckContext(PkiFixtures.At, PkiFixtures.ExpectedIdentity(entry)));
        Assert.That(findings.Where(f => !f.Conforms), Is.Empty);
    }

    [Test]
    public void ObservedValuesNameWhatWasSeen()
    {
        var at = PkiFixtures.At;
        string Observed(string name, string rule) =>
            Checker.Check(PkiFixtures.Set[name].CertificateDer, new CertificateCheckContext(at)).Single(f => f.RuleId == rule).Observed;

        Assert.That(Observed("segw-rsa1024", "x509.rsa-key-size"), Does.Contain("1024 bits"));
        Assert.That(Observed("segw-sha1", "x509.signature-algorithm"), Does.Contain("1.2.840.10045.4.1"));
        Assert.That(Observed("segw-wrong-key-usage", "x509.key-usage"), Does.Contain("keyEncipherment"));
        Assert.That(Observed("segw-expired", "x509.validity"), Does.StartWith("expired"));
        Assert.That(Observed("segw-not-yet-valid", "x509.validity"), Does.StartWith("not yet valid"));
        Assert.That(Observed("segw-ecdsa", "x509.ec-curve"), Is.EqualTo("curve P-256"));
        Assert.That(Observed("segw-ecdsa", "x509.rsa-key-size"), Does.StartWith("does not apply"));
    }

    [TestCase(new byte[0], TestName = "Empty input")]
    [TestCase(new byte[] { 0x04, 0x02, 0x00, 0x00 }, TestName = "Not a SEQUENCE")]
    [TestCase(new byte[] { 0x30, 0x82, 0x01, 0x00, 0x02, 0x01 }, TestName = "Declared length past the end")]
    [TestCase(new byte[] { 0x30, 0x80, 0x00, 0x00 }, TestName = "Indefinite length")]
    [TestCase(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 }, TestName = "Well-formed DER that is not a certificate")]
    public void MalformedDerGivesAWellFormedFinding(byte[] der)
    {
        var findings = Checker.Check(der, new CertificateCheckContext(PkiFixtures.At));

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].RuleId, Is.EqualTo("x509.well-formed"));
        Assert.That(findings[0].Conforms, Is.False);
        Assert.That(findings[0].Observed, Does.StartWith("not decodable"));
    }

    [Test]
    public void TruncatedCertificateFindingNamesTheOffset()
    {
        var der = PkiFixtures.Set["segw-ecdsa"].CertificateDer;
        var findings = Checker.Check(der[..(der.Length - 10)], new CertificateCheckContext(PkiFixtures.At));
        Assert.That(findings.Single().Observed, Does.Contain("at byte 0").And.Contain("content bytes"));
    }

    [Test]
    public void TrailingBytesAreAFinding()
    {
        var der = PkiFixtures.Set["segw-ecdsa"].CertificateDer.Concat(new byte[] { 0, 0 }).ToArray();
        var finding = Checker.Check(der, new CertificateCheckContext(PkiFixtures.At)).Single();
        Assert.That(finding.Observed, Does.Contain($"at byte {der.Length - 2}").And.Contain("2 bytes follow"));
    }

    [Test]
    public void RandomCorruptionNeverThrows()
    {
        // Bounded, seeded corruption of every good certificate: the checker and the validator must
        // turn any of it into findings or problems, never into an exception.
        var random = new Random(3310);
        var set = PkiFixtures.Set;
        var anchors = set.OperatorTrustAnchors.Select(a => a.CertificateDer).ToList();
        var outcomes = 0;
        foreach (var entry in set.Entries.Where(e => e.IsGood))
        {
            for (var i = 0; i < 40; i++)
            {
                var der = (byte[])entry.CertificateDer.Clone();
                der[random.Next(der.Length)] ^= (byte)(1 << random.Next(8));
                if (i % 4 == 0)
                    der = der[..random.Next(der.Length)];
                var findings = Checker.Check(der, new CertificateCheckContext(PkiFixtures.At));
                var chain = FemtoScas.Harness.Crypto.X509.ChainValidator.Validate(new ChainValidationRequest(der, [], anchors, PkiFixtures.At, [set.RootACrlDer]));
                Assert.That(findings, Is.Not.Empty);
                outcomes += chain.IsValid ? 0 : 1;
            }
        }
        // A flipped bit lands in the signed part or the signature nearly always: most must fail.
        Assert.That(outcomes, Is.GreaterThan(set.Entries.Count(e => e.IsGood) * 30));
    }

    [Test]
    public void ProfileFileMustDefineEveryRule()
    {
        const string json = """{ "profile": "p", "title": "t", "rules": [ { "id": "x509.version", "reference": "r", "expected": "e", "confidence": "recalled", "version": 3 } ] }""";
        var ex = Assert.Throws<DataFileException>(() => CertificateProfile.Parse("p.json", json));
        Assert.That(ex!.Message, Does.Contain("x509.well-formed").And.Contain("missing"));
    }

    [Test]
    public void ProfileFileRejectsAnUnknownRuleAndAMisspeltField()
    {
        const string unknownRule = """{ "profile": "p", "title": "t", "rules": [ { "id": "x509.colour", "reference": "r", "expected": "e", "confidence": "recalled" } ] }""";
        const string misspelt = """{ "profile": "p", "title": "t", "rules": [ { "id": "x509.version", "reference": "r", "expected": "e", "confidence": "recalled", "version": 3, "verison": 2 } ] }""";
        Assert.That(() => CertificateProfile.Parse("p.json", unknownRule), Throws.TypeOf<DataFileException>().With.Message.Contains("x509.colour"));
        Assert.That(() => CertificateProfile.Parse("p.json", misspelt), Throws.TypeOf<DataFileException>().With.Message.Contains("did you mean 'version'"));
    }

    [Test]
    public void EveryProfileRuleIsRecalledWithAReference()
    {
        foreach (var id in CertificateProfile.RuleIds)
        {
            var rule = PkiFixtures.Profile.Rule(id);
            Assert.That(rule.Confidence, Is.EqualTo("recalled"), id);
            Assert.That(rule.Reference, Does.Match("TS 33\\.|RFC "), id);
        }
        Assert.That(PkiFixtures.Profile.MinimumRsaBits, Is.EqualTo(2048));
        Assert.That(PkiFixtures.Profile.AllowedCurves.Select(c => c.Name), Is.EqualTo(new[] { "P-256", "P-384" }));
    }
}
