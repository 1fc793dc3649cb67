using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>
/// The stale and the wrongly signed root-A CRLs of NRF-SEGW-REVOCATION, with OpenSSL as the
/// independent oracle: "openssl crl -verify" must verify the stale one and refuse the other, and
/// "openssl verify -crl_check" must name exactly the defect (expired CRL, CRL signature failure)
/// while root A's own CRL lets it find segw-revoked revoked.
/// </summary>
[TestFixture]
public sealed class TestPkiCrlsTests
{
    private static TestPkiSet Pki => PkiFixtures.Set;

    private static (int Exit, string Output) WithCrl(byte[] crl, Func<string, (int, string)> run)
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-crl-openssl-");
        try
        {
            var file = Path.Combine(work.FullName, "crl.pem");
            File.WriteAllText(file, new string(System.Security.Cryptography.PemEncoding.Write("X509 CRL", crl)) + "\n");
            return run(file);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (int Exit, string Output) CrlVerify(byte[] crl) =>
        WithCrl(crl, f => OpenSslTool.Run("crl", "-in", f, "-noout", "-verify", "-CAfile", "root-a.crt.pem", "-nextupdate", "-crlnumber"));

    private static (int Exit, string Output) ChainWithCrl(byte[] crl) =>
        WithCrl(crl, f => OpenSslTool.Run("verify", "-crl_check", "-CRLfile", f, "-CAfile", "root-a.crt.pem", "segw-revoked.crt.pem"));

    [Test]
    public void The_stale_CRL_is_signed_by_root_A_but_expired()
    {
        var now = DateTimeOffset.UtcNow;
        var stale = TestPkiCrls.Stale(Pki, now);
        var facts = X509FactsReader.ReadCrl(stale).Value!;
        Assert.That(facts.NextUpdate, Is.LessThan(now));
        Assert.That(facts.CrlNumber, Is.EqualTo(TestPkiCrls.StaleCrlNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)).Or.EqualTo("02"));
        Assert.That(facts.RevokedSerialsHex, Is.EquivalentTo(X509FactsReader.ReadCrl(Pki.RootACrlDer).Value!.RevokedSerialsHex));

        var (exit, output) = CrlVerify(stale);
        Assert.That(output, Does.Contain("verify OK"), output);
        Assert.That(exit, Is.EqualTo(0), output);
        var (chainExit, chainOutput) = ChainWithCrl(stale);
        Assert.That(chainOutput, Does.Contain("CRL has expired"), chainOutput);
        Assert.That(chainExit, Is.Not.EqualTo(0), chainOutput);
    }

    [Test]
    public void The_bad_signature_CRL_parses_but_does_not_verify()
    {
        var bad = TestPkiCrls.BadSignature(Pki);
        Assert.That(X509FactsReader.ReadCrl(bad).Value, Is.Not.Null, "still a well-formed CRL");
        var (_, output) = CrlVerify(bad);
        Assert.That(output, Does.Contain("verify failure"), output);
        Assert.That(output, Does.Not.Contain("verify OK"), output);
        var (chainExit, chainOutput) = ChainWithCrl(bad);
        Assert.That(chainOutput, Does.Contain("CRL signature failure"), chainOutput);
        Assert.That(chainExit, Is.Not.EqualTo(0), chainOutput);
    }

    [Test]
    public void Root_A_own_CRL_is_the_control()
    {
        var (exit, output) = CrlVerify(Pki.RootACrlDer);
        Assert.That(output, Does.Contain("verify OK"), output);
        Assert.That(exit, Is.EqualTo(0), output);
        var (_, chainOutput) = ChainWithCrl(Pki.RootACrlDer);
        Assert.That(chainOutput, Does.Contain("certificate revoked"), chainOutput);
    }

    [Test]
    public void SimFemto_relies_only_on_a_current_CRL_signed_by_its_anchor()
    {
        var now = DateTimeOffset.UtcNow;
        var anchors = Pki.OperatorTrustAnchors;
        Assert.That(FemtoScas.SimFemto.SimFemtoBackhaul.UnusableCrl(Pki.RootACrlDer, anchors, now), Is.Null);
        Assert.That(FemtoScas.SimFemto.SimFemtoBackhaul.UnusableCrl(TestPkiCrls.Stale(Pki, now), anchors, now), Does.StartWith("stale"));
        Assert.That(FemtoScas.SimFemto.SimFemtoBackhaul.UnusableCrl(TestPkiCrls.BadSignature(Pki), anchors, now), Does.StartWith("signature does not verify"));
        Assert.That(FemtoScas.SimFemto.SimFemtoBackhaul.UnusableCrl(Pki.RootACrlDer, [Pki["root-b"]], now), Does.Contain("not a trust anchor"));
        Assert.That(FemtoScas.SimFemto.SimFemtoBackhaul.UnusableCrl([0x30, 0x03, 0x02, 0x01], anchors, now), Does.StartWith("malformed"));
    }
}
