using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Pdcp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Execution;

/// <summary>The evidence README explains the air link's PDCP-NR key table when the folder holds one, and only then.</summary>
[TestFixture]
public sealed class DecryptionGuidePdcpTests
{
    [Test]
    public void The_readme_says_how_to_load_pdcp_nr_ue_keys()
    {
        var with = DecryptionGuide.Readme("TS33511-4.2.2.1.1", "T", "evidence/TS33511-4.2.2.1.1/T", new SegwPorts([500], [4500]), ["harness-self-recorded.pcapng"], 1, 1, pdcpKeyTable: true);
        var without = DecryptionGuide.Readme("TS33511-4.2.2.1.1", "T", "evidence/TS33511-4.2.2.1.1/T", new SegwPorts([500], [4500]), ["harness-self-recorded.pcapng"], 1, 1);
        Assert.Multiple(() =>
        {
            Assert.That(with, Does.Contain(WiresharkPdcpKeyTable.FileName));
            Assert.That(with, Does.Contain("pdcp-nr.ue_keys_table"));
            Assert.That(with, Does.Contain("cp pdcp_nr_ue_keys \"$cfg/wireshark/\""));
            Assert.That(with, Does.Contain("--enable-heuristic pdcp_nr_udp"));
            Assert.That(with, Does.Contain("'pdcp-nr.default_ciphering_algorithm:NEA2 (AES)'"));
            Assert.That(with, Does.Contain("--enable-heuristic pdcp_nr_udp --enable-heuristic rlc_nr_udp"));
            Assert.That(with, Does.Contain("-o pdcp-nr.verify_integrity:TRUE -o pdcp-nr.check_sequence_numbers:pdcp-only -Y 'pdcp-nr || rlc-nr'"));
            Assert.That(without, Does.Not.Contain("pdcp"));
        });
    }

    [Test]
    public void The_readme_opens_air_rrc_pcapng_and_keeps_the_packet_capture_for_the_other_commands()
    {
        var readme = DecryptionGuide.Readme("TS33511-4.2.2.1.1", "T", "evidence/TS33511-4.2.2.1.1/T", new SegwPorts([500], [4500]),
            [DecryptionGuide.AirRrcFileName, "harness-self-recorded.pcapng"], 1, 1, pdcpKeyTable: true);
        var without = DecryptionGuide.Readme("TS33511-4.2.2.1.1", "T", "evidence/TS33511-4.2.2.1.1/T", new SegwPorts([500], [4500]), ["harness-self-recorded.pcapng"], 1, 1);
        Assert.Multiple(() =>
        {
            Assert.That(readme, Does.Contain("tshark -n -r air-rrc.pcapng -V"));
            Assert.That(readme, Does.Contain("air-rrc.pcapng                 NR RRC messages as exported PDUs"));
            Assert.That(readme, Does.Contain("tshark -n -r harness-self-recorded.pcapng -o esp.enable_encryption_decode:TRUE"));
            Assert.That(readme, Does.Contain("tshark -n -r harness-self-recorded.pcapng --enable-heuristic pdcp_nr_udp"));
            Assert.That(readme, Does.Not.Contain("-r air-rrc.pcapng -o").And.Not.Contain("-r air-rrc.pcapng --enable"));
            Assert.That(without, Does.Not.Contain("air-rrc"));
        });
    }
}
