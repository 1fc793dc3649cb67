using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Tests.Pki;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Segw;

/// <summary>
/// The HTTP OCSP responder (RFC 6960 A.1) with openssl as the client: POST with a nonce, the
/// answer verified by openssl (signature, delegated responder, nonce) with the status root A's
/// CRL implies; GET with the base64 request; every query recorded.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class OcspHttpResponderTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static (int Exit, string Output) OpenSsl(params string[] args) => FemtoScas.Harness.Tests.Pki.OpenSslTool.Run(args);

    [TestCase("segw-ecdsa", "good")]
    [TestCase("segw-revoked", "revoked")]
    public async Task OpenSslQueriesByPostAndVerifiesTheAnswer(string certificate, string status)
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort()}/ocsp");
        await using var responder = new OcspHttpResponder(uri, TestPkiOcsp.RootAResponder(PkiFixtures.Set));

        var (exit, output) = await Task.Run(() => OpenSsl("ocsp", "-url", uri.ToString(), "-issuer", "root-a.crt.pem", "-cert", certificate + ".crt.pem",
            "-CAfile", "root-a.crt.pem", "-timeout", "10"));

        Assert.That(output, Does.Contain("Response verify OK"), output);
        Assert.That(output, Does.Contain($"{certificate}.crt.pem: {status}"), output);
        Assert.That(output, Does.Not.Contain("WARNING: no nonce"), "the request's nonce is echoed (RFC 6960 4.4.1)");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(responder.Queries, Has.Count.EqualTo(1));
        Assert.That(responder.Queries[0].Method, Is.EqualTo("POST"));
        Assert.That(responder.Queries[0].Serials, Is.EqualTo(new[] { PkiFixtures.Set[certificate].SerialHex.TrimStart('0') }));
        Assert.That(responder.Queries[0].Answer, Does.EndWith(status));
    }

    [Test]
    public async Task GetWithABase64RequestIsAnsweredAndUnknownSerialsSayUnknown()
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-ocsp-get-");
        try
        {
            var requestFile = Path.Combine(work.FullName, "req.der");
            // segw-root-b is not root A's: its CertID names another issuer, so the answer is unknown.
            var (exit, output) = OpenSsl("ocsp", "-issuer", "root-a.crt.pem", "-cert", "segw-ecdsa.crt.pem", "-issuer", "root-b.crt.pem", "-cert", "segw-root-b.crt.pem",
                "-no_nonce", "-reqout", requestFile);
            Assert.That(exit, Is.EqualTo(0), output);

            var uri = new Uri($"http://127.0.0.1:{FreePort()}/ocsp/");
            await using var responder = new OcspHttpResponder(uri, TestPkiOcsp.RootAResponder(PkiFixtures.Set));
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            var reply = await client.GetAsync(new Uri(uri, Uri.EscapeDataString(Convert.ToBase64String(await File.ReadAllBytesAsync(requestFile)))));
            var der = await reply.Content.ReadAsByteArrayAsync();

            Assert.That(reply.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/ocsp-response"));
            var set = PkiFixtures.Set;
            var good = OcspResponseVerifier.Verify(der, set["segw-ecdsa"].CertificateDer, set["root-a"].CertificateDer, new OcspVerifyOptions(DateTimeOffset.UtcNow));
            Assert.That(good.Problem, Is.Null, good.Detail);
            Assert.That(good.Status, Is.EqualTo(OcspCertStatus.Good));
            Assert.That(responder.Queries.Single().Method, Is.EqualTo("GET"));
            Assert.That(responder.Queries.Single().Answer, Does.Contain("1003: unknown"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Test]
    public async Task GarbageGetsMalformedRequest()
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort()}/ocsp");
        await using var responder = new OcspHttpResponder(uri, TestPkiOcsp.RootAResponder(PkiFixtures.Set));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var reply = await client.PostAsync(uri, new ByteArrayContent([1, 2, 3]));
        var check = OcspResponseVerifier.Verify(await reply.Content.ReadAsByteArrayAsync(), PkiFixtures.Set["segw-ecdsa"].CertificateDer,
            PkiFixtures.Set["root-a"].CertificateDer, new OcspVerifyOptions(DateTimeOffset.UtcNow));
        Assert.That(check.Problem, Is.EqualTo("not-successful"));
        Assert.That(check.Detail, Does.Contain("malformedRequest"));
        Assert.That(responder.Queries.Single().Answer, Does.StartWith("malformedRequest"));
    }

    [Test]
    public async Task AClientThatNeverFinishesItsBodyIsCutOffAndTheNextOneIsServed()
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort()}/ocsp");
        await using var responder = new OcspHttpResponder(uri, TestPkiOcsp.RootAResponder(PkiFixtures.Set));
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, uri.Port);
        var head = $"POST /ocsp HTTP/1.1\r\nHost: 127.0.0.1:{uri.Port}\r\nContent-Type: application/ocsp-request\r\nContent-Length: 1000\r\n\r\n\u0030\u0082";
        await slow.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));

        var clock = Stopwatch.StartNew();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var reply = await client.PostAsync(uri, new ByteArrayContent([1, 2, 3]));
        clock.Stop();

        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second client is answered (malformedRequest in an OCSP response)");
        Assert.That(clock.Elapsed, Is.LessThan(OcspHttpResponder.RequestTimeLimit + TimeSpan.FromSeconds(10)));
        Assert.That(responder.Queries[0].HttpStatus, Is.EqualTo(408));
        Assert.That(responder.Queries[0].Answer, Does.Contain("not complete within"));
        Assert.That(responder.Queries[1].Answer, Does.StartWith("malformedRequest"));
    }
}
