using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.Tls;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>The prober against a BouncyCastle server with a known set of versions.</summary>
[TestFixture]
public sealed class TlsProberTests
{
    private static (TcpListener Listener, Task Loop, CancellationTokenSource Stop, List<string> Errors) Serve(IReadOnlyList<string> versions)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var creds = TlsServerCredentials.SelfSigned("probe.test");
        var stop = new CancellationTokenSource();
        var errors = new List<string>();
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await listener.AcceptTcpClientAsync(stop.Token); }
                catch (OperationCanceledException) { return; }
                using (c)
                {
                    try
                    {
                        using var app = TlsTestServer.Accept(c.GetStream(), creds, versions);
                    }
                    catch (Exception ex)
                    {
                        lock (errors) errors.Add(ex.ToString());
                    }
                }
            }
        });
        return (listener, loop, stop, errors);
    }

    [TestCase("TLS 1.2")]
    [TestCase("TLS 1.3")]
    public void A_served_version_is_accepted(string version)
    {
        var (listener, loop, stop, errors) = Serve(["TLS 1.2", "TLS 1.3"]);
        try
        {
            var outcome = TlsProber.Probe((IPEndPoint)listener.LocalEndpoint, version, null, "probe.test", TimeSpan.FromSeconds(5), null, CancellationToken.None);
            Assert.That(outcome.Accepted, Is.True, outcome.Detail + string.Join("\n", errors));
            Assert.That(outcome.NegotiatedVersion, Is.EqualTo(version));
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
        }
    }

    [Test]
    public void A_version_not_served_is_refused_and_a_served_one_is_accepted()
    {
        var (listener, loop, stop, errors) = Serve(["TLS 1.0", "TLS 1.2"]);
        try
        {
            var ep = (IPEndPoint)listener.LocalEndpoint;
            var v11 = TlsProber.Probe(ep, "TLS 1.1", null, null, TimeSpan.FromSeconds(5), null, CancellationToken.None);
            var v10 = TlsProber.Probe(ep, "TLS 1.0", null, null, TimeSpan.FromSeconds(5), null, CancellationToken.None);
            Assert.That(v11.Accepted, Is.False, v11.Detail);
            Assert.That(v10.Accepted, Is.True, v10.Detail + string.Join("\n", errors));
            Assert.That(v10.NegotiatedVersion, Is.EqualTo("TLS 1.0"));
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
        }
    }

    [Test]
    public void A_closed_port_is_reported_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ep = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        var outcome = TlsProber.Probe(ep, "TLS 1.2", null, null, TimeSpan.FromSeconds(2), null, CancellationToken.None);
        Assert.That(outcome.Unreachable, Is.True, outcome.Detail);
    }
}
