using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Judgements;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>The ClientHello reader on hand-built, BouncyCastle and OpenSSL hellos, cut and mutated ones; the judgement against the TS 33.210 profile.</summary>
[TestFixture]
public sealed class ClientHelloTests
{
    private static TlsProfile Profile => TlsProfile.Load(Path.Combine(FemtoScas.Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json"));

    /// <summary>A ClientHello in one handshake record: legacy version, suites, extensions (type, data).</summary>
    internal static byte[] Build(ushort legacy, ushort[] suites, params (ushort Type, byte[] Data)[] extensions)
    {
        var body = new List<byte> { (byte)(legacy >> 8), (byte)legacy };
        body.AddRange(new byte[32]);            // random
        body.Add(0);                            // session_id <0..32>
        body.AddRange(U16(suites.Length * 2));
        foreach (var s in suites) body.AddRange(U16(s));
        body.AddRange([1, 0]);                  // compression_methods: null
        if (extensions.Length > 0)
        {
            var ext = new List<byte>();
            foreach (var (type, data) in extensions) { ext.AddRange(U16(type)); ext.AddRange(U16(data.Length)); ext.AddRange(data); }
            body.AddRange(U16(ext.Count));
            body.AddRange(ext);
        }
        var hs = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count };
        hs.AddRange(body);
        return [22, 3, 1, .. U16(hs.Count), .. hs];
    }

    private static byte[] U16(int v) => [(byte)(v >> 8), (byte)v];

    private static (ushort, byte[]) SupportedVersions(params ushort[] versions) =>
        (43, [(byte)(versions.Length * 2), .. versions.SelectMany(v => U16(v))]);

    private static (ushort, byte[]) Sni(string host)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(host);
        return (0, [.. U16(name.Length + 3), 0, .. U16(name.Length), .. name]);
    }

    [Test]
    public void A_TLS_1_3_hello_with_supported_versions_and_SNI_is_read()
    {
        var bytes = Build(0x0303, [0x1301, 0x0A0A, 0x00FF], Sni("acs.operator-a.test"), SupportedVersions(0x2A2A, 0x0304, 0x0303));
        var read = ClientHelloReader.Read(bytes);
        Assert.That(read.Problems, Is.Empty);
        var hello = read.Hello!;
        Assert.That(hello.SupportedVersions, Is.EqualTo(new ushort[] { 0x2A2A, 0x0304, 0x0303 }));
        Assert.That(hello.SignalledVersions, Is.EqualTo(new ushort[] { 0x0304, 0x0303 }), "GREASE is no version");
        Assert.That(hello.RealCipherSuites, Is.EqualTo(new ushort[] { 0x1301 }), "GREASE and the renegotiation SCSV are no suites");
        Assert.That(hello.ServerName, Is.EqualTo("acs.operator-a.test"));
        Assert.That(ClientHelloJudgement.Judge(hello, Profile).Conforms, Is.True);
    }

    [Test]
    public void A_hello_without_supported_versions_signals_its_legacy_version_only()
    {
        var hello = ClientHelloReader.Read(Build(0x0303, [0xC02B])).Hello!;
        Assert.That(hello.SupportedVersions, Is.Null);
        Assert.That(hello.SignalledVersions, Is.EqualTo(new ushort[] { 0x0303 }));
        var judgement = ClientHelloJudgement.Judge(hello, Profile);
        Assert.That(judgement.Conforms, Is.True);
        Assert.That(judgement.LowerVersionsUnknown, Is.True);
    }

    [Test]
    public void A_hello_offering_TLS_1_0_or_a_CBC_suite_breaks_the_profile()
    {
        var old = ClientHelloJudgement.Judge(ClientHelloReader.Read(Build(0x0301, [0xC02B])).Hello!, Profile);
        Assert.That(old.Violations, Has.Some.Contains("TLS 1.0"));
        var listed = ClientHelloJudgement.Judge(ClientHelloReader.Read(Build(0x0303, [0xC02B, 0xC009], SupportedVersions(0x0303, 0x0301))).Hello!, Profile);
        Assert.That(listed.Violations, Has.Some.Contains("offers TLS 1.0"));
        Assert.That(listed.Violations, Has.Some.Contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"));
    }

    [Test]
    public void A_hello_split_over_two_records_is_put_together()
    {
        var whole = Build(0x0303, [0x1301], SupportedVersions(0x0304));
        var handshake = whole[5..];
        byte[] split = [22, 3, 1, .. U16(10), .. handshake[..10], 22, 3, 1, .. U16(handshake.Length - 10), .. handshake[10..]];
        var read = ClientHelloReader.Read(split);
        Assert.That(read.Problems, Is.Empty);
        Assert.That(read.Hello!.SupportedVersions, Is.EqualTo(new ushort[] { 0x0304 }));
    }

    [Test]
    public void Every_truncation_gives_problems_and_never_an_exception()
    {
        var whole = Build(0x0303, [0x1301, 0xC02B], Sni("a.test"), SupportedVersions(0x0304, 0x0303));
        for (int n = 0; n < whole.Length; n++)
        {
            var read = ClientHelloReader.Read(whole.AsSpan(0, n));
            Assert.That(read.Problems, Is.Not.Empty, $"cut at {n}");
            Assert.That(read.Problems.All(p => p.Offset >= 0 && p.Offset <= n), Is.True, $"offsets within the octets at cut {n}: {string.Join("; ", read.Problems)}");
        }
        Assert.That(ClientHelloReader.Read(whole).Problems, Is.Empty);
    }

    [Test]
    public void Other_first_octets_are_findings()
    {
        Assert.That(ClientHelloReader.Read("POST /cwmp HTTP/1.1\r\n"u8).Problems[0].Problem, Does.Contain("not handshake"));
        Assert.That(ClientHelloReader.Read([0x80, 0x2e, 0x01, 0x03, 0x01]).Problems.Single().Problem, Does.Contain("SSL 2.0"));
    }

    [Test]
    public void The_reader_never_throws_on_random_or_mutated_octets()
    {
        var valid = Build(0x0303, [0x1301, 0xC02B, 0xC02C], Sni("acs.operator-a.test"), SupportedVersions(0x0304, 0x0303));
        var clock = Stopwatch.StartNew();
        var config = Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var bytes = valid.ToArray();
            if (seed % 3 == 0) { bytes = new byte[random.Next(0, 300)]; random.NextBytes(bytes); if (bytes.Length > 0) bytes[0] = 22; }
            else for (int i = random.Next(1, 6); i > 0; i--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var read = ClientHelloReader.Read(bytes.AsSpan(0, random.Next(bytes.Length + 1)));
            return read.Hello is not null || read.Problems.Count > 0;
        }));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Accepts one connection and returns the first octets the client sends (its ClientHello), then closes.</summary>
    private static async Task<byte[]> FirstFlightAsync(TcpListener listener, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        using var client = await listener.AcceptTcpClientAsync(cts.Token);
        var buffer = new byte[16384];
        var got = new List<byte>();
        var stream = client.GetStream();
        while (got.Count < 5 || got.Count < 5 + ((got[3] << 8) | got[4]))
        {
            int n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0) break;
            got.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return [.. got];
    }

    [Test]
    public async Task The_harness_TLS_client_is_read_and_judged_by_its_policy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var ep = (IPEndPoint)listener.LocalEndpoint;
            async Task<ClientHello> HelloOf(TlsClientPolicy policy)
            {
                var capture = FirstFlightAsync(listener, TimeSpan.FromSeconds(10));
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(ep);
                var connect = Task.Run(() => { try { TlsTestClient.Connect(tcp.GetStream(), policy); } catch (IOException) { } });
                var bytes = await capture;
                tcp.Close();
                await connect;
                var read = ClientHelloReader.Read(bytes);
                Assert.That(read.Problems, Is.Empty);
                return read.Hello!;
            }

            var good = await HelloOf(new TlsClientPolicy(["TLS 1.2", "TLS 1.3"], null, [], "acs.operator-a.test"));
            Assert.That(good.SignalledVersions.Select(ClientHello.VersionName), Is.EquivalentTo(new[] { "TLS 1.2", "TLS 1.3" }));
            Assert.That(good.ServerName, Is.EqualTo("acs.operator-a.test"));
            Assert.That(ClientHelloJudgement.Judge(good, Profile).Violations, Is.Empty);

            var weak = await HelloOf(new TlsClientPolicy(["TLS 1.0", "TLS 1.2"], [.. TlsClientPolicy.ModernSuites.Skip(3), CipherSuiteNames.Number("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")!.Value], [], null));
            var verdict = ClientHelloJudgement.Judge(weak, Profile);
            Assert.That(verdict.Violations, Has.Some.Contains("TLS 1.0").Or.Some.Contains("CBC"), string.Join("; ", verdict.Violations));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Test]
    public async Task OpenSSL_s_client_hello_is_read()
    {
        if (!File.Exists("/usr/bin/openssl")) Assert.Ignore("openssl is not installed");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var capture = FirstFlightAsync(listener, TimeSpan.FromSeconds(10));
            var psi = new ProcessStartInfo("openssl", $"s_client -connect 127.0.0.1:{port} -servername acs.operator-a.test -tls1_3")
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var openssl = Process.Start(psi)!;
            var bytes = await capture;
            listener.Stop();
            if (!openssl.WaitForExit(5000)) openssl.Kill();
            var read = ClientHelloReader.Read(bytes);
            Assert.That(read.Problems, Is.Empty);
            Assert.That(read.Hello!.SupportedVersions, Is.EqualTo(new ushort[] { 0x0304 }));
            Assert.That(read.Hello.ServerName, Is.EqualTo("acs.operator-a.test"));
            Assert.That(read.Hello.RealCipherSuites.Select(s => CipherSuiteNames.Name(s)), Does.Contain("TLS_AES_256_GCM_SHA384"));
            Assert.That(ClientHelloJudgement.Judge(read.Hello, Profile).Conforms, Is.True, "OpenSSL's TLS 1.3-only hello offers only the profile's 1.3 suites");
        }
        finally
        {
            listener.Stop();
        }
    }
}
