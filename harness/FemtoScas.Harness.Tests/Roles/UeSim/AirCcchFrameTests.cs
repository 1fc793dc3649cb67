using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// SRB0 in Wireshark's RLC-NR-over-UDP framing (transparent mode, bearer type CCCH): the octets written, the logical
/// channel of each PDU, and every malformed or foreign frame refused with a reason (never an exception).
/// </summary>
[TestFixture]
public sealed class AirCcchFrameTests
{
    private static readonly byte[] SetupRequest = RrcCodec.Encode(new RrcSetupRequest(0x12345, true, EstablishmentCause.MoSignalling));

    [Test]
    public void Writes_the_rlc_nr_tm_ccch_framing_and_reads_it_back()
    {
        var frame = new AirCcchFrame(NrDirection.Uplink, 0x4601, SetupRequest);
        var octets = frame.Write();
        Assert.That(Convert.ToHexString(octets[..16]), Is.EqualTo("726C632D6E72" + "0100" + "0200" + "034601" + "0401" + "01"));
        Assert.That(octets[16..], Is.EqualTo(SetupRequest));
        var read = AirCcchFrame.Read(octets, out var why);
        Assert.That(why, Is.Null);
        Assert.That(read!.Direction, Is.EqualTo(NrDirection.Uplink));
        Assert.That(read.UeId, Is.EqualTo(0x4601));
        Assert.That(read.Rrc, Is.EqualTo(SetupRequest));
        Assert.That(AirCcchFrame.IsAirLink(octets), Is.True);
    }

    [Test]
    public void The_channel_follows_direction_and_the_64_bit_ccch1_size()
    {
        Assert.That(new AirCcchFrame(NrDirection.Uplink, 0, SetupRequest).Channel, Is.EqualTo(RrcChannel.UlCcch));
        Assert.That(new AirCcchFrame(NrDirection.Uplink, 0, RrcCodec.Encode(new RrcResumeRequest(0xAB_CDEF_0123, 0x1234, ResumeCause.RnaUpdate, Full: true))).Channel, Is.EqualTo(RrcChannel.UlCcch1));
        Assert.That(new AirCcchFrame(NrDirection.Downlink, 1, [0x20, 0x40, 0x04, 0x00]).Channel, Is.EqualTo(RrcChannel.DlCcch));
    }

    [Test]
    public void Every_truncation_and_foreign_frame_gives_a_reason()
    {
        var good = new AirCcchFrame(NrDirection.Downlink, 7, [0x20, 0x40]).Write();
        var payloadTag = good.Length - 3;
        for (var length = 0; length <= payloadTag; length++)
        {
            Assert.That(AirCcchFrame.Read(good.AsSpan(0, length), out var why), Is.Null, $"{length} octets");
            Assert.That(why, Is.Not.Null.And.Not.Empty, $"{length} octets");
        }
        // A PDCP-NR frame (SRB1, and the old SRB0 framing with bearer type CCCH): not this framing, but on the air link.
        var pdcp = new PdcpNrUdpFrame(PdcpBearerConfig.Srb(1), NrDirection.Downlink, 7, [0, 0, 1, 2, 3, 4]).Write();
        Assert.That(AirCcchFrame.Read(pdcp, out var pdcpWhy), Is.Null);
        Assert.That(pdcpWhy, Does.Contain("rlc-nr"));
        Assert.That(AirCcchFrame.IsAirLink(pdcp), Is.True);
        (byte[] Frame, string Why)[] refused =
        [
            (Patch(good, 6, 4), "RLC mode 4"),
            (Patch(good, 7, 12), "SN length 12"),
            (Patch(good, 14, 4), "bearer type 4, not CCCH"),
            (Patch(good, 9, 2), "direction 2"),
            (Patch(good, 13, 0x7E), "unknown tag 0x7E"),
            (good[..14], "tag 0x04 without its value"),
            (new byte[AirCcchFrame.MaxFrameLength + 1], "more than"),
        ];
        foreach (var (frame, reason) in refused)
        {
            Assert.That(AirCcchFrame.Read(frame, out var why), Is.Null, reason);
            Assert.That(why, Does.Contain(reason));
        }
    }

    private static byte[] Patch(byte[] frame, int offset, byte value)
    {
        var copy = (byte[])frame.Clone();
        copy[offset] = value;
        return copy;
    }
}
