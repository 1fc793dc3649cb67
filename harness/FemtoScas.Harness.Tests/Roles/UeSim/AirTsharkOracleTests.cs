using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Pdcp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Independent oracle for the air link's evidence: tshark 4.0.17 reads a whole RRC connection between SimFemto's gNB
/// AS and the harness UE simulator (RRCSetupRequest and RRCSetup on SRB0 in the PDCP-NR-over-UDP framing with bearer
/// type CCCH, then SRB1 PDCP), and with the UE's <c>pdcp_nr_ue_keys</c> table deciphers the NEA2 SRB1 PDUs after the
/// SecurityModeCommand and verifies their NIA2 MAC-I.
/// </summary>
[TestFixture]
public sealed class AirTsharkOracleTests
{
    [Test]
    public void Tshark_shows_every_rrc_message_of_the_air_link_and_verifies_the_protected_ones()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = new AirLinkTests.Link();
        link.ConnectAndSecure();
        link.Gnb.DownlinkNas(AirLinkTests.UeAddress, [0x7E, 0x00, 0x64, 0x6F]);
        link.Pump();
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x60]);
        link.Pump();
        Assert.That(link.Ue.KeysForKeyTable(), Is.Not.Null);

        var directory = Directory.CreateTempSubdirectory("femtoscas-air-oracle-");
        try
        {
            var profile = Path.Combine(directory.FullName, "config", "wireshark");
            WiresharkPdcpKeyTable.Write(profile, [(link.Ue.UeId, link.Ue.KeysForKeyTable()!)]);
            var pcap = Path.Combine(directory.FullName, "air.pcap");
            File.WriteAllBytes(pcap, ClassicPcap.Write(link.Carried.Select(c => ClassicPcap.Ipv4(17, fromFemto: c.ToUe, Udp(c.Datagram)))));
            var output = TsharkRun.Output(["-r", pcap, "-V", .. WiresharkPdcpKeyTable.TsharkOptions(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)],
                new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(directory.FullName, "config"), ["HOME"] = Path.Combine(directory.FullName, "config") }, "FEMTOSCAS_KEEP_AIR_ORACLE");
            var frames = TsharkRun.SplitFrames(output);
            Assert.That(frames, Has.Count.EqualTo(link.Carried.Count));
            // SRB0: tshark 4.0.17 reads the framing (bearer type CCCH) but then takes the payload for a PDCP PDU and hands
            // nothing to NR RRC, so the SRB0 messages are not dissected from the air frames (the RRC capture shows them).
            for (var i = 0; i < 2; i++)
                Assert.That(frames[i], Does.Contain("[Bearer type: CCCH (4)]").And.Not.Contain("NR Radio Resource Control"), $"frame {i + 1}:\n{frames[i]}");
            string[] messages = ["rrcSetupComplete", "securityModeCommand", "securityModeComplete", "dlInformationTransfer", "ulInformationTransfer"];
            for (var i = 0; i < messages.Length; i++)
                Assert.That(frames[i + 2], Does.Contain($"c1: {messages[i]} (").And.Not.Contain("Malformed"), $"frame {i + 3}:\n{frames[i + 2]}");
            // After the SMC: ciphered with NEA2 and MAC-I verified by tshark with our keys.
            foreach (var i in new[] { 4, 5, 6 })
                Assert.That(frames[i], Does.Contain("[Matches calculated result]"), $"frame {i + 1}:\n{frames[i]}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static byte[] Udp(byte[] payload)
    {
        var udp = new byte[8 + payload.Length];
        udp[0] = 0x9C; udp[1] = 0x40;
        udp[2] = 0x15; udp[3] = 0xE0; // 5600, SimFemto's air port
        udp[4] = (byte)(udp.Length >> 8); udp[5] = (byte)udp.Length;
        payload.CopyTo(udp, 8);
        return udp;
    }
}
