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
            Assert.That(with, Does.Contain("-o pdcp-nr.verify_integrity:TRUE -o pdcp-nr.check_sequence_numbers:pdcp-only -Y pdcp-nr"));
            Assert.That(without, Does.Not.Contain("pdcp"));
        });
    }
}
