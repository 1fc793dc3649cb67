using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pdcp;

/// <summary>
/// The PDCP-NR-over-UDP framing: the octets the writer lays out (tag values as tshark 4.0.17
/// reads them; PdcpTsharkOracleTests shows tshark decoding them), the reader's round trip, and
/// findings instead of exceptions for what is not such a frame.
/// </summary>
[TestFixture]
public sealed class PdcpNrUdpFrameTests
{
    [Test]
    public void Writer_lays_out_signature_plane_and_tags()
    {
        var srb = new PdcpNrUdpFrame(PdcpBearerConfig.Srb(2), NrDirection.Downlink, 0x0102, [0xAA]).Write();
        Assert.That(srb, Is.EqualTo("pdcp-nr"u8.ToArray().Concat(new byte[] { 1, 0x02, 12, 0x03, 1, 0x04, 1, 0x05, 2, 0x06, 0x01, 0x02, 0x01, 0xAA })));
        var drb = new PdcpNrUdpFrame(PdcpBearerConfig.Drb(3, 18, integrity: true, ciphering: false), NrDirection.Uplink, 9, [0xBB]).Write();
        Assert.That(drb[7..], Is.EqualTo(new byte[] { 2, 0x02, 18, 0x03, 0, 0x04, 1, 0x05, 3, 0x06, 0, 9, 0x0F, 0x11, 0x01, 0xBB }), "user plane, MAC-I present, ciphering disabled");
    }

    [Test]
    public void Reader_gets_back_what_the_writer_wrote()
    {
        foreach (var bearer in new[] { PdcpBearerConfig.Srb(1), PdcpBearerConfig.Srb(3, ciphering: false), PdcpBearerConfig.Drb(1, 12), PdcpBearerConfig.Drb(32, 18, integrity: true) })
        {
            var frame = new PdcpNrUdpFrame(bearer, NrDirection.Uplink, 65535, [1, 2, 3, 4, 5, 6]);
            var findings = new List<PdcpFinding>();
            var read = PdcpNrUdpFrame.Read(frame.Write(), findings);
            Assert.That(findings, Is.Empty);
            Assert.That(read, Is.Not.Null);
            Assert.That((read!.Bearer, read.Direction, read.UeId, read.Pdu), Is.EqualTo((bearer, NrDirection.Uplink, (ushort)65535, frame.Pdu)));
        }
    }

    [Test]
    public void Sdap_header_flag_is_a_finding_not_a_failure()
    {
        var findings = new List<PdcpFinding>();
        var frame = PdcpNrUdpFrame.Read(Convert.FromHexString("706463702d6e7202021203000401050106000710010180000102"), findings);
        Assert.That(frame, Is.Not.Null);
        Assert.That(frame!.Pdu, Is.EqualTo(new byte[] { 0x80, 0x00, 0x01, 0x02 }));
        Assert.That(findings.Single().What, Does.Contain("SDAP header"));
    }

    [TestCase("706463702d6c7465010101", PdcpFindingKind.Framing, TestName = "LTE signature")]
    [TestCase("706463702d6e7203", PdcpFindingKind.Framing, TestName = "plane 3")]
    [TestCase("706463702d6e7201020c0300", PdcpFindingKind.Framing, TestName = "no payload tag")]
    [TestCase("706463702d6e7201020c030001aa", PdcpFindingKind.Framing, TestName = "payload before bearer id")]
    [TestCase("706463702d6e7201020c03000401050106", PdcpFindingKind.Truncated, TestName = "UE id cut short")]
    [TestCase("706463702d6e720102120300040105010100", PdcpFindingKind.Framing, TestName = "SRB with an 18-bit SN")]
    [TestCase("706463702d6e7201020c03000401050901", PdcpFindingKind.Framing, TestName = "SRB 9")]
    [TestCase("706463702d6e7201020c030004010501ee01", PdcpFindingKind.Framing, TestName = "unknown tag")]
    public void Reader_gives_a_finding_for_what_is_not_a_frame(string hex, PdcpFindingKind kind)
    {
        var findings = new List<PdcpFinding>();
        Assert.That(PdcpNrUdpFrame.Read(Convert.FromHexString(hex), findings), Is.Null);
        Assert.That(findings.Single().Kind, Is.EqualTo(kind));
        Assert.That(PdcpNrUdpFrame.Read(new byte[PdcpNrUdpFrame.MaxFrameLength + 1], findings), Is.Null);
        Assert.That(findings[^1].Kind, Is.EqualTo(PdcpFindingKind.TooLong));
    }
}
