using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Crypto.Auth;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tests.Pki;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>
/// SimFemto's emulated trusted environment (NRF-TRUSTED-ENV): the secure element signs AUTH
/// payloads that verify against the device certificate and refuses to export its key; the
/// controller's inspection tells the element's key from a copy left in general storage, naming
/// paths and fingerprints but never key material.
/// </summary>
[TestFixture]
public sealed class SimFemtoTrustedEnvironmentTests
{
    private static readonly byte[] Octets = "IKE_AUTH signed octets (RFC 7296 2.15)"u8.ToArray();

    [TestCase("femto-ecdsa", AuthStyle.Classic)]
    [TestCase("femto-ecdsa", AuthStyle.DigitalSignature)]
    [TestCase("femto-rsa1024", AuthStyle.Classic)]
    [TestCase("femto-rsa", AuthStyle.DigitalSignature)]
    public void Auth_signed_inside_the_element_verifies_against_the_device_certificate(string credential, AuthStyle style)
    {
        using var element = SimFemtoSecureElement.Provision(PkiFixtures.Set[credential]);
        var credentials = element.IkeCredentials;
        Assert.That(credentials.PrivateKeyPkcs8, Is.Empty, "the IKE credentials must not carry the key");

        using var signer = credentials.CreateSigner(style, []);
        var auth = signer.Sign(Octets);
        using var cert = X509CertificateLoader.LoadCertificate(element.CertificateDer);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)cert.GetECDsaPublicKey() ?? cert.GetRSAPublicKey()!;
        Assert.That(AuthVerifiers.For(signer.Method, key).Verify(Octets, auth), Is.Null);
    }

    [TestCase("femto-ecdsa")]
    [TestCase("femto-rsa1024")]
    public void The_element_signs_but_does_not_export(string credential)
    {
        using var element = SimFemtoSecureElement.Provision(PkiFixtures.Set[credential]);
        using var handle = element.OpenHandle();
        Assert.Multiple(() =>
        {
            Assert.Throws<CryptographicException>(() => handle.ExportPkcs8PrivateKey());
            Assert.Throws<CryptographicException>(() => handle.ExportEncryptedPkcs8PrivateKey("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1)));
            Assert.That(element.ToString(), Does.Not.Contain("PRIVATE"));
        });
        Assert.That(SimFemtoKeyInspection.Locate(element, element.PublicKeySha256).Choice, Is.EqualTo(OperatorSteps.TrustedEnvironment));
    }

    [Test]
    public void A_key_that_is_not_the_named_one_cannot_be_located()
    {
        using var element = SimFemtoSecureElement.Provision(PkiFixtures.Set["femto-ecdsa"]);
        var other = PublicKeyFingerprint.OfCertificate(PkiFixtures.Set["femto-rsa"].CertificateDer);
        Assert.That(SimFemtoKeyInspection.Locate(element, other).Choice, Is.EqualTo(OperatorSteps.CannotDetermine));
        Assert.That(SimFemtoKeyInspection.Locate(null, other).Choice, Is.EqualTo(OperatorSteps.CannotDetermine));
    }

    [Test]
    public void General_storage_search_names_the_device_key_by_path_and_fingerprint_only()
    {
        var entry = PkiFixtures.Set["femto-ecdsa"];
        var fingerprint = PublicKeyFingerprint.OfCertificate(entry.CertificateDer);
        var storage = new SimFemtoStorage();
        storage.Write("etc/simfemto.conf", "segw = segw.operator-a.test\n");
        storage.Write("certs/device.crt.pem", PemEncoding.WriteString("CERTIFICATE", entry.CertificateDer));
        Assert.That(SimFemtoKeyInspection.SearchStorage(storage, fingerprint).Choice, Is.EqualTo(OperatorSteps.NotFound));

        var pem = PemEncoding.WriteString("PRIVATE KEY", entry.PrivateKeyPkcs8);
        storage.Write("keys/device.key.pem", pem);
        storage.Write("backup/other.pem", PemEncoding.WriteString("PRIVATE KEY", PkiFixtures.Set["segw-ecdsa"].PrivateKeyPkcs8));
        var (choice, what) = SimFemtoKeyInspection.SearchStorage(storage, fingerprint);
        Assert.Multiple(() =>
        {
            Assert.That(choice, Is.EqualTo(OperatorSteps.Found));
            Assert.That(what, Does.Contain("keys/device.key.pem at offset 0").And.Contain($"the device key: public part SHA-256 {fingerprint}"));
            Assert.That(what, Does.Contain("backup/other.pem at offset 0").And.Contain("another key"));
            var body = pem.Split('\n')[1];
            Assert.That(what, Does.Not.Contain(body), "key material must never appear in the answer");
        });
    }
}

/// <summary>The NRF-TRUSTED-ENV verdict rule over prepared answers: every combination a lab can give.</summary>
[TestFixture]
public sealed class TrustedEnvironmentJudgementTests
{
    private const string Fp = "AB12";

    private static OperatorAnswer? A(string? choice) =>
        choice is null ? null : new OperatorAnswer(choice, "T. Tester, Lab Y", false, "checked", null, DateTimeOffset.UnixEpoch);

    [TestCase(OperatorSteps.TrustedEnvironment, OperatorSteps.NotFound, "PASS", "trusted environment")]
    [TestCase(OperatorSteps.TrustedEnvironment, OperatorSteps.Found, "FAIL", "found in general storage")]
    [TestCase(OperatorSteps.GeneralStorage, OperatorSteps.NotFound, "FAIL", "held in general storage")]
    [TestCase(OperatorSteps.GeneralStorage, null, "FAIL", "held in general storage")]
    [TestCase(null, OperatorSteps.Found, "FAIL", "found in general storage")]
    [TestCase(OperatorSteps.CannotDetermine, OperatorSteps.NotFound, "INCONCLUSIVE", "could not be determined")]
    [TestCase(OperatorSteps.TrustedEnvironment, null, "INCONCLUSIVE", OperatorSteps.KeyInGeneralStorageId)]
    [TestCase(null, OperatorSteps.NotFound, "INCONCLUSIVE", OperatorSteps.KeyLocationId)]
    [TestCase(null, null, "INCONCLUSIVE", OperatorSteps.KeyLocationId + ", " + OperatorSteps.KeyInGeneralStorageId)]
    public void Verdict_follows_the_answers(string? location, string? storage, string verdict, string reasonContains)
    {
        var decision = Harness.Judgements.TrustedEnvironmentJudgement.Decide(Fp, A(location), A(storage));
        Assert.That(decision.Verdict.Wire(), Is.EqualTo(verdict));
        Assert.That(decision.Reason, Does.Contain(reasonContains));
    }
}
