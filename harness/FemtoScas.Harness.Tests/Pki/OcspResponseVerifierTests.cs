using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>
/// The OCSP client check (RFC 6960 3.2, 4.2.2.2) against responses built from the test PKI: the
/// correct answers verify with the right status, and each way a response can be untrustworthy is
/// caught with its own problem code.
/// </summary>
[TestFixture]
public sealed class OcspResponseVerifierTests
{
    private static TestPkiSet Pki => PkiFixtures.Set;
    private static readonly DateTimeOffset At = PkiFixtures.At;

    private static OcspCheck Check(byte[] response, string certificate = "segw-ecdsa", DateTimeOffset? at = null) =>
        OcspResponseVerifier.Verify(response, Pki[certificate].CertificateDer, Pki[certificate].Issuer.CertificateDer,
            new OcspVerifyOptions(at ?? At));

    [Test]
    public void CorrectStatusFollowsRootACrl()
    {
        Assert.That(TestPkiOcsp.CorrectStatus(Pki, Pki["segw-ecdsa"]), Is.EqualTo(OcspCertStatus.Good));
        Assert.That(TestPkiOcsp.CorrectStatus(Pki, Pki["segw-revoked"]), Is.EqualTo(OcspCertStatus.Revoked));
    }

    [TestCase("segw-ecdsa", OcspCertStatus.Good)]
    [TestCase("segw-revoked", OcspCertStatus.Revoked)]
    public void DelegatedResponderAnswerVerifies(string certificate, OcspCertStatus status)
    {
        var check = Check(TestPkiOcsp.Correct(Pki, Pki[certificate], At), certificate);
        Assert.That(check.Problem, Is.Null, check.Detail);
        Assert.That(check.Status, Is.EqualTo(status));
        Assert.That(check.Responder, Does.Contain("OCSP Responder"));
    }

    [Test]
    public void TheCaItselfIsAnAuthorisedResponder()
    {
        var response = TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Good, Pki["root-a"], At);
        var check = Check(response);
        Assert.That(check.Problem, Is.Null, check.Detail);
        Assert.That(check.Status, Is.EqualTo(OcspCertStatus.Good));
    }

    [Test]
    public void UnknownStatusIsReported()
    {
        var check = Check(TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Unknown, Pki["ocsp-responder"], At));
        Assert.That(check.Problem, Is.Null, check.Detail);
        Assert.That(check.Status, Is.EqualTo(OcspCertStatus.Unknown));
    }

    [Test]
    public void ResponseSignedByACertificateWithoutOcspSigningIsNotAuthorised()
    {
        // segw-ecdsa is issued by root A but has no id-kp-OCSPSigning: a forged "good" for segw-revoked.
        var check = Check(TestPkiOcsp.Respond(Pki, Pki["segw-revoked"], OcspCertStatus.Good, Pki["segw-ecdsa"], At), "segw-revoked");
        Assert.That(check.Problem, Is.EqualTo("responder-not-authorised"), check.Detail);
        Assert.That(check.Detail, Does.Contain("id-kp-OCSPSigning"));
    }

    [Test]
    public void ResponseSignedByAnotherCaIsNotAuthorised()
    {
        var check = Check(TestPkiOcsp.Respond(Pki, Pki["segw-revoked"], OcspCertStatus.Good, Pki["root-unknown"], At), "segw-revoked");
        Assert.That(check.Problem, Is.EqualTo("responder-not-authorised"), check.Detail);
        Assert.That(check.Detail, Does.Contain("not issued by that CA"));
    }

    [Test]
    public void ResponderIdNamingTheCaButSignedByAnotherKeyFailsTheSignature()
    {
        // Build with the CA as stated responder but sign with a different key of the same type.
        var spec = new OcspResponseSpec(Pki["segw-revoked"].CertificateDer, Pki["root-a"].CertificateDer, Pki["root-a"].CertificateDer,
            Pki["root-unknown"].PrivateKeyPkcs8, OcspCertStatus.Good, At.AddMinutes(-1), At.AddHours(1), At.AddMinutes(-1));
        var check = Check(OcspResponses.Build(spec), "segw-revoked");
        Assert.That(check.Problem, Is.EqualTo("signature-invalid"), check.Detail);
    }

    [Test]
    public void ResponseAboutAnotherCertificateDoesNotMatch()
    {
        var check = Check(TestPkiOcsp.Correct(Pki, Pki["segw-ecdsa"], At), "segw-revoked");
        Assert.That(check.Problem, Is.EqualTo("no-matching-response"), check.Detail);
    }

    [Test]
    public void DelegatedResponderWhoseCertificateIsMissingIsUnknown()
    {
        // RFC 6960 4.2.2.2: the client must be able to find the delegated certificate; here it is left out.
        var spec = new OcspResponseSpec(Pki["segw-ecdsa"].CertificateDer, Pki["root-a"].CertificateDer, Pki["ocsp-responder"].CertificateDer,
            Pki["ocsp-responder"].PrivateKeyPkcs8, OcspCertStatus.Good, At.AddMinutes(-1), At.AddHours(1), At.AddMinutes(-1), IncludeSignerCertificate: false);
        Assert.That(Check(OcspResponses.Build(spec)).Problem, Is.EqualTo("responder-unknown"));
    }

    [Test]
    public void AnotherCasOwnAnswerVerifiesForItsOwnCertificate()
    {
        var response = TestPkiOcsp.Correct(Pki, Pki["segw-root-b"], At);
        var check = Check(response, "segw-root-b");
        Assert.That(check.Problem, Is.Null, check.Detail);
        Assert.That(check.Status, Is.EqualTo(OcspCertStatus.Good));
    }

    [Test]
    public void StaleResponseIsRefused()
    {
        var stale = TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Good, Pki["ocsp-responder"], At, age: TimeSpan.FromDays(2), validity: TimeSpan.FromDays(1));
        Assert.That(Check(stale).Problem, Is.EqualTo("stale"));
    }

    [Test]
    public void FutureResponseIsRefused()
    {
        var future = TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Good, Pki["ocsp-responder"], At, age: TimeSpan.FromDays(-1));
        Assert.That(Check(future).Problem, Is.EqualTo("not-yet-valid"));
    }

    [Test]
    public void ErrorResponseIsNotSuccessful()
    {
        var check = Check(OcspResponses.Error(3));
        Assert.That(check.Problem, Is.EqualTo("not-successful"));
        Assert.That(check.Detail, Does.Contain("tryLater"));
    }

    [Test]
    public void GarbageIsMalformed()
    {
        Assert.That(Check([0x30, 0x03, 0x0A, 0x01]).Problem, Is.EqualTo("malformed"));
        Assert.That(Check([1, 2, 3]).Problem, Is.EqualTo("malformed"));
    }

    [Test]
    public void AForgeryIsRefusedAndWhatItClaimsIsKeptApart()
    {
        // What a relying party that skips RFC 6960 4.2.2.2 would believe (SimFemto's fault
        // ocsp-response-unverified replaces the verdict by this claim through a decision hook).
        var forged = TestPkiOcsp.Respond(Pki, Pki["segw-revoked"], OcspCertStatus.Good, Pki["segw-ecdsa"], At);
        var check = Check(forged, "segw-revoked");
        Assert.That(check.Problem, Is.Not.Null);
        var claimed = check.AsClaimed!;
        Assert.That(claimed.Problem, Is.Null);
        Assert.That(claimed.Status, Is.EqualTo(OcspCertStatus.Good));
        Assert.That(claimed.Detail, Does.Contain("(not checked)"));
        Assert.That(Check(TestPkiOcsp.Correct(Pki, Pki["segw-ecdsa"], At)).AsClaimed, Is.Null, "a trusted response needs no separate claim");
    }
}
