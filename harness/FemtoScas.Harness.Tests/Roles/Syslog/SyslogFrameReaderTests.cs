using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Roles.Syslog;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Syslog;

public sealed class SyslogFrameReaderTests
{
    private static readonly string Message = "<84>1 2026-12-07T01:32:35.130Z femto.local gui - LOGIN-FAILED - login of lab failed";

    private static byte[] OctetCounted(string m) => Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(m)} {m}");

    private static List<string> FeedWhole(SyslogFrameReader r, byte[] octets) => [.. r.Feed(octets).Select(f => Encoding.UTF8.GetString(f))];

    private static List<string> FeedOctetByOctet(SyslogFrameReader r, byte[] octets) =>
        [.. octets.SelectMany(b => r.Feed([b])).Select(f => Encoding.UTF8.GetString(f))];

    [Test]
    public void Splits_octet_counted_frames_whole_and_octet_by_octet_alike()
    {
        var stream = OctetCounted(Message).Concat(OctetCounted("<13>1 - - - - - - second\nwith a newline inside")).ToArray();
        var whole = FeedWhole(new SyslogFrameReader(octetCountingOnly: true), stream);
        var single = FeedOctetByOctet(new SyslogFrameReader(octetCountingOnly: true), stream);
        Assert.That(whole, Is.EqualTo(new[] { Message, "<13>1 - - - - - - second\nwith a newline inside" }));
        Assert.That(single, Is.EqualTo(whole));
    }

    [Test]
    public void Splits_non_transparent_frames_on_plain_tcp_only()
    {
        var stream = Encoding.UTF8.GetBytes(Message + "\n" + Message + "\n");
        Assert.That(FeedWhole(new SyslogFrameReader(octetCountingOnly: false), stream), Is.EqualTo(new[] { Message, Message }));
        var tls = new SyslogFrameReader(octetCountingOnly: true);
        Assert.That(tls.Feed(stream), Is.Empty);
        Assert.That(tls.Problem, Does.Contain("RFC 5425 4.3"));
    }

    [TestCase("9000 <13>1", "over the 8192")]
    [TestCase("12345", "more than 4 digits")]
    [TestCase("12x <13>", "MSG-LEN holds the octet 0x78")]
    [TestCase("0 <13>", "neither a MSG-LEN digit")]
    [TestCase(" <13>", "neither a MSG-LEN digit")]
    public void Refuses_a_broken_frame_and_reads_no_further(string text, string reason)
    {
        var r = new SyslogFrameReader(octetCountingOnly: true);
        Assert.That(r.Feed(Encoding.ASCII.GetBytes(text)), Is.Empty);
        Assert.That(r.Problem, Does.Contain(reason));
        Assert.That(r.Feed(OctetCounted(Message)), Is.Empty, "after a framing problem nothing more is read");
    }

    [Test]
    public void A_non_transparent_message_without_its_lf_is_bounded()
    {
        var r = new SyslogFrameReader(octetCountingOnly: false);
        Assert.That(r.Feed(Encoding.ASCII.GetBytes("<13>" + new string('a', SyslogMessage.MaxOctets + 10))), Is.Empty);
        Assert.That(r.Problem, Does.Contain("no LF within 8192"));
    }

    [Test]
    public void Random_streams_give_frames_or_a_problem_the_same_in_any_pieces()
    {
        var rng = new Random(6587);
        for (var i = 0; i < 500; i++)
        {
            var octets = new byte[rng.Next(0, 400)];
            rng.NextBytes(octets);
            if (i % 2 == 0) OctetCounted(Message).Take(octets.Length).ToArray().CopyTo(octets, 0);
            var (a, b) = (new SyslogFrameReader(i % 3 == 0), new SyslogFrameReader(i % 3 == 0));
            var whole = FeedWhole(a, octets);
            var split = new List<string>();
            for (var at = 0; at < octets.Length;)
            {
                var n = Math.Min(rng.Next(1, 40), octets.Length - at);
                split.AddRange(b.Feed(octets.AsSpan(at, n)).Select(f => Encoding.UTF8.GetString(f)));
                at += n;
            }
            Assert.That(split, Is.EqualTo(whole));
            Assert.That(b.Problem, Is.EqualTo(a.Problem));
        }
    }

    /// <summary>Independent oracle: util-linux logger with RFC 6587 octet counting over TCP, read by the plain stream collector.</summary>
    [Test]
    public async Task Tcp_collector_reads_what_util_linux_logger_sends_octet_counted()
    {
        if (!File.Exists("/usr/bin/logger")) Assert.Ignore("util-linux logger is not installed");
        await using var collector = SyslogCollector.StartStream(new IPEndPoint(IPAddress.Loopback, 0), null, maxMessages: 3);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var psi = new ProcessStartInfo("/usr/bin/logger", ["--rfc5424", "-T", "--octet-count", "-n", "127.0.0.1", "-P", collector.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", "femtoscas-test", "--msgid", "LOGIN", "-p", "authpriv.warning", $"login of lab-{token} failed"])
        { RedirectStandardError = true, UseShellExecute = false };
        using (var p = Process.Start(psi)!)
        {
            Assert.That(p.WaitForExit(10_000), Is.True, "logger did not finish");
            Assert.That(p.ExitCode, Is.Zero, p.StandardError.ReadToEnd());
        }
        var got = await collector.WaitAsync(r => r.Count > 0, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(got, Has.Count.EqualTo(1));
        Assert.That(got[0].Transport, Is.EqualTo(SyslogTransport.Tcp));
        Assert.That(got[0].Problem, Is.Null, got[0].Raw);
        Assert.That((got[0].Message!.MsgId, got[0].Message!.Severity, got[0].Message!.Text), Is.EqualTo(("LOGIN", 4, $"login of lab-{token} failed")));
        Assert.That(got[0].Protection, Is.Null);
    }

    /// <summary>
    /// Independent oracle: OpenSSL's s_client speaks TLS to the collector (certificate from the test PKI's
    /// root A) and sends two octet-counted frames; the collector records both with the version and suite
    /// OpenSSL reports having negotiated.
    /// </summary>
    [Test]
    public async Task Tls_collector_reads_frames_from_openssl_and_records_the_protection()
    {
        if (!File.Exists("/usr/bin/openssl")) Assert.Ignore("openssl is not installed");
        var pkiDir = TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory);
        if (pkiDir is null) Assert.Ignore("no fixtures/pki");
        var pki = TestPki.Load(pkiDir!);
        var credentials = TlsServerCredentials.Issued("syslog.operator-a.test", pki["root-a"].CertificateDer, pki["root-a"].PrivateKeyPkcs8);
        await using var collector = SyslogCollector.StartStream(new IPEndPoint(IPAddress.Loopback, 0), credentials, maxMessages: 5);
        var second = "<86>1 2026-12-07T01:32:36.000Z femto.local gui - LOGIN - login of lab";
        var psi = new ProcessStartInfo("/usr/bin/openssl", ["s_client", "-connect", $"127.0.0.1:{collector.EndPoint.Port}", "-servername", "syslog.operator-a.test",
            "-CAfile", Path.Combine(pkiDir!, "root-a.crt.pem"), "-verify_return_error", "-brief"])
        { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        string report;
        using (var p = Process.Start(psi)!)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            await p.StandardInput.BaseStream.WriteAsync(OctetCounted(Message).Concat(OctetCounted(second)).ToArray());
            await p.StandardInput.BaseStream.FlushAsync();
            await collector.WaitAsync(r => r.Count >= 2, TimeSpan.FromSeconds(10), CancellationToken.None);
            p.StandardInput.Close();
            Assert.That(p.WaitForExit(10_000), Is.True, "openssl s_client did not finish");
            report = await stderr;
        }
        var got = collector.Received;
        Assert.That(got.Select(r => r.Message?.MsgId), Is.EqualTo(new[] { "LOGIN-FAILED", "LOGIN" }), report);
        Assert.That(got.All(r => r.Transport == SyslogTransport.Tls));
        // OpenSSL's -brief report: "Protocol version: TLSv1.3" and "Ciphersuite: TLS_AES_256_GCM_SHA384".
        var version = report.Split('\n').First(l => l.StartsWith("Protocol version:", StringComparison.Ordinal)).Split(':')[1].Trim().Replace("TLSv", "TLS ", StringComparison.Ordinal);
        var suite = report.Split('\n').First(l => l.StartsWith("Ciphersuite:", StringComparison.Ordinal)).Split(':')[1].Trim();
        Assert.That((got[0].TlsVersion, got[0].TlsSuite), Is.EqualTo((version, suite)), report);
        Assert.That(collector.Connections.Single().Tls!.Detail, Is.EqualTo("handshake completed"));
    }

    [Test]
    public async Task Tls_collector_records_a_client_that_refuses_its_certificate()
    {
        var pkiDir = TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory);
        if (pkiDir is null) Assert.Ignore("no fixtures/pki");
        var pki = TestPki.Load(pkiDir!);
        var untrusted = TlsServerCredentials.Issued("syslog.operator-a.test", pki["root-unknown"].CertificateDer, pki["root-unknown"].PrivateKeyPkcs8);
        await using var collector = SyslogCollector.StartStream(new IPEndPoint(IPAddress.Loopback, 0), untrusted, maxMessages: 5);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(collector.EndPoint);
            var policy = new TlsClientPolicy(["TLS 1.2", "TLS 1.3"], null, [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)], "syslog.operator-a.test");
            Assert.Throws<IOException>(() => TlsTestClient.Connect(tcp.GetStream(), policy));
        }
        for (var i = 0; i < 100 && collector.Connections.Count == 0; i++) await Task.Delay(50);
        Assert.That(collector.Connections, Has.Count.EqualTo(1));
        Assert.That(collector.Connections.Single().Tls, Is.Not.Null);
        Assert.That(collector.Connections.Single().Tls!.Stream, Is.Null);
        Assert.That(collector.Connections.Single().Tls!.ClientRefused, Is.True);
        Assert.That(collector.Connections.Single().Tls!.Detail, Does.Contain("unknown_ca"));
        Assert.That(collector.Received, Is.Empty);
    }
}
