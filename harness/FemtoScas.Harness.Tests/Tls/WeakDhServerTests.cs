using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>
/// The misconfigured server SimFemto's fault gui-weak-dh-group uses, checked by an independent
/// client: OpenSSL sees the 1024-bit group in a DHE_RSA handshake, and still connects with ECDHE.
/// Also the curve restriction: a client offering only sect163k1 gets no handshake.
/// </summary>
[TestFixture]
public sealed class WeakDhServerTests
{
    private static async Task<(string Out, int Exit)> OpenSsl(int port, params string[] extra)
    {
        var run = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "simfemto.local", .. extra],
            TimeSpan.FromSeconds(20), CancellationToken.None, versionArgument: "version");
        return (run.StandardOutput + run.StandardError, run.ExitCode);
    }

    private static (TcpListener Listener, Task Serving) Serve(Func<Stream, Stream> accept, int connections)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < connections; i++)
            {
                using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
                client.ReceiveTimeout = 5000;
                try
                {
                    using var app = accept(client.GetStream());
                    app.Write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
                }
                catch (Exception ex) when (ex is IOException or Org.BouncyCastle.Tls.TlsException)
                {
                }
            }
        });
        return (listener, serving);
    }

    [Test]
    public async Task OpenSsl_sees_the_1024_bit_group_of_a_DHE_handshake_and_connects_with_ECDHE()
    {
        if (!ExternalTool.IsInstalled("openssl")) Assert.Ignore("openssl is not installed");
        var credentials = TlsServerCredentials.SelfSignedRsa("simfemto.local");
        var (listener, serving) = Serve(s => TlsTestServer.AcceptWithDhGroup(s, credentials, ["TLS 1.2"], [0xC030, 0xC02F, 0x009E, 0x009F],
            Org.BouncyCastle.Tls.Crypto.DHStandardGroups.rfc2409_1024), 2);
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var dhe = await OpenSsl(port, "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0");
            Assert.That(dhe.Out, Does.Contain("Server Temp Key: DH, 1024 bits"), dhe.Out);
            var usual = await OpenSsl(port);
            Assert.That(usual.Out, Does.Contain("Cipher is ECDHE-RSA-AES256-GCM-SHA384"), usual.Out);
        }
        finally
        {
            listener.Stop();
            try { await serving.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException) { }
        }
    }

    [Test]
    public async Task A_client_offering_only_a_weak_curve_gets_no_handshake()
    {
        if (!ExternalTool.IsInstalled("openssl")) Assert.Ignore("openssl is not installed");
        var credentials = TlsServerCredentials.SelfSigned("simfemto.local");
        var (listener, serving) = Serve(s => TlsTestServer.Accept(s, credentials, ["TLS 1.2", "TLS 1.3"]), 2);
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var weak = await OpenSsl(port, "-tls1_2", "-curves", "secp224r1", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0");
            Assert.That(weak.Out, Does.Not.Contain("Cipher is ECDHE"), weak.Out);
            var strong = await OpenSsl(port, "-tls1_2", "-curves", "prime256v1");
            Assert.That(strong.Out, Does.Contain("Server Temp Key: ECDH, prime256v1, 256 bits"), strong.Out);
        }
        finally
        {
            listener.Stop();
            try { await serving.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException) { }
        }
    }
}
