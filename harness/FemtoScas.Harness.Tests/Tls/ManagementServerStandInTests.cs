using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Roles.Management;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>The management server stand-in against the harness TLS client in its conformant and weakened policies.</summary>
[TestFixture]
public sealed class ManagementServerStandInTests
{
    private static TestPkiSet Pki => TestPki.Load(TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)!);
    private const string Host = "acs.operator-a.test";

    private static TlsClientPolicy Conformant => new(["TLS 1.2", "TLS 1.3"], null, [.. Pki.OperatorTrustAnchors.Select(e => e.CertificateDer)], Host);

    private static StandInSetup Setup(string name, IReadOnlyList<string> versions, string root, IReadOnlyList<int>? suites = null) =>
        new(name, versions, suites, TlsServerCredentials.Issued(Host, Pki[root].CertificateDer, Pki[root].PrivateKeyPkcs8), name);

    private static async Task<(StandInConnection? Server, string Client)> TryAsync(StandInSetup setup, TlsClientPolicy policy)
    {
        await using var standIn = ManagementServerStandIn.TryStart(new IPEndPoint(IPAddress.Loopback, 0), setup, TimeSpan.FromSeconds(3), out var why)!;
        Assert.That(standIn, Is.Not.Null, why);
        var ep = standIn.EndPoint;
        string client;
        using (var tcp = new TcpClient { ReceiveTimeout = 3000, SendTimeout = 3000 })
        {
            await tcp.ConnectAsync(ep);
            try
            {
                using var app = TlsTestClient.Connect(tcp.GetStream(), policy);
                app.Write("POST /cwmp HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"u8);
                client = "completed";
            }
            catch (IOException ex)
            {
                client = ex.Message;
            }
        }
        return (await standIn.WaitForAsync(setup.Name, _ => true, TimeSpan.FromSeconds(5), CancellationToken.None), client);
    }

    [Test]
    public async Task A_conformant_client_completes_with_the_conformant_server_and_sends_its_inform()
    {
        var (server, client) = await TryAsync(Setup("conformant", ["TLS 1.2", "TLS 1.3"], "root-a"), Conformant);
        Assert.That(client, Is.EqualTo("completed"));
        Assert.That(server!.HandshakeCompleted, Is.True, server.Detail);
        Assert.That(server.ApplicationOctets, Is.GreaterThan(0), server.Detail);
    }

    [Test]
    public async Task A_conformant_client_refuses_TLS_1_0_only_an_unknown_root_and_suites_outside_the_profile()
    {
        var (v10, _) = await TryAsync(Setup("old", ["TLS 1.0", "TLS 1.1"], "root-a"), Conformant);
        Assert.That(v10!.HandshakeCompleted, Is.False, v10.Detail);
        var (unknown, why) = await TryAsync(Setup("unknown", ["TLS 1.2", "TLS 1.3"], "root-unknown"), Conformant);
        Assert.That(unknown!.HandshakeCompleted, Is.False, unknown.Detail);
        Assert.That(why, Does.Contain("untrusted-issuer").Or.Contain("unknown_ca"));
        var cbc = CipherSuiteNames.Number("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")!.Value;
        var (suites, _) = await TryAsync(Setup("cbc", ["TLS 1.2"], "root-a", [cbc]), Conformant);
        Assert.That(suites!.HandshakeCompleted, Is.False, suites.Detail);
    }

    [TestCase("TLS 1.2")]
    [TestCase("TLS 1.3")]
    public async Task A_server_that_asks_gets_the_client_s_device_certificate_and_a_client_without_one_still_completes(string version)
    {
        var ask = Setup("conformant", [version], "root-a") with { AskClientCertificate = true };
        var device = Pki["femto-ecdsa"];
        var (mutual, _) = await TryAsync(ask, Conformant with { ClientCertificate = TlsServerCredentials.FromDer(device.CertificateDer, device.PrivateKeyPkcs8) });
        Assert.That(mutual!.HandshakeCompleted, Is.True, mutual.Detail);
        Assert.That(mutual.ClientChain.Single(), Is.EqualTo(device.CertificateDer));
        var (anonymous, _) = await TryAsync(ask, Conformant);
        Assert.That(anonymous!.HandshakeCompleted, Is.True, anonymous.Detail);
        Assert.That(anonymous.ClientChain, Is.Empty);
    }

    /// <summary>OpenSSL's s_client as an independent client: it verifies the conformant stand-in's certificate against root A and refuses the unknown-root one.</summary>
    [Test]
    public async Task OpenSSL_s_client_accepts_the_conformant_stand_in_and_refuses_the_unknown_root()
    {
        if (!File.Exists("/usr/bin/openssl")) Assert.Ignore("openssl is not installed");
        var rootA = Path.Combine(Pki.Directory, "root-a.crt.pem");
        async Task<(StandInConnection? Server, string Output)> OpensslAsync(StandInSetup setup)
        {
            await using var standIn = ManagementServerStandIn.TryStart(new IPEndPoint(IPAddress.Loopback, 0), setup, TimeSpan.FromSeconds(3), out var why)!;
            Assert.That(standIn, Is.Not.Null, why);
            var psi = new System.Diagnostics.ProcessStartInfo("openssl",
                $"s_client -connect {standIn.EndPoint} -servername {Host} -CAfile {rootA} -verify_return_error -verify_hostname {Host} -ign_eof")
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var openssl = System.Diagnostics.Process.Start(psi)!;
            var stdout = openssl.StandardOutput.ReadToEndAsync();
            var stderr = openssl.StandardError.ReadToEndAsync();
            await openssl.StandardInput.WriteAsync("POST /cwmp HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            openssl.StandardInput.Close();
            if (!openssl.WaitForExit(10_000)) openssl.Kill();
            return (await standIn.WaitForAsync(setup.Name, _ => true, TimeSpan.FromSeconds(5), CancellationToken.None), await stdout + await stderr);
        }

        var (good, goodOut) = await OpensslAsync(Setup("conformant", ["TLS 1.2", "TLS 1.3"], "root-a"));
        Assert.That(good!.HandshakeCompleted, Is.True, good.Detail + "\n" + goodOut);
        Assert.That(goodOut, Does.Contain("Verify return code: 0 (ok)"));
        var (bad, badOut) = await OpensslAsync(Setup("unknown", ["TLS 1.2", "TLS 1.3"], "root-unknown"));
        Assert.That(bad!.HandshakeCompleted, Is.False, bad.Detail + "\n" + badOut);
    }

    [Test]
    public async Task Weakened_clients_complete_where_they_must_not()
    {
        var weak = Conformant with { Versions = ["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"], Suites = [.. TlsClientPolicy.ModernSuites, CipherSuiteNames.Number("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")!.Value] };
        var (v10, _) = await TryAsync(Setup("old", ["TLS 1.0", "TLS 1.1"], "root-a"), weak);
        Assert.That(v10!.HandshakeCompleted, Is.True, v10.Detail);
        var (unknown, _) = await TryAsync(Setup("unknown", ["TLS 1.2", "TLS 1.3"], "root-unknown"), Conformant with { TrustAnchors = null });
        Assert.That(unknown!.HandshakeCompleted, Is.True, unknown.Detail);
    }
}
