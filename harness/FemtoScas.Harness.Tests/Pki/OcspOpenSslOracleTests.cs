using System.Diagnostics;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>
/// OpenSSL as an independent OCSP client: it must accept our delegated responder's good and
/// revoked answers with the right status, and reject a "good" signed by a certificate without
/// id-kp-OCSPSigning (the forgery NRF-SEGW-REVOCATION staples). Responses are made for the
/// current time, since openssl checks thisUpdate/nextUpdate against the clock.
/// </summary>
[TestFixture]
public sealed class OcspOpenSslOracleTests
{
    private static TestPkiSet Pki => PkiFixtures.Set;

    private static (int Exit, string Output) OcspCheck(byte[] response, string certificate)
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-ocsp-openssl-");
        try
        {
            var file = Path.Combine(work.FullName, "response.der");
            File.WriteAllBytes(file, response);
            return OpenSslTool.Run("ocsp", "-respin", file, "-issuer", "root-a.crt.pem", "-cert", certificate + ".crt.pem", "-CAfile", "root-a.crt.pem", "-resp_text");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Test]
    public void OpenSslAcceptsTheGoodAnswer()
    {
        var (exit, output) = OcspCheck(TestPkiOcsp.Correct(Pki, Pki["segw-ecdsa"], DateTimeOffset.UtcNow), "segw-ecdsa");
        Assert.That(output, Does.Contain("Response verify OK"), output);
        Assert.That(output, Does.Contain("segw-ecdsa.crt.pem: good"), output);
        Assert.That(output, Does.Contain("Responder Id: 3B29040E45481B9EE8F1E808079DF045A3EF9B9E").IgnoreCase, "ResponderID byKey names ocsp-responder's key identifier");
        Assert.That(exit, Is.EqualTo(0), output);
    }

    [Test]
    public void OpenSslAcceptsTheRevokedAnswer()
    {
        var (exit, output) = OcspCheck(TestPkiOcsp.Correct(Pki, Pki["segw-revoked"], DateTimeOffset.UtcNow), "segw-revoked");
        Assert.That(output, Does.Contain("Response verify OK"), output);
        Assert.That(output, Does.Contain("segw-revoked.crt.pem: revoked"), output);
        Assert.That(output, Does.Contain("Reason: keyCompromise"), output);
        Assert.That(exit, Is.EqualTo(0), output);
    }

    [Test]
    public void OpenSslRejectsTheForgedGoodAnswer()
    {
        var forged = TestPkiOcsp.Respond(Pki, Pki["segw-revoked"], OcspCertStatus.Good, Pki["segw-ecdsa"], DateTimeOffset.UtcNow);
        var (_, output) = OcspCheck(forged, "segw-revoked");
        Assert.That(output, Does.Contain("Response Verify Failure"), output);
        Assert.That(output, Does.Not.Contain("Response verify OK"), output);
    }

    [Test]
    public void OpenSslRejectsAStaleAnswer()
    {
        var stale = TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Good, Pki["ocsp-responder"], DateTimeOffset.UtcNow,
            age: TimeSpan.FromDays(2), validity: TimeSpan.FromDays(1));
        var (_, output) = OcspCheck(stale, "segw-ecdsa");
        Assert.That(output, Does.Contain("Status times invalid").Or.Contain("status expired"), output);
    }
}
