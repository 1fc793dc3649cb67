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
