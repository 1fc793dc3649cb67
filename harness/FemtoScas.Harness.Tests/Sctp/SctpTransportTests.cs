using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Sctp;
using System.Diagnostics;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>
/// The same stack over real carriers: SCTP over UDP on 127.0.0.1 (RFC 6951), and tshark as an independent
/// decoder of the packets usrsctp emitted.
/// </summary>
[TestFixture]
public sealed class SctpTransportTests
{
    private const string Tshark = "/usr/bin/tshark";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task An_association_over_rfc6951_udp_on_loopback_carries_ngap_both_ways()
    {
        var stack = SctpLinkPair.RequireStack();
        using var femtoUdp = new SctpUdpEncapsulation(new IPEndPoint(IPAddress.Loopback, 0));
        using var amfUdp = new SctpUdpEncapsulation(new IPEndPoint(IPAddress.Loopback, 0));
        femtoUdp.ConnectTo(amfUdp.LocalEndPoint);
        amfUdp.ConnectTo(femtoUdp.LocalEndPoint);
        using var femto = stack.CreateEndpoint(femtoUdp.Send, "femto-udp");
        using var amf = stack.CreateEndpoint(amfUdp.Send, "amf-udp");
        femtoUdp.Attach(femto);
        amfUdp.Attach(amf);

        using var listener = amf.Listen(SctpLinkPair.NextPort());
        var connect = await femto.ConnectAsync(0, listener.Port, Wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Up), connect.Reason);
        using var client = connect.Association!;
        var accept = await listener.AcceptAsync(Wait);
        Assert.That(accept.Status, Is.EqualTo(SctpAcceptStatus.Accepted), accept.Reason);
        using var server = accept.Association!;

        Assert.That((await client.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 0x00, 0x15, 0x00 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        var atAmf = await server.ReceiveAsync(Wait);
        Assert.That((atAmf.Message?.StreamId, atAmf.Message?.Ppid), Is.EqualTo(((ushort?)0, (uint?)60)), atAmf.Reason);
        Assert.That((await server.SendAsync(1, SctpMessage.NgapPpid, new byte[] { 0x20, 0x15, 0x00 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        var atFemto = await client.ReceiveAsync(Wait);
        Assert.That((atFemto.Message?.StreamId, atFemto.Message?.Payload), Is.EqualTo(((ushort?)1, new byte[] { 0x20, 0x15, 0x00 })), atFemto.Reason);
        Assert.That(femtoUdp.ForeignDatagrams + amfUdp.ForeignDatagrams, Is.Zero);
    }

    [Test]
    public async Task Tshark_decodes_the_handshake_and_ngap_data_the_stack_emitted()
    {
        if (!File.Exists(Tshark))
        {
            Assert.Ignore($"{Tshark} is not installed; the independent decoder check cannot run");
        }

        using var pair = new SctpLinkPair(SctpLinkPair.RequireStack());
        using var listener = pair.B.Listen(38412);
        var connect = await pair.A.ConnectAsync(0, 38412, Wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Up), connect.Reason);
        using var client = connect.Association!;
        using var server = (await listener.AcceptAsync(Wait)).Association!;
        Assert.That((await client.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 0x00, 0x15, 0x00, 0x00 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        Assert.That((await server.ReceiveAsync(Wait)).Status, Is.EqualTo(SctpReceiveStatus.Message));
        await Task.Delay(300); // let the SACK (delayed up to 200 ms, RFC 9260 6.2) be recorded too

        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-sctp-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(pair.Recorded.Select(r => ClassicPcap.Ipv4(132, r.FromA, r.Packet))));
            // The payload is four placeholder bytes, not an NGAP PDU: NGAP's dissector is off so only SCTP is judged.
            // CRC32c checking is on (RFC 9260 6.8), so a bad checksum would show as expert info.
            var output = RunTshark(path, "-V", "-o", "sctp.checksum:CRC-32C", "--disable-protocol", "ngap");
            Assert.That(output, Does.Contain("INIT chunk"), output);
            Assert.That(output, Does.Contain("INIT_ACK chunk"));
            Assert.That(output, Does.Contain("COOKIE_ECHO chunk"));
            Assert.That(output, Does.Contain("COOKIE_ACK chunk"));
            Assert.That(output, Does.Contain("DATA chunk"));
            Assert.That(output, Does.Contain("Payload protocol identifier: NGAP (60)"));
            Assert.That(output, Does.Contain("Destination port: 38412"));
            Assert.That(output, Does.Contain("[Checksum Status: Good]"), "tshark recomputed usrsctp's CRC32c");
            Assert.That(output, Does.Not.Contain("Malformed"));
            Assert.That(output, Does.Not.Contain("[Expert Info (Error"), "no error-level expert info (bad checksum, bad length)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RunTshark(string path, params string[] options)
    {
        var start = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-r");
        start.ArgumentList.Add(path);
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            Assert.Fail($"{Tshark} did not finish within 30 s");
        }

        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        return stdout.Result;
    }
}
