using System.Globalization;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Independent oracle for the air link's evidence (tshark 4.0.17), on a whole RRC connection between SimFemto's gNB AS and
/// the harness UE simulator: the air frames - SRB0 in the RLC-NR-over-UDP framing (transparent mode, bearer type CCCH),
/// then SRB1 PDCP - are each dissected down to NR RRC, and with the UE's <c>pdcp_nr_ue_keys</c> table the NEA2 SRB1 PDUs
/// after the SecurityModeCommand are deciphered and their NIA2 MAC-I verified; the trial's <c>air-rrc.pcapng</c> shows every
/// RRC message the step table lists, by name, at its air frame's time, with no malformed packet or expert error.
/// </summary>
[TestFixture]
public sealed class AirTsharkOracleTests
{
    [Test]
    public void Tshark_dissects_every_air_frame_srb0_included_and_verifies_the_protected_ones()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = new AirLinkTests.Link();
        ConnectAndExchangeNas(link);
        Assert.That(link.Ue.KeysForKeyTable(), Is.Not.Null);

        var frames = DissectAirFrames(link, [(link.Ue.UeId, link.Ue.KeysForKeyTable()!)]);
        Assert.That(frames, Has.Count.EqualTo(link.Carried.Count));
        string[] messages = ["rrcSetupRequest", "rrcSetup", "rrcSetupComplete", "securityModeCommand", "securityModeComplete", "dlInformationTransfer", "ulInformationTransfer"];
        Assert.That(frames, Has.Count.EqualTo(messages.Length));
        for (var i = 0; i < messages.Length; i++)
            Assert.That(frames[i], Does.Contain($"c1: {messages[i]} (").And.Not.Contain("Malformed").And.Not.Contain("Expert Info (Warning"), $"frame {i + 1}:\n{frames[i]}");
        // The only expert error: tshark 4.0.17 applies the algorithms given as preferences to every SRB1 frame (it does not take
        // the activation point from the SecurityModeCommand), so it checks RRCSetupComplete's MAC-I, all zeros before AS security
        // (TS 38.323 6.3.4), against NIA2.
        for (var i = 0; i < messages.Length; i++)
            Assert.That(frames[i], i == 2 ? Does.Contain("[Expert Info (Error/Sequence): MAC-I Digest wrong - calculated ").And.Contain(" but found 00000000]") : Does.Not.Contain("Expert Info (Error"),
                $"frame {i + 1}:\n{frames[i]}");
        // SRB0: RLC-NR transparent mode, bearer type CCCH, handed to NR RRC (UL-CCCH up, DL-CCCH down).
        Assert.That(frames[0], Does.Contain("[RLC Mode: Transparent Mode (1)]").And.Contain("[Bearer Type: CCCH (1)]").And.Contain("UL-CCCH-Message"));
        Assert.That(frames[1], Does.Contain("[Bearer Type: CCCH (1)]").And.Contain("DL-CCCH-Message"));
        // After the SMC: ciphered with NEA2 and MAC-I verified by tshark with our keys.
        foreach (var i in new[] { 4, 5, 6 })
            Assert.That(frames[i], Does.Contain("[Matches calculated result]"), $"frame {i + 1}:\n{frames[i]}");
    }

    [Test]
    public void Air_rrc_capture_shows_every_rrc_message_of_the_step_table_at_its_frame_time()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = new AirLinkTests.Link();
        // Setup, SMC, NAS both ways, a replayed uplink PDU, RRCRelease with suspendConfig, RRCResumeRequest on SRB0, RRCResume.
        ConnectAndExchangeNas(link);
        link.Ue.Replay(link.Ue.SentPdus.Count - 1);
        link.Pump();
        SuspendResumeAndSendNas(link);
        var steps = link.Ue.Steps;
        var carrying = steps.Where(s => s.Rrc is not null).ToList();
        Assert.That(link.Ue.EarlierKeys, Has.Count.EqualTo(1), string.Join("\n", steps));

        var directory = Directory.CreateTempSubdirectory("femtoscas-air-rrc-oracle-");
        try
        {
            var path = Path.Combine(directory.FullName, AirRrcCapture.FileName);
            using (var writer = new RrcCaptureWriter(File.Create(path)))
                Assert.That(AirRrcCapture.Write(writer, steps, "trial 1"), Is.EqualTo(carrying.Count));
            var output = TsharkRun.Output(["-r", path, "-V"], null, "FEMTOSCAS_KEEP_AIR_ORACLE");
            var frames = TsharkRun.SplitFrames(output);
            Assert.That(frames, Has.Count.EqualTo(carrying.Count), output);
            // Every RRC message the step table names is in the capture, in order, as tshark names it.
            var named = steps.Where(s => !s.Message.StartsWith('(')).ToList();
            Assert.That(named.All(s => s.Rrc is not null), Is.True, "a step naming an RRC message without its PDU: " + string.Join("\n", named.Where(s => s.Rrc is null)));
            string[] expected = ["rrcSetupRequest", "rrcSetup", "rrcSetupComplete", "securityModeCommand", "securityModeComplete", "dlInformationTransfer", "ulInformationTransfer",
                "ulInformationTransfer", "rrcRelease", "rrcResumeRequest", "rrcResume", "rrcResumeComplete", "ulInformationTransfer"];
            Assert.That(carrying.Select(s => RrcCodec.Decode(s.Rrc!.Channel, s.Rrc.Octets).MessageName), Is.EqualTo(expected), string.Join("\n", steps));
            for (var i = 0; i < carrying.Count; i++)
            {
                var step = carrying[i];
                Assert.That(frames[i], Does.Contain($"c1: {expected[i]} (").And.Not.Contain("Malformed").And.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"),
                    $"frame {i + 1}:\n{frames[i]}");
                Assert.That(frames[i], Does.Contain($"Protocol Name: {RrcChannelSpec.Of(step.Rrc!.Channel).WiresharkDissector}").And.Contain(RrcChannelSpec.Of(step.Rrc.Channel).AsnType), $"frame {i + 1}");
            }
            // Each packet's comment is its step's row.
            var comments = TsharkRun.Output(["-r", path, "-T", "fields", "-e", "frame.comment"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(comments, Is.EqualTo(carrying.Select(s => AirRrcCapture.Comment(s, "trial 1")).ToArray()));
            Assert.That(frames[9], Does.Contain("resumeMAC-I"), "RRCResumeRequest on SRB0, dissected");
            Assert.That(frames[8], Does.Contain("suspendConfig"), "RRCRelease, deciphered by the UE");

            // Each packet carries the time of the UE's air frame.
            var times = TsharkRun.Output(["-r", path, "-T", "fields", "-e", "frame.time_epoch"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < carrying.Count; i++)
                Assert.That(decimal.Parse(times[i], CultureInfo.InvariantCulture), Is.EqualTo(Microseconds(carrying[i].Rrc!.FrameAt)).Within(0.000001m), $"frame {i + 1}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Broadcast_steps_come_out_as_bcch_bch_and_bcch_dl_sch()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        var examples = RrcExamples.All();
        var mib = examples.OfType<Mib>().Single();
        var sib1 = examples.OfType<Sib1>().Single();
        var at = DateTimeOffset.UnixEpoch.AddDays(20000);
        AirStep[] steps =
        [
            new(at, NrDirection.Downlink, "BCCH", mib.Name, null, "none (broadcast)", "", new AirRrcPdu(at, RrcChannel.BcchBch, RrcCodec.Encode(mib))),
            new(at, NrDirection.Downlink, "BCCH", sib1.Name, null, "none (broadcast)", "", new AirRrcPdu(at.AddMilliseconds(5), RrcChannel.BcchDlSch, RrcCodec.Encode(sib1))),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-air-bcch-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var writer = new RrcCaptureWriter(File.Create(path)))
                AirRrcCapture.Write(writer, steps);
            var frames = TsharkRun.SplitFrames(TsharkRun.Output(["-r", path, "-V"]));
            Assert.That(frames, Has.Count.EqualTo(2));
            Assert.That(frames[0], Does.Contain("Protocol Name: nr-rrc.bcch.bch").And.Contain("BCCH-BCH-Message").And.Contain("message: mib (0)").And.Not.Contain("Expert Info (Error"));
            Assert.That(frames[1], Does.Contain("Protocol Name: nr-rrc.bcch.dl.sch").And.Contain("c1: systemInformationBlockType1 (").And.Contain("cag-IdentityList-r16").And.Not.Contain("Expert Info (Error"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>RRC setup, AS security, a DLInformationTransfer and an ULInformationTransfer.</summary>
    private static void ConnectAndExchangeNas(AirLinkTests.Link link)
    {
        link.ConnectAndSecure();
        link.Gnb.DownlinkNas(AirLinkTests.UeAddress, [0x7E, 0x00, 0x64, 0x6F]);
        link.Pump();
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x60]);
        link.Pump();
    }

    /// <summary>The cell suspends the UE (RRCRelease with suspendConfig), the UE resumes (RRCResumeRequest) and sends NAS under the new keys.</summary>
    internal static void SuspendResumeAndSendNas(AirLinkTests.Link link)
    {
        link.Gnb.InactiveAllowed(AirLinkTests.UeAddress, new(5, 0x26, [new FemtoScas.Harness.Ngap.Ies.Tai(new FemtoScas.Harness.Ngap.Ies.PlmnIdentity("001", "01"), 7)]));
        link.Gnb.StopInactivityTimer();
        link.Gnb.SuspendIdle(TimeSpan.Zero);
        link.Pump();
        link.Ue.Resume(ResumeCause.MoData);
        link.Pump();
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x63]);
        link.Pump();
    }

    /// <summary>The air frames of <paramref name="link"/> as UDP to SimFemto's air port, dissected by tshark -V with <paramref name="keys"/> in a private profile.</summary>
    internal static List<string> DissectAirFrames(AirLinkTests.Link link, IEnumerable<(ushort UeId, AsKeyExport Keys)> keys)
    {
        var directory = Directory.CreateTempSubdirectory("femtoscas-air-oracle-");
        try
        {
            WiresharkPdcpKeyTable.Write(Path.Combine(directory.FullName, "config", "wireshark"), keys);
            var pcap = Path.Combine(directory.FullName, "air.pcap");
            File.WriteAllBytes(pcap, ClassicPcap.Write(link.Carried.Select(c => ClassicPcap.Ipv4(17, fromFemto: c.ToUe, Udp(c.Datagram)))));
            var output = TsharkRun.Output(["-r", pcap, "-V", .. WiresharkPdcpKeyTable.TsharkOptions(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)],
                new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(directory.FullName, "config"), ["HOME"] = Path.Combine(directory.FullName, "config") }, "FEMTOSCAS_KEEP_AIR_ORACLE");
            return TsharkRun.SplitFrames(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static decimal Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 / 1_000_000m;

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
