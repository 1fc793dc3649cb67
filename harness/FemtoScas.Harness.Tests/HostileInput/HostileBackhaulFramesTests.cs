using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// The frames SimFemto's fault hostile-backhaul puts on loopback, read back as the harness reads its
/// capture (Ethernet link type, as libpcap records loopback): every one is an undecodable frame
/// from the DUT, none escapes and none passes for a packet the backhaul checks would classify.
/// </summary>
[TestFixture]
public sealed class HostileBackhaulFramesTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Segw = IPAddress.Parse("127.0.0.1");

    [Test]
    public void Every_frame_of_the_fault_is_undecodable_from_the_DUT_and_makes_a_tunnel_only_check_inconclusive()
    {
        var frames = SimFemtoHostileFrames.Frames(Dut, Segw);
        var path = Path.Combine(Path.GetTempPath(), $"hostile-backhaul-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, EthernetPcap(frames.Select(f => f.Frame)));
        try
        {
            var contents = CaptureContents.Read(path);

            Assert.That(contents.Problem, Is.Null);
            Assert.That(contents.Packets, Is.Empty, string.Join("; ", contents.Packets));
            Assert.That(contents.UndecodableFrom(Dut).Select(f => f.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
            Assert.That(contents.Undecodable[0].Why, Is.EqualTo("IP version 11 in a header the link layer announces as IPv4"));
            Assert.That(contents.Undecodable[3].Why, Does.StartWith("UDP length 65535 beyond the IPv4 payload"));
            var decision = CaptureJudgement.Undecided(CaptureReading.Of(contents, Dut), CaptureDependence.EveryDutFrame, "packets outside IKE/ESP");
            Assert.That(decision!.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(decision.Reason, Does.StartWith("5 frame(s) from the DUT could not be decoded"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Tshark_an_independent_decoder_finds_the_same_frames_broken()
    {
        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed (Debian package tshark)");
        var path = Path.Combine(Path.GetTempPath(), $"hostile-backhaul-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, EthernetPcap(SimFemtoHostileFrames.Frames(Dut, Segw).Select(f => f.Frame)));
        try
        {
            var psi = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-r", path, "-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            Assert.That(p.WaitForExit(60_000), Is.True, "tshark did not finish");
            var flagged = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
            // tshark flags version 11, the short total length, the TCP data offset and the UDP length;
            // it dissects OSPF version 236 as a Hello without complaint, so frame 5 is ours alone.
            Assert.That(flagged, Is.EqualTo(new[] { 1, 2, 3, 4 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A libpcap file, link type Ethernet (1), one record per frame.</summary>
    private static byte[] EthernetPcap(IEnumerable<byte[]> frames)
    {
        using var stream = new MemoryStream();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        stream.Write(header);
        foreach (var frame in frames)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }
        return stream.ToArray();
    }
}
