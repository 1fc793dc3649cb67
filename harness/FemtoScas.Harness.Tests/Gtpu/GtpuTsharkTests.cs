using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Gtpu;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Gtpu;

/// <summary>
/// Independent oracle for the GTP-U SimFemto's N3 sends (TS 29.281, TS 38.415): tshark's gtp dissector reads the Echo
/// Request and the G-PDU with its PDU Session Container, the TEID, QFI and the user packet inside, with no malformed
/// packet and no error/warning expert info.
/// </summary>
[TestFixture]
public sealed class GtpuTsharkTests
{
    [Test]
    public async Task Tshark_decodes_echo_and_g_pdu_with_the_pdu_session_container()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var gnb = new IPEndPoint(IPAddress.Parse("10.45.0.2"), GtpuPacket.Port);
        var upf = new IPEndPoint(IPAddress.Parse("10.45.255.1"), GtpuPacket.Port);
        var user = IpPacketSynthesizer.Udp(new IPEndPoint(IPAddress.Parse("10.60.0.1"), 40000), new IPEndPoint(IPAddress.Parse("198.51.100.7"), 9), "probe"u8);
        byte[][] packets =
        [
            IpPacketSynthesizer.Udp(gnb, upf, GtpuPacket.EchoRequest(7)),
            IpPacketSynthesizer.Udp(gnb, upf, GtpuPacket.GPdu(0x00004E33, 5, user)),
            IpPacketSynthesizer.Udp(upf, gnb, GtpuPacket.GPdu(0x5F000001, 5, user, downlink: true)),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-gtpu-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(packets));
            var run = await ExternalTool.RunAsync("tshark", ["-r", path, "-V"], TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            var output = run.StandardOutput;
            TestContext.Out.WriteLine(output);
            Assert.That(output, Does.Contain("Message Type: Echo request (0x01)"));
            Assert.That(output, Does.Contain("Sequence number: 0x0007"));
            Assert.That(output, Does.Contain("Message Type: T-PDU (0xff)"));
            Assert.That(output, Does.Contain("TEID: 0x00004e33"));
            Assert.That(output, Does.Contain("PDU Type: UL PDU SESSION INFORMATION (1)"));
            Assert.That(output, Does.Contain("PDU Type: DL PDU SESSION INFORMATION (0)"), "the harness UPF's downlink G-PDU (air-link user plane)");
            Assert.That(output, Does.Contain("TEID: 0x5f000001"));
            Assert.That(output, Does.Contain("QoS Flow Identifier (QFI): 5"));
            Assert.That(output, Does.Contain("Src: 10.60.0.1, Dst: 198.51.100.7"), "the user packet inside the G-PDU");
            Assert.That(output, Does.Not.Contain("Malformed"));
            Assert.That(output, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_length_field_counts_what_follows_the_mandatory_header()
    {
        var echo = GtpuPacket.EchoRequest(1);
        Assert.That(echo.Length - 8, Is.EqualTo(echo[2] << 8 | echo[3]));
        var gpdu = GtpuPacket.GPdu(1, 1, new byte[300]);
        Assert.That(gpdu.Length - 8, Is.EqualTo(gpdu[2] << 8 | gpdu[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GtpuPacket.GPdu(1, 64, []));
    }

    [Test]
    public void The_UPF_reads_what_the_writer_writes_and_refuses_what_is_not_GTP_U_v1()
    {
        Assert.That(GtpuHeader.Read(GtpuPacket.EchoRequest(9), out _), Is.EqualTo(new GtpuHeader(GtpuPacket.EchoRequestType, 0, 9, 4)));
        Assert.That(GtpuHeader.Read(GtpuPacket.EchoResponse(9), out _)!.MessageType, Is.EqualTo(GtpuPacket.EchoResponseType));
        var gpdu = GtpuHeader.Read(GtpuPacket.GPdu(0x4E33, 1, new byte[20]), out _)!;
        Assert.That((gpdu.MessageType, gpdu.Teid, gpdu.Sequence), Is.EqualTo((GtpuPacket.GPduType, 0x4E33u, (ushort?)null)));

        Assert.That(GtpuHeader.Read([0x32, 1, 0], out var why), Is.Null);
        Assert.That(why, Does.Contain("shorter than the 8-octet"));
        Assert.That(GtpuHeader.Read([0x52, 1, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0], out why), Is.Null, "version 2 is GTPv2-C, not GTP-U");
        var liar = GtpuPacket.EchoRequest(1);
        liar[3] = 200;
        Assert.That(GtpuHeader.Read(liar, out why), Is.Null);
        Assert.That(why, Does.Contain("length field 200"));
        // Bounded property: every truncation and 5000 random datagrams give a header or a reason.
        var random = new Random(29281);
        var inputs = Enumerable.Range(0, liar.Length).Select(n => GtpuPacket.EchoRequest(1)[..n])
            .Concat(Enumerable.Range(0, 5000).Select(_ => { var b = new byte[random.Next(0, 40)]; random.NextBytes(b); if (b.Length > 0 && random.Next(2) == 0) b[0] = 0x32; return b; }));
        foreach (var input in inputs)
            Assert.That(GtpuHeader.Read(input, out why) is not null || why is not null, Is.True);
    }

    /// <summary>
    /// The user packet of a G-PDU (TS 29.281 5.1, 5.2.1) as the air link's NG-RAN node and the harness UPF read it: past the
    /// PDU Session Container of both directions; a zero-length or overlong extension header, or a non-G-PDU, is a reason.
    /// </summary>
    [Test]
    public void The_user_packet_is_read_past_the_extension_headers_and_bad_chains_give_a_reason()
    {
        var user = IpPacketSynthesizer.Udp(new IPEndPoint(IPAddress.Parse("10.60.0.9"), 40000), new IPEndPoint(IPAddress.Parse("198.51.100.7"), 9), "up"u8);
        foreach (var downlink in new[] { false, true })
        {
            Assert.That(GtpuUserPacket.Read(GtpuPacket.GPdu(0x5550, 1, user, downlink), out var teid, out _), Is.EqualTo(user));
            Assert.That(teid, Is.EqualTo(0x5550u));
        }
        Assert.That(GtpuUserPacket.Read(GtpuPacket.EchoRequest(1), out _, out var why), Is.Null);
        Assert.That(why, Does.Contain("not a G-PDU"));
        var zero = GtpuPacket.GPdu(1, 1, user);
        zero[12] = 0;
        Assert.That(GtpuUserPacket.Read(zero, out _, out why), Is.Null);
        Assert.That(why, Does.Contain("length 0"));
        var overlong = GtpuPacket.GPdu(1, 1, []);
        overlong[12] = 9;
        Assert.That(GtpuUserPacket.Read(overlong, out _, out why), Is.Null);
        Assert.That(why, Does.Contain("runs past the datagram"));
        // Bounded property: every truncation and bit flip of a G-PDU gives a user packet within it or a reason.
        var gpdu = GtpuPacket.GPdu(7, 1, user);
        var random = new Random(38415);
        var inputs = Enumerable.Range(0, gpdu.Length).Select(n => gpdu[..n])
            .Concat(Enumerable.Range(0, 4000).Select(_ => { var b = (byte[])gpdu.Clone(); b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8)); return b; }));
        foreach (var input in inputs)
        {
            var read = GtpuUserPacket.Read(input, out _, out why);
            Assert.That(read is not null ? read.Length <= input.Length - 8 : why is not null, Is.True);
        }
    }
}
