using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Segw;

public sealed class CrlDistributionServerTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task ServesTheCrlAtItsPathAndRecordsEveryRequest()
    {
        byte[] crl = [0x30, 0x03, 0x02, 0x01, 0x01];
        var uri = new Uri($"http://127.0.0.1:{FreePort()}/crl/root-a.crl");
        await using var server = new CrlDistributionServer(uri, crl);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

        var fetched = await client.GetAsync(uri);
        var missing = await client.GetAsync(new Uri(uri, "/crl/other.crl"));

        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fetched.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pkix-crl"));
        Assert.That(await fetched.Content.ReadAsByteArrayAsync(), Is.EqualTo(crl));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(server.Fetches.Select(f => (f.Path, f.Status)), Is.EqualTo(new[] { ("/crl/root-a.crl", 200), ("/crl/other.crl", 404) }));
        Assert.That(server.Fetches.Select(f => f.AnsweredIn), Has.All.Not.Null.And.All.LessThan(TimeSpan.FromSeconds(5)), "each answer's duration is recorded");
    }

    [Test]
    public async Task A_client_that_keeps_its_connection_gets_every_fetch_answered_at_once()
    {
        // A DUT's HTTP client pools connections; each fetch of the distribution point is answered on a connection the server
        // then closes, so no later fetch waits on a kept-alive one (a validation run saw such a fetch go unanswered for 2 s).
        byte[] crl = [0x30, 0x03, 0x02, 0x01, 0x01];
        var uri = new Uri($"http://127.0.0.1:{FreePort()}/crl/root-a.crl");
        await using var server = new CrlDistributionServer(uri, crl);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 3; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var fetched = await client.GetAsync(uri);
            Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await fetched.Content.ReadAsByteArrayAsync(), Is.EqualTo(crl));
            Assert.That(fetched.Headers.ConnectionClose, Is.True, "the server closes the connection after each answer");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), $"fetch {i + 1}");
            await Task.Delay(300);
        }
        Assert.That(server.Fetches, Has.Count.EqualTo(3));
    }

    [Test]
    public void OnlyHttpDistributionPointsCanBeServed() =>
        Assert.Throws<ArgumentException>(() => _ = new CrlDistributionServer(new Uri("ldap://127.0.0.1/cn=crl"), [1]));
}
