using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Roles.Ra;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>CMP over HTTP (RFC 6712) on loopback: a whole enrolment, and the transport's bounds.</summary>
[TestFixture]
public sealed class CmpHttpRaTests
{
    [Test]
    public async Task Enrolment_over_http_on_loopback()
    {
        await using var server = new CmpHttpRa(CmpFixtures.NewRa(), IPAddress.Loopback);
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var (ipDer, problem) = await CmpHttp.PostAsync(server.Uri, ir, TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.That(problem, Is.Null);
            var ip = client.Check(ipDer!, CmpBodyType.Ip);
            Assert.That(ip.Problems, Is.Empty);
            var (conf, _) = await CmpHttp.PostAsync(server.Uri, client.Confirm(ip.Certificate!, ip.CertReqId), TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.That(client.CheckConfirmation(conf!), Is.Empty);
            Assert.That(server.Ra.Transactions.Single().Confirmed, Is.True);
        }
    }

    [TestCase("GET /pkix/ HTTP/1.1\r\nHost: x\r\n\r\n", 405)]
    [TestCase("POST /other/ HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", 404)]
    [TestCase("POST /pkix/ HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413)]
    [TestCase("POST /pkix/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411)]
    [TestCase("POST /pkix/ HTTP/9.9\r\n\r\n", 505)]
    public async Task The_transport_refuses_what_is_not_cmp_over_http(string request, int status)
    {
        await using var server = new CmpHttpRa(CmpFixtures.NewRa(), IPAddress.Loopback);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var n = await stream.ReadAsync(buffer, cts.Token);
        Assert.That(Encoding.ASCII.GetString(buffer, 0, n), Does.StartWith($"HTTP/1.1 {status} "));
        Assert.That(server.Ra.Records, Is.Empty, "nothing reached the RA");
        Assert.That(server.Refusals.Single().Status, Is.EqualTo(status));
    }

    [Test]
    public void The_ra_never_listens_on_every_interface()
    {
        Assert.Throws<ArgumentException>(() => _ = new CmpHttpRa(CmpFixtures.NewRa(), IPAddress.Any));
    }
}

/// <summary>Oracle: tshark's own CMP dissector decodes the RA's HTTP exchanges recorded into the case's pcapng.</summary>
[TestFixture]
public sealed class CmpTsharkTests
{
    private static string Tshark(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(60_000), Is.True, "tshark did not finish");
        return output.Result;
    }

    [Test]
    public async Task Tshark_decodes_the_recorded_enrolment_as_cmp()
    {
        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed (Debian package tshark)");
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-cmp-{Guid.NewGuid():N}.pcapng");
        try
        {
            int port;
            using (var recorder = new FemtoScas.Harness.Capture.SelfRecorder(path))
            {
                await using var server = new CmpHttpRa(CmpFixtures.NewRa(), IPAddress.Loopback, recorder: recorder);
                port = server.Uri.Port;
                var (ir, key, client) = CmpFixtures.Ir();
                using (key)
                {
                    var (ipDer, _) = await CmpHttp.PostAsync(server.Uri, ir, TimeSpan.FromSeconds(10), CancellationToken.None);
                    var ip = client.Check(ipDer!, CmpBodyType.Ip);
                    await CmpHttp.PostAsync(server.Uri, client.Confirm(ip.Certificate!, ip.CertReqId), TimeSpan.FromSeconds(10), CancellationToken.None);
                }
                await Task.Delay(200);
            }
            var decoded = Tshark("-r", path, "-d", $"tcp.port=={port},http", "-Y", "cmp", "-T", "fields", "-e", "cmp.body");
            TestContext.Out.WriteLine(decoded);
            var bodies = decoded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
            // PKIBody choice numbers as tshark names them: ir (0), ip (1), certConf (24), pkiconf (19).
            Assert.That(bodies, Is.EqualTo(new[] { "0", "1", "24", "19" }), decoded);
        }
        finally { File.Delete(path); }
    }
}
