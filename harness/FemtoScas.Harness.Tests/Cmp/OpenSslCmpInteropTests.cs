using System.Net;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Roles.Ra;
using FemtoScas.Harness.Tests.Pki;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>
/// Oracle: OpenSSL's own CMP client (`openssl cmp`, OpenSSL 3.0) as the femto stand-in against the
/// harness RA over HTTP on loopback. It checks the ip's protection against the operator root it is
/// given (-trusted), transactionID and nonces, the certificate for its new key, and sends certConf;
/// then kur with the new operator certificate. OpenSSL accepting every answer is the independent
/// check that the harness's ip, kup, pkiConf and error messages are what RFC 4210 clients expect.
/// </summary>
[TestFixture]
public sealed class OpenSslCmpInteropTests
{
    private string dir = "";

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("femtoscas-cmp-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, true);

    private string NewKey(string name)
    {
        var path = Path.Combine(dir, name);
        var (exit, output) = OpenSslTool.Run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path);
        Assert.That(exit, Is.EqualTo(0), output);
        return path;
    }

    private static string Server(CmpHttpRa ra) => $"{ra.Uri.Host}:{ra.Uri.Port}";

    [Test]
    public async Task OpenSsl_enrols_with_ir_and_updates_with_kur()
    {
        await using var server = new CmpHttpRa(CmpFixtures.NewRa(), IPAddress.Loopback);
        var key1 = NewKey("operator-1.key.pem");
        var cert1 = Path.Combine(dir, "operator-1.crt.pem");
        var caPubs = Path.Combine(dir, "capubs.pem");

        // ir protected by the vendor certificate, trusting only operator root A for the answer.
        var (exit, output) = await Task.Run(() => OpenSslTool.Run("cmp", "-cmd", "ir", "-server", Server(server), "-path", "pkix/",
            "-cert", "femto-vendor.crt.pem", "-key", "femto-vendor.key.pem", "-newkey", key1,
            "-subject", "/CN=" + CmpFixtures.Identity, "-trusted", "root-a.crt.pem",
            "-certout", cert1, "-cacertsout", caPubs, "-msg_timeout", "10", "-total_timeout", "30"));
        Assert.That(exit, Is.EqualTo(0), output);
        var issued = Pem.Decode(File.ReadAllText(cert1), "CERTIFICATE")!;
        var transaction = server.Ra.Transactions.Single();
        Assert.That(issued, Is.EqualTo(transaction.Issued));
        Assert.That(transaction.Confirmed, Is.True, "openssl sent certConf accepting the certificate: " + transaction.ConfirmationDetail);
        Assert.That(Pem.Decode(File.ReadAllText(caPubs), "CERTIFICATE"), Is.EqualTo(PkiFixtures.Set["root-a"].CertificateDer));
        Assert.That(server.Ra.Records.Select(r => r.Body), Is.EqualTo(new[] { "ir", "ip", "certConf", "pkiconf" }));
        Assert.That(server.Ra.Records[0].Checks.Where(c => !c.Passed), Is.Empty, "the RA's checks of openssl's ir");

        // kur protected by that operator certificate, for a second new key.
        var key2 = NewKey("operator-2.key.pem");
        var cert2 = Path.Combine(dir, "operator-2.crt.pem");
        (exit, output) = await Task.Run(() => OpenSslTool.Run("cmp", "-cmd", "kur", "-server", Server(server), "-path", "pkix/",
            "-cert", cert1, "-key", key1, "-newkey", key2, "-trusted", "root-a.crt.pem",
            "-certout", cert2, "-msg_timeout", "10", "-total_timeout", "30"));
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(server.Ra.Transactions.Count(t => t.Request == CmpBodyType.Kur && t.Confirmed == true), Is.EqualTo(1));
        Assert.That(server.Ra.Records.Select(r => r.Body).Skip(4), Is.EqualTo(new[] { "kur", "kup", "certConf", "pkiconf" }));
    }

    [Test]
    public async Task OpenSsl_refuses_an_ip_signed_outside_the_operator_pki()
    {
        var ra = CmpFixtures.NewRa();
        ra.Misbehaviour = new CmpRaMisbehaviour(CmpResponseProtection.OtherSigner, CmpFixtures.Signer("segw-unknown-issuer"));
        await using var server = new CmpHttpRa(ra, IPAddress.Loopback);
        var key = NewKey("operator.key.pem");
        var (exit, output) = await Task.Run(() => OpenSslTool.Run("cmp", "-cmd", "ir", "-server", Server(server), "-path", "pkix/",
            "-cert", "femto-vendor.crt.pem", "-key", "femto-vendor.key.pem", "-newkey", key,
            "-subject", "/CN=" + CmpFixtures.Identity, "-trusted", "root-a.crt.pem",
            "-certout", Path.Combine(dir, "never.pem"), "-msg_timeout", "10", "-total_timeout", "30"));
        Assert.That(exit, Is.Not.EqualTo(0), output);
        Assert.That(File.Exists(Path.Combine(dir, "never.pem")), Is.False);
        Assert.That(ra.Transactions.Single().Confirmed, Is.Not.True, "openssl must not confirm a certificate from an untrusted RA");
        TestContext.Out.WriteLine(output);
    }
}
