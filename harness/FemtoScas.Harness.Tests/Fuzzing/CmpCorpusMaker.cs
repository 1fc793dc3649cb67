using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Tests.Cmp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Fuzzing;

/// <summary>
/// Writes the cmp-message seed corpus from a real enrolment between the harness RA and the femto
/// client (ir, ip, certConf, pkiconf, kur, kup, an unprotected ip, an error, an ir as an HTTP POST).
/// Explicit: run by name after the format changes, then commit the corpus. Messages only, no key.
/// </summary>
[TestFixture]
[Explicit("writes the cmp-message seed corpus; run by name")]
public sealed class CmpCorpusMaker
{
    [Test]
    public void Make_cmp_message_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "cmp-message");
        Directory.CreateDirectory(dir);
        void Write(string name, byte[] data) => File.WriteAllBytes(Path.Combine(dir, name), data);

        var ra = CmpFixtures.NewRa();
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = ra.Handle(ir);
            var check = client.Check(ip, CmpBodyType.Ip);
            var conf = client.Confirm(check.Certificate!, check.CertReqId);
            Write("ir.der", ir);
            Write("ip.der", ip);
            Write("certconf.der", conf);
            Write("pkiconf.der", ra.Handle(conf));
            Write("error.der", ra.Handle([0x30, 0x03, 0x02, 0x01, 0x02]));
            Write("http-post-ir.bin", [.. Encoding.ASCII.GetBytes($"POST /pkix/ HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nContent-Length: {ir.Length}\r\n\r\n"), .. ir]);

            var current = new CmpEnrolmentClient(CmpSigner.For(check.Certificate!, [], key), CmpFixtures.Identity, [CmpFixtures.Pki["root-a"].CertificateDer]);
            using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var kur = current.Request(CmpBodyType.Kur, next);
            Write("kur.der", kur);
            Write("kup.der", ra.Handle(kur));
        }
        var unprotected = CmpFixtures.NewRa();
        unprotected.Misbehaviour = new CmpRaMisbehaviour(CmpResponseProtection.None);
        var (ir2, key2, _) = CmpFixtures.Ir();
        using (key2) Write("ip-unprotected.der", unprotected.Handle(ir2));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(9));
    }
}
