using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Sealing;
using Org.BouncyCastle.Tsp;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// RFC 3161 timestamps at sealing, against a REAL independent TSA: <c>openssl ts -reply</c> with a
/// throw-away TSA certificate, behind a loopback HTTP listener; <c>openssl ts -verify</c> is the
/// oracle on the token FemtoScas stored. Hostile TSA answers give a deviation, never an exception.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TimestampTests
{
    private string openssl = "";
    private string pki = "";

    [OneTimeSetUp]
    public void MakeTsa()
    {
        openssl = FemtoScas.Harness.Tools.ToolVersions.Which("openssl") ?? "";
        if (openssl.Length == 0) Assert.Ignore("openssl is not installed: the independent TSA and oracle are missing");
        pki = Directory.CreateTempSubdirectory("femtoscas-tsa-").FullName;
        Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsaca.key", "-out", "tsaca.pem",
            "-days", "2", "-subj", "/CN=Test TSA Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Test TSA");
        File.WriteAllText(Path.Combine(pki, "ext.cnf"), "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n");
        Ssl("x509", "-req", "-in", "tsa.csr", "-CA", "tsaca.pem", "-CAkey", "tsaca.key", "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "ext.cnf");
        File.WriteAllText(Path.Combine(pki, "serial"), "01\n");
        File.WriteAllText(Path.Combine(pki, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa1
            [ tsa1 ]
            dir = {pki}
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            accuracy = secs:1
            ordering = yes
            tsa_name = no
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
    }

    [OneTimeTearDown]
    public void RemoveTsa()
    {
        if (pki.Length > 0) Directory.Delete(pki, recursive: true);
    }

    private string Ssl(params string[] args) => SealAndVerifyTests.OpenSsl(openssl, pki, args);

    /// <summary>openssl's answer to <paramref name="query"/>.</summary>
    private byte[] Reply(byte[] query)
    {
        var q = Path.Combine(pki, $"q-{Guid.NewGuid():N}.tsq");
        var r = Path.ChangeExtension(q, ".tsr");
        File.WriteAllBytes(q, query);
        Ssl("ts", "-reply", "-config", Path.Combine(pki, "tsa.cnf"), "-queryfile", q, "-out", r);
        return File.ReadAllBytes(r);
    }

    /// <summary>A loopback HTTP TSA answering each POST with <paramref name="answer"/>(request octets); at most 4 requests, 60 s.</summary>
    private static (string Url, Task Serving, HttpListener Listener) Serve(Func<byte[], byte[]> answer)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = $"http://127.0.0.1:{port}/";
        var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 4 && listener.IsListening; i++)
            {
                HttpListenerContext ctx;
                try { ctx = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60)); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or TimeoutException) { return; }
                using var body = new MemoryStream();
                await ctx.Request.InputStream.CopyToAsync(body);
                var ok = ctx.Request.ContentType == "application/timestamp-query";
                var reply = ok ? answer(body.ToArray()) : [];
                ctx.Response.StatusCode = ok ? 200 : 415;
                ctx.Response.ContentType = "application/timestamp-reply";
                await ctx.Response.OutputStream.WriteAsync(reply);
                ctx.Response.Close();
            }
        });
        return (url, serving, listener);
    }

    private static byte[] Imprint(byte[] query) => new TimeStampRequest(query).GetMessageImprintDigest();

    [Test]
    public void ASealedRunGetsATokenThatOpensslVerifiesAndVerifyShows()
    {
        using var run = new SyntheticRun();
        var (url, serving, listener) = Serve(Reply);
        try
        {
            var lab = Lab(url, withCa: true);
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, LabFile.Load(lab), printPdf: false);
            var tsr = Path.Combine(run.Directory, RunManifest.TimestampFileName);
            Assert.That(tsr, Does.Exist);
            Assert.That(summary.Seal!.Gaps, Has.None.Contains("timestamp"));
            // The independent oracle: openssl checks imprint against the manifest (unsigned run) and the TSA chain.
            var text = SealAndVerifyTests.OpenSsl(openssl, run.Directory,
                ["ts", "-verify", "-data", RunManifest.FileName, "-in", RunManifest.TimestampFileName, "-CAfile", Path.Combine(pki, "tsaca.pem")]);
            Assert.That(text, Does.Contain("Verification: OK"));
            var check = BundleVerifier.Verify(run.Directory, requireSignature: false);
            Assert.That(check.Problems, Is.Empty);
            Assert.That(check.Notes, Has.Some.Contains("RFC 3161 timestamp over manifest.json").And.Some.Contains("Test TSA"));

            // verify --tsa-ca: the TSA's root chains (as openssl just said); an unrelated root does not, for openssl nor for verify.
            var trusted = BundleVerifier.Verify(run.Directory, requireSignature: false, tsaCa: TrustAnchor.Load(Path.Combine(pki, "tsaca.pem")));
            Assert.That(trusted.Problems, Is.Empty);
            Assert.That(trusted.Notes, Has.Some.Contains("manifest.tsr: the TSA chains to"));
            Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "unrelated.key", "-out", "unrelated.pem",
                "-days", "2", "-subj", "/CN=Unrelated Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
            SealAndVerifyTests.OpenSsl(openssl, run.Directory,
                ["ts", "-verify", "-data", RunManifest.FileName, "-in", RunManifest.TimestampFileName, "-CAfile", Path.Combine(pki, "unrelated.pem")], expectedExit: 1);
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: false, tsaCa: TrustAnchor.Load(Path.Combine(pki, "unrelated.pem"))).Problems,
                Has.One.StartsWith("untrusted timestamp: manifest.tsr: TSA 'CN=Test TSA'").And.Contains("unrelated.pem"));

            // A token over something else: both openssl and verify refuse it.
            var other = Reply(RunTimestamp.NewRequest(RunTimestamp.Imprint("other"u8.ToArray())).GetEncoded());
            File.WriteAllBytes(tsr, other);
            SealAndVerifyTests.OpenSsl(openssl, run.Directory,
                ["ts", "-verify", "-data", RunManifest.FileName, "-in", RunManifest.TimestampFileName, "-CAfile", Path.Combine(pki, "tsaca.pem")], expectedExit: 1);
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: false).Problems, Has.Some.StartsWith("bad timestamp: manifest.tsr over manifest.json"));
        }
        finally
        {
            listener.Stop();
            serving.Wait(TimeSpan.FromSeconds(10));
            File.Delete(RunSeal.ArchivePathFor(run.Directory));
        }
    }

    [Test]
    public void ASignedRunIsStampedOverItsSignature()
    {
        using var run = new SyntheticRun();
        var (url, serving, listener) = Serve(Reply);
        try
        {
            Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "signing.key", "-out", "signing.pem",
                "-days", "2", "-subj", "/CN=Test Lab Signing", "-addext", "keyUsage=critical,digitalSignature");
            var lab = Path.Combine(pki, "signed-lab.json");
            File.WriteAllText(lab, $$"""
                { "name": "Test Lab", "address": "1 Test Street", "accreditationId": "none (test)", "customer": "Test Customer",
                  "signing": { "key": "signing.key", "certificate": "signing.pem" }, "timestampUrl": "{{url}}" }
                """);
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, LabFile.Load(lab), printPdf: false);
            Assert.That(summary.Seal!.Signature, Does.Exist);
            var text = SealAndVerifyTests.OpenSsl(openssl, run.Directory,
                ["ts", "-verify", "-data", RunManifest.SignatureFileName, "-in", RunManifest.TimestampFileName, "-CAfile", Path.Combine(pki, "tsaca.pem")]);
            Assert.That(text, Does.Contain("Verification: OK"));
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: true).Notes, Has.Some.Contains("RFC 3161 timestamp over manifest.p7s"));
            // The token in the archive too.
            Assert.That(BundleVerifier.Verify(summary.Seal.Archive, requireSignature: true).Problems, Is.Empty);

            // A token over the manifest instead of the signature is refused by verify and by openssl.
            var overManifest = Reply(RunTimestamp.NewRequest(RunTimestamp.Imprint(File.ReadAllBytes(summary.Seal.Manifest))).GetEncoded());
            File.WriteAllBytes(Path.Combine(run.Directory, RunManifest.TimestampFileName), overManifest);
            SealAndVerifyTests.OpenSsl(openssl, run.Directory,
                ["ts", "-verify", "-data", RunManifest.SignatureFileName, "-in", RunManifest.TimestampFileName, "-CAfile", Path.Combine(pki, "tsaca.pem")], expectedExit: 1);
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: true).Problems, Has.Some.StartsWith("bad timestamp: manifest.tsr over manifest.p7s"));

            // The last byte (inside the token's signature value) flipped: the token no longer verifies.
            var flipped = Reply(RunTimestamp.NewRequest(RunTimestamp.Imprint(File.ReadAllBytes(summary.Seal.Signature!))).GetEncoded());
            flipped[^1] ^= 0x01;
            File.WriteAllBytes(Path.Combine(run.Directory, RunManifest.TimestampFileName), flipped);
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: true).Problems, Has.Some.StartsWith("bad timestamp: manifest.tsr"));
        }
        finally
        {
            listener.Stop();
            serving.Wait(TimeSpan.FromSeconds(10));
            File.Delete(RunSeal.ArchivePathFor(run.Directory));
        }
    }

    private static IEnumerable<TestCaseData> Hostile()
    {
        yield return new TestCaseData("garbage", "not a readable RFC 3161 answer").SetName("Garbage");
        yield return new TestCaseData("wrong-nonce", "nonce").SetName("WrongNonce");
        yield return new TestCaseData("wrong-imprint", "imprint").SetName("WrongImprint");
        yield return new TestCaseData("oversized", "65536").SetName("Oversized");
        yield return new TestCaseData("other-ca", "not issued by the configured TSA CA").SetName("SignerNotFromTheConfiguredCa");
    }

    [TestCaseSource(nameof(Hostile))]
    public void AHostileTsaGivesAStatedDeviationNeverAnException(string mode, string reason)
    {
        using var run = new SyntheticRun();
        var asked = 0;
        var (url, serving, listener) = Serve(query =>
        {
            Interlocked.Increment(ref asked);
            return mode switch
            {
            "garbage" => "HTTP/1.1 200 not a TimeStampResp \u0030\u0082\u00ff\u00ff"u8.ToArray(),
            "wrong-nonce" => Reply(RunTimestamp.NewRequest(Imprint(query)).GetEncoded()),
            "wrong-imprint" => Reply(new TimeStampRequestGenerator().Generate(TspAlgorithms.Sha256, RunTimestamp.Imprint("x"u8.ToArray()), new TimeStampRequest(query).Nonce).GetEncoded()),
            "oversized" => new byte[RunTimestamp.MaxResponseBytes + 1],
                _ => Reply(query),
            };
        });
        try
        {
            var lab = Lab(url, withCa: true, otherCa: mode == "other-ca");
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, LabFile.Load(lab), printPdf: false);
            Assert.That(Path.Combine(run.Directory, RunManifest.TimestampFileName), Does.Not.Exist);
            Assert.That(summary.Seal!.Gaps, Has.One.StartsWith("DEVIATION: no RFC 3161 timestamp:").And.Contains(reason));
            TestContext.Out.WriteLine(string.Join("\n", summary.Seal.Gaps));
            var check = BundleVerifier.Verify(run.Directory, requireSignature: false);
            Assert.That(check.Problems, Is.Empty, "an unstamped seal still verifies; the deviation is stated at sealing");

            // The deviation is in every report (rewritten after the first seal) and in the manifest that seals them, the same text;
            // the TSA was asked once (the second seal does not ask again).
            var deviation = summary.Seal.TimestampDeviation!;
            Assert.That(deviation, Does.StartWith("no RFC 3161 timestamp:").And.Contains(reason));
            Assert.That(RunManifest.Parse(File.ReadAllBytes(summary.Seal.Manifest), [])!.TimestampDeviation, Is.EqualTo(deviation));
            Assert.That(check.Notes, Has.Some.Contains("DEVIATION recorded at sealing: " + deviation));
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
            Assert.That(json.RootElement.GetProperty("deviations").EnumerateArray().Select(d => d.GetString()), Has.Member("sealing: " + deviation));
            Assert.That(File.ReadAllText(summary.ComplianceHtml), Does.Contain("<li>sealing: no RFC 3161 timestamp"));
            Assert.That(File.ReadAllText(summary.JUnitXml), Does.Contain("sealing: no RFC 3161 timestamp"));
            Assert.That(Volatile.Read(ref asked), Is.EqualTo(1));
        }
        finally
        {
            listener.Stop();
            serving.Wait(TimeSpan.FromSeconds(10));
            File.Delete(RunSeal.ArchivePathFor(run.Directory));
        }
    }

    [Test]
    public void AnUnreachableTsaIsADeviation()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (response, check) = RunTimestamp.Request($"http://127.0.0.1:{port}/", RunTimestamp.Imprint([1]), null);
        Assert.That(response, Is.Null);
        Assert.That(check.Problem, Does.Contain("could not be asked"));
    }

    private string Lab(string url, bool withCa, bool otherCa = false)
    {
        var ca = "tsaca.pem";
        if (otherCa)
        {
            Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "other.key", "-out", "other.pem",
                "-days", "2", "-subj", "/CN=Other Root");
            ca = "other.pem";
        }
        var lab = Path.Combine(pki, $"lab-{Guid.NewGuid():N}.json");
        File.WriteAllText(lab, $$"""
            { "name": "Test Lab", "address": "1 Test Street", "accreditationId": "none (test)", "customer": "Test Customer",
              "timestampUrl": "{{url}}"{{(withCa ? $", \"timestampCaCertificate\": \"{ca}\"" : "")}} }
            """);
        return lab;
    }
}
