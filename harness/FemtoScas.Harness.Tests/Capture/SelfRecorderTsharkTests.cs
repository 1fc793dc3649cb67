using System.Diagnostics;
using System.Net;
using System.Text;
using FemtoScas.Harness.Capture;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Capture;

/// <summary>The self-recorded pcapng must open in tshark (an independent decoder), with the exact payloads.</summary>
[TestFixture]
public sealed class SelfRecorderTsharkTests
{
    private static string Tshark(params string[] args)
    {
        var psi = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(60_000), Is.True, "tshark did not finish");
        Assert.That(p.ExitCode, Is.Zero, error.Result);
        return output.Result;
    }

    [Test]
    public void Tshark_decodes_recorded_udp_and_tcp_with_exact_payloads()
    {
        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed (Debian package tshark)");
        var path = Path.Combine(Path.GetTempPath(), $"selfrec-{Guid.NewGuid():N}.pcapng");
        var harness = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40000);
        var dut = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 500);
        var gui = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 8443);
        try
        {
            using (var rec = new SelfRecorder(path))
            {
                rec.Datagram(harness, dut, Encoding.ASCII.GetBytes("hello-dut"), "probe");
                rec.Datagram(dut, harness, Encoding.ASCII.GetBytes("hello-harness"));
                var flow = rec.Connected(new IPEndPoint(harness.Address, 40001), gui, "tcp flow");
                flow.Sent(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
                flow.Received(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n"));
                flow.Close();
                rec.Refused(harness, new IPEndPoint(dut.Address, 23));
            }
            var udp = Tshark("-r", path, "-Y", "udp", "-T", "fields", "-e", "ip.src", "-e", "udp.dstport", "-e", "udp.payload", "-e", "udp.checksum.status",
                "-o", "udp.check_checksum:TRUE");
            Assert.That(udp, Does.Contain("127.0.0.1\t500\t" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes("hello-dut"))));
            Assert.That(udp, Does.Contain("127.0.0.2\t40000\t" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes("hello-harness"))));
            Assert.That(udp, Does.Not.Contain("\t0\n"), "tshark found a bad UDP checksum (status 0 = bad):\n" + udp);

            var http = Tshark("-r", path, "-d", "tcp.port==8443,http", "-Y", "http", "-T", "fields", "-e", "http.request.method", "-e", "http.response.code");
            Assert.That(http, Does.Contain("GET").And.Contain("200"));

            var rst = Tshark("-r", path, "-Y", "tcp.flags.reset==1", "-T", "fields", "-e", "tcp.srcport");
            Assert.That(rst.Trim(), Is.EqualTo("23"));

            var comments = Tshark("-r", path, "-Y", "frame.comment", "-T", "fields", "-e", "frame.comment");
            Assert.That(comments, Does.Contain("probe").And.Contain("tcp flow"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_packet_recorded_after_the_fact_keeps_the_time_it_was_sent()
    {
        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed (Debian package tshark)");
        var path = Path.Combine(Path.GetTempPath(), $"selfrec-{Guid.NewGuid():N}.pcapng");
        var sent = new DateTimeOffset(2026, 12, 7, 14, 30, 5, TimeSpan.Zero).AddTicks(1234560);   // .123456 s
        try
        {
            using (var rec = new SelfRecorder(path))
            {
                rec.IpPacket(IpPacketSynthesizer.Udp(new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 9999), [1, 2, 3]), "air frame", sent);
            }
            var epoch = Tshark("-r", path, "-T", "fields", "-e", "frame.time_epoch").Trim();
            Assert.That(epoch, Does.StartWith($"{sent.ToUnixTimeSeconds()}.123456"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
