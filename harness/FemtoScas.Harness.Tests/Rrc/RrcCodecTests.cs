using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>The RRC table: encode/decode round trips, hand-worked encodings, lenient decoding of bad PDUs.</summary>
[TestFixture]
public sealed class RrcCodecTests
{
    private static IEnumerable<RrcMessage> Examples() => RrcExamples.All();

    [TestCaseSource(nameof(Examples))]
    public void Every_example_decodes_cleanly_and_re_encodes_to_the_same_octets(RrcMessage message)
    {
        var pdu = RrcCodec.Encode(message);

        var decoded = RrcCodec.Decode(message.Channel, pdu);

        Assert.That(decoded.Findings, Is.Empty);
        Assert.That(decoded.MessageName, Is.EqualTo(message.Name));
        Assert.That(decoded.Message, Is.Not.Null.And.TypeOf(message.GetType()));
        Assert.That(Convert.ToHexString(RrcCodec.Encode(decoded.Message!)), Is.EqualTo(Convert.ToHexString(pdu)));
    }

    [Test]
    public void Ccch_messages_have_the_fixed_sizes_of_ts_38_331()
    {
        // UL-CCCH: 48 bits (6 octets); UL-CCCH1: 64 bits; MIB: 24 bits (BCCH-BCH choice bit + 23).
        var all = RrcExamples.All();
        Assert.That(RrcCodec.Encode(all.OfType<RrcSetupRequest>().Single()), Has.Length.EqualTo(6));
        Assert.That(RrcCodec.Encode(all.OfType<RrcResumeRequest>().Single(r => !r.Full)), Has.Length.EqualTo(6));
        Assert.That(RrcCodec.Encode(all.OfType<RrcResumeRequest>().Single(r => r.Full)), Has.Length.EqualTo(8));
        Assert.That(RrcCodec.Encode(all.OfType<Mib>().Single()), Has.Length.EqualTo(3));
    }

    [Test]
    public void A_security_mode_command_is_worked_out_by_hand()
    {
        // DL-DCCH: c1 (0) | securityModeCommand = 4 (0100) | tx 1 (01) | criticalExtensions 0 | IEs preamble 00 |
        // SecurityConfigSMC ext 0 | SecurityAlgorithmConfig ext 0, integrity present 1 | nea2: ext 0, 010 | nia2: ext 0, 010
        // 0 0100 01 0 00 0 0 1 0010 0010 -> 00100010 00001001 00010(000) = 22 09 10
        var pdu = RrcCodec.Encode(new SecurityModeCommand(1, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));

        Assert.That(Convert.ToHexString(pdu), Is.EqualTo("220910"));
    }

    [Test]
    public void The_sib1_cag_ids_and_manual_selection_come_back()
    {
        var sib1 = RrcExamples.All().OfType<Sib1>().Single();

        var decoded = (Sib1)RrcCodec.Decode(RrcChannel.BcchDlSch, RrcCodec.Encode(sib1)).Message!;

        Assert.That(decoded.CellAccess.CagIdentities.Select(c => c.Cag), Is.EqualTo(RrcExamples.Cags));
        Assert.That(decoded.CellAccess.CagIdentities.Select(c => c.Plmn.ToString()), Is.All.EqualTo("001-01"));
        Assert.That(decoded.CellSelection, Is.EqualTo(new CellSelectionInfo(-70, -20)));
    }

    [Test]
    public void Key_refresh_and_suspend_values_come_back()
    {
        var reconfiguration = RrcExamples.All().OfType<RrcReconfiguration>().Single();
        var release = RrcExamples.All().OfType<RrcRelease>().Single();

        var r = (RrcReconfiguration)RrcCodec.Decode(RrcChannel.DlDcch, RrcCodec.Encode(reconfiguration)).Message!;
        var s = ((RrcRelease)RrcCodec.Decode(RrcChannel.DlDcch, RrcCodec.Encode(release)).Message!).Suspend!;

        Assert.That(r.KeyUpdate, Is.EqualTo(new MasterKeyUpdate(false, 5)));
        Assert.That(r.RadioBearers!.Security!.Algorithms, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));
        Assert.That(r.RadioBearers.Srbs!.Single().SrbIdentity, Is.EqualTo(2));
        Assert.That(r.RadioBearers.Drbs!.Single().Pdcp!.Drb!.IntegrityProtection);
        Assert.That(r.DedicatedNasMessages!.Single(), Is.EqualTo(RrcExamples.NasRegistrationComplete));
        Assert.That((s.FullIRnti, s.ShortIRnti, s.NextHopChainingCount), Is.EqualTo((0xAB_CDEF_0123UL, 0xEF0123u, 6)));
    }

    [Test]
    public void Ciphering_disabled_travels_in_the_pdcp_config_extension()
    {
        var drb = new DrbToAddMod(3, Pdcp: new PdcpConfig(new PdcpDrbConfig(SnSizeUl: 12, SnSizeDl: 12), CipheringDisabled: true));
        var message = new RrcReconfiguration(0, new RadioBearerConfig(Drbs: [drb]));

        var decoded = RrcCodec.Decode(RrcChannel.DlDcch, RrcCodec.Encode(message));

        Assert.That(decoded.Findings, Is.Empty);
        Assert.That(((RrcReconfiguration)decoded.Message!).RadioBearers!.Drbs!.Single().Pdcp!.CipheringDisabled);
    }

    [Test]
    public void A_spare_algorithm_is_a_deviation_finding_with_its_offset()
    {
        var pdu = Convert.FromHexString("220910");
        pdu[1] |= 0x02; // nea2 (010) -> nea6 (110): a spare value (bit 14)

        var decoded = RrcCodec.Decode(RrcChannel.DlDcch, pdu);

        var finding = decoded.Findings.Single();
        Assert.That(finding.Kind, Is.EqualTo(RrcFindingKind.Deviation));
        Assert.That(finding.What, Does.Contain("cipheringAlgorithm value 6"));
    }

    [Test]
    public void Unknown_extension_additions_are_skipped_with_a_finding()
    {
        // SecurityModeCommand whose SecurityConfigSMC has its extension bit set and one unknown
        // addition of one octet (X.691 19.9: a receiver skips what it does not know by its length).
        var w = new FemtoScas.Harness.Asn1.Per.PerWriter(FemtoScas.Harness.Asn1.Per.PerVariant.Unaligned);
        w.WriteChoiceIndex(0, 2, false);
        w.WriteChoiceIndex(4, 16, false);
        w.WriteConstrainedWholeNumber(1, 0, 3);
        w.WriteChoiceIndex(0, 2, false);
        w.WritePreamble(false, 2, 0);
        w.WritePreamble(true, 0, 0, extended: true);
        new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia1).Write(w);
        w.WriteExtensionAdditions([x => x.WriteBits(0xA5, 8)]);

        var decoded = RrcCodec.Decode(RrcChannel.DlDcch, w.ToArray());

        Assert.That(decoded.Message, Is.TypeOf<SecurityModeCommand>());
        Assert.That(((SecurityModeCommand)decoded.Message!).Algorithms.Integrity, Is.EqualTo(NrIntegrityAlgorithm.Nia1));
        Assert.That(decoded.Findings.Single().Kind, Is.EqualTo(RrcFindingKind.UnknownExtension));
    }

    [Test]
    public void A_message_without_a_table_row_is_named_not_decoded()
    {
        // UL-DCCH c1 index 0: measurementReport.
        var decoded = RrcCodec.Decode(RrcChannel.UlDcch, [0x00, 0x00]);

        Assert.That(decoded.Message, Is.Null);
        Assert.That(decoded.MessageName, Is.EqualTo("measurementReport"));
        Assert.That(decoded.Findings.Single().Kind, Is.EqualTo(RrcFindingKind.NotDecoded));
    }

    [TestCaseSource(nameof(Examples))]
    public void Every_truncation_and_bit_flip_gives_findings_never_an_exception(RrcMessage message)
    {
        var pdu = RrcCodec.Encode(message);
        for (int n = 0; n < pdu.Length; n++)
        {
            var result = RrcCodec.Decode(message.Channel, pdu[..n]);
            Assert.That(result.Message is null || result.Findings.Count > 0 || n == pdu.Length, $"a {n}-octet truncation of {message.Name} decoded without a finding");
        }
        for (int bit = 0; bit < pdu.Length * 8; bit++)
        {
            var flipped = (byte[])pdu.Clone();
            flipped[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            Assert.DoesNotThrow(() => RrcCodec.Decode(message.Channel, flipped));
        }
    }

    [Test]
    public void Random_input_on_every_channel_never_throws()
    {
        var random = new Random(38331);
        foreach (var channel in Enum.GetValues<RrcChannel>())
        {
            for (int i = 0; i < 2000; i++)
            {
                var input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
                var result = RrcCodec.Decode(channel, input);
                Assert.That(result.Message is not null || result.Findings.Count > 0, $"{channel} {Convert.ToHexString(input)}: no message and no finding");
            }
        }
    }

    [Test]
    public void A_mebibyte_of_garbage_or_of_nas_costs_bounded_time_and_memory()
    {
        var garbage = new byte[1 << 20];
        new Random(38331).NextBytes(garbage);
        // The largest honest PDU: one NAS message of 1 MiB less a little, in 16K fragments (X.691 11.9.3.8).
        var big = RrcCodec.Encode(new UlInformationTransfer(new byte[(1 << 20) - 64]));
        var inputs = Enum.GetValues<RrcChannel>().Select(c => (c, garbage)).Append((RrcChannel.UlDcch, big));

        foreach (var (channel, input) in inputs)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = RrcCodec.Decode(channel, input);
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            Assert.That(result.Message is not null || result.Findings.Count > 0);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), $"{channel}");
            // Garbage may make the reader copy what it holds once (a NAS container), never more than a few times the input.
            Assert.That(allocated, Is.LessThan(8L << 20), $"{channel}");
        }
    }
}
