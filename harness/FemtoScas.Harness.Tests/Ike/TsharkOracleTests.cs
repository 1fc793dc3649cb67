using System.Buffers.Binary;
using System.Diagnostics;
using FemtoScas.Harness.Ike.Codec;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>
/// Independent oracle: tshark's IKEv2 dissector must read what our writer produced. The pcap is
/// classic libpcap with LINKTYPE_RAW (101): each record is a bare IPv4 packet.
/// </summary>
[TestFixture]
public sealed class TsharkOracleTests
{
    private const string Tshark = "/usr/bin/tshark";

    [Test]
    public void Tshark_decodes_an_ike_sa_init_written_by_the_codec()
    {
        if (!File.Exists(Tshark))
        {
            Assert.Ignore($"{Tshark} is not installed; the independent decoder check cannot run");
        }

        var ike = IkeMessageWriter.Write(SamplePayloads.IkeSaInitRequest(
            NotifyPayload.Of(NotifyMessageType.NatDetectionSourceIp, SamplePayloads.Bytes(20, 1)),
            NotifyPayload.Of(NotifyMessageType.Ikev2FragmentationSupported)));
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-ike-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write([Ipv4Udp(ike)]));
            string output = RunTshark(path);

            Assert.That(output, Does.Contain("Exchange type: IKE_SA_INIT (34)"));
            Assert.That(output, Does.Contain("Payload: Security Association (33)"));
            Assert.That(output, Does.Contain("Payload: Key Exchange (34)"));
            Assert.That(output, Does.Contain("Payload: Nonce (40)"));
            Assert.That(output, Does.Contain("NAT_DETECTION_SOURCE_IP"));
            Assert.That(output, Does.Contain("IKEV2_FRAGMENTATION_SUPPORTED"));
            Assert.That(output, Does.Contain("AES-GCM with a 16 octet ICV (20)"));
            Assert.That(output, Does.Contain("Key Length: 256"));
            Assert.That(output, Does.Not.Contain("Malformed"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RunTshark(string path)
    {
        var start = new ProcessStartInfo(Tshark, ["-r", path, "-V", "-Y", "isakmp"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Tshark}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{Tshark} did not finish within 30 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Tshark} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>IPv4 (127.0.0.2 -> 127.0.0.1) + UDP 500 -> 500 around the IKE octets; UDP checksum 0 = none.</summary>
    private static byte[] Ipv4Udp(byte[] ike)
    {
        var udp = new byte[8 + ike.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 500);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), 500);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        ike.CopyTo(udp, 8);
        return ClassicPcap.Ipv4(17, fromFemto: true, udp);
    }
}
