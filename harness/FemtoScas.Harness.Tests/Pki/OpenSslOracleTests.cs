using System.Diagnostics;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>
/// OpenSSL as an independent oracle: it must read every generated certificate and agree with our
/// validator on the revoked, forged and unknown-issuer certificates.
/// </summary>
[TestFixture]
public sealed class OpenSslOracleTests
{
    private static (int Exit, string Output) OpenSsl(params string[] args) => OpenSslTool.Run(args);

    private static IEnumerable<string> AllCertificates() => PkiFixtures.Names(_ => true);

    [Test]
    public void GoodSegwCertificateVerifiesWithTheCrl()
    {
        var (exit, output) = OpenSsl("verify", "-CAfile", "root-a.crt.pem", "-crl_check", "-CRLfile", "root-a.crl.pem", "segw-ecdsa.crt.pem");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("segw-ecdsa.crt.pem: OK"));
    }

    [Test]
    public void RevokedSegwCertificateIsRejectedAsRevoked()
    {
        var (exit, output) = OpenSsl("verify", "-CAfile", "root-a.crt.pem", "-crl_check", "-CRLfile", "root-a.crl.pem", "segw-revoked.crt.pem");
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("certificate revoked"));
    }

    [Test]
    public void IntermediateChainVerifies()
    {
        var (exit, output) = OpenSsl("verify", "-CAfile", "root-a.crt.pem", "-untrusted", "intermediate-a.crt.pem", "segw-intermediate.crt.pem");
        Assert.That(exit, Is.EqualTo(0), output);
    }

    [TestCase("segw-forged-issuer.crt.pem", "certificate signature failure")]
    [TestCase("segw-unknown-issuer.crt.pem", "unable to get local issuer certificate")]
    [TestCase("segw-expired.crt.pem", "certificate has expired")]
    [TestCase("segw-not-yet-valid.crt.pem", "certificate is not yet valid")]
    public void BadCertificatesAreRejectedForTheSameReason(string file, string reason)
    {
        var (exit, output) = OpenSsl("verify", "-CAfile", "root-a.crt.pem", file);
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain(reason));
    }

    [TestCaseSource(nameof(AllCertificates))]
    public void OpenSslParsesTheCertificate(string name)
    {
        var entry = PkiFixtures.Set[name];
        var (exit, output) = OpenSsl("x509", "-in", name + ".crt.pem", "-noout", "-text");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Version: 3"));
        Assert.That(output, Does.Contain("Subject Key Identifier").And.Contain("Authority Key Identifier"));
        Assert.That(output.Replace(" = ", "=").Replace(", ", ","), Does.Contain("Subject: " + entry.Subject));
    }

    [Test]
    public void OpenSslReadsBothCrlEncodingsAlike()
    {
        var pem = OpenSsl("crl", "-in", "root-a.crl.pem", "-noout", "-text");
        var der = OpenSsl("crl", "-inform", "DER", "-in", "root-a.crl", "-noout", "-text");
        Assert.That(pem.Exit, Is.EqualTo(0), pem.Output);
        Assert.That(der.Output, Is.EqualTo(pem.Output));
        Assert.That(pem.Output, Does.Contain("Version 2").And.Contain("CRL Number").And.Contain("Serial Number: 1104"));
    }

    [TestCase("segw-ecdsa")]
    [TestCase("root-b")]
    public void OpenSslReadsThePkcs8KeyAndItMatchesTheCertificate(string name)
    {
        var key = OpenSsl("pkey", "-in", name + ".key.pem", "-pubout");
        var cert = OpenSsl("x509", "-in", name + ".crt.pem", "-noout", "-pubkey");
        Assert.That(key.Exit, Is.EqualTo(0), "openssl pkey failed (output withheld: it concerns a private key)");
        Assert.That(key.Output, Is.EqualTo(cert.Output));
    }
}
