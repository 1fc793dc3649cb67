using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Pdcp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>tshark 4.0.17 over an in-process air link's frames with a private profile holding the UE's key table (one row per C-RNTI): its frames, verbose, one string each.</summary>
internal static class AirTsharkDecode
{
    /// <summary>The frames <paramref name="link"/> carried, decoded with NEA2/NIA2 and <paramref name="keys"/>; asserts tshark read every frame.</summary>
    public static List<string> Frames(AirLinkTests.Link link, IReadOnlyList<(ushort UeId, AsKeyExport Keys)> keys, string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        try
        {
            var profile = Path.Combine(directory.FullName, "config", "wireshark");
            WiresharkPdcpKeyTable.Write(profile, keys);
            var pcap = Path.Combine(directory.FullName, "air.pcap");
            File.WriteAllBytes(pcap, ClassicPcap.Write(link.Carried.Select(c => ClassicPcap.Ipv4(17, fromFemto: c.ToUe, AirTsharkOracleTests.Udp(c.Datagram)))));
            var output = TsharkRun.Output(["-r", pcap, "-V", .. WiresharkPdcpKeyTable.TsharkOptions(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)],
                new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(directory.FullName, "config"), ["HOME"] = Path.Combine(directory.FullName, "config") }, "FEMTOSCAS_KEEP_AIR_ORACLE");
            var frames = TsharkRun.SplitFrames(output);
            Assert.That(frames, Has.Count.EqualTo(link.Carried.Count), output);
            return frames;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
