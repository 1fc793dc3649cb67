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
    }

    [Test]
    public void OnlyHttpDistributionPointsCanBeServed() =>
        Assert.Throws<ArgumentException>(() => _ = new CrlDistributionServer(new Uri("ldap://127.0.0.1/cn=crl"), [1]));
}
