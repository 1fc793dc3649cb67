using System.Net;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Tools;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The cell's broadcast on the air link (issue 13 item 6), SimFemto's gNB and the harness UE simulator back to back in
/// process: MIB and SIB1 before RRCSetup, SIB1 with the cell's CAG IDs and manualCAGselectionAllowed-r16 as configured,
/// the SIB1 faults changing exactly that, a malformed SIB1 a step with its finding (never an exception), and tshark's
/// nr-rrc reading the PDUs as the evidence file writes them.
/// </summary>
[TestFixture]
public sealed class AirBroadcastTests
{
    private static readonly IPEndPoint UeAddress = new(IPAddress.Loopback, 40001);
    private static readonly byte[] RegistrationRequest = Convert.FromHexString("7E004179000D0100F110000000000000000001");

    /// <summary>The UE's view after RRCSetupRequest to a cell provisioned with CAG IDs A1 (manual selection allowed) and A2.</summary>
    internal static (AirUe Ue, List<byte[]> Carried) Connect(params string[] faults)
    {
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate(faults),
            Cell = new SimFemtoCell("001", "01", 0x00066C001, 7, [1], [0xA1, 0xA2], IPAddress.Parse("10.45.255.1")) { ManualSelectionCagIds = [0xA1] },
        };
        var gnb = new SimFemtoGnbAs(options, new SimFemtoLog(null)) { InitialNas = (_, _) => { } };
        var wire = new Queue<(bool ToUe, byte[] Datagram)>();
        var carried = new List<byte[]>();
        var ue = new AirUe(d => wire.Enqueue((false, d)));
        ue.Connect(RegistrationRequest, 0x777);
        for (var i = 0; i < 100 && wire.Count > 0; i++)
        {
            var (toUe, datagram) = wire.Dequeue();
            if (toUe)
            {
                carried.Add(datagram);
                ue.Receive(datagram);
            }
            else gnb.Receive(UeAddress, datagram, d => wire.Enqueue((true, d)));
        }
        return (ue, carried);
    }

    [Test]
    public void Clean_cell_sends_mib_and_sib1_with_its_cag_ids_before_rrc_setup()
    {
        var (ue, carried) = Connect();
        using (ue)
        {
            var b = ue.Broadcast;
            Assert.That(b.Pdus.Select(p => p.Channel), Is.EqualTo(new[] { RrcChannel.BcchBch, RrcChannel.BcchDlSch }));
            Assert.That(b.Mib, Is.Not.Null);
            Assert.That(b.Mib!.CellBarred, Is.False);
            Assert.That(b.Sib1Cags.Select(c => (c.Cell, c.Tac, c.Cag.CagId, c.Cag.ManualSelectionAllowed)),
                Is.EqualTo(new[] { (0x00066C001UL, 7u, 0xA1u, true), (0x00066C001UL, 7u, 0xA2u, false) }));
            Assert.That(b.Sib1Cells, Is.EqualTo(new[] { (0x00066C001UL, (uint?)7u) }));
            Assert.That(b.Pdus.SelectMany(p => p.Findings), Is.Empty);
            Assert.That(CellBroadcastHasNoProblem(b), Is.True);
            // Recorded like every other RRC message, before RRCSetup; RRC setup went on as before.
            var names = ue.Steps.Where(s => s.Direction == FemtoScas.Harness.Crypto.Nr.NrDirection.Downlink).Select(s => s.Message).ToList();
            Assert.That(names.Take(3), Is.EqualTo(new[] { "mib", "systemInformationBlockType1", "rrcSetup" }));
            Assert.That(ue.Steps.Any(s => s.Message == "rrcSetupComplete"), Is.True);
            // The SRB0 reader still takes only CCCH frames.
            Assert.That(AirCcchFrame.Read(carried[0], out var why), Is.Null);
            Assert.That(why, Is.EqualTo("bearer type 2, not CCCH"));
            Assert.That(AirCcchFrame.ReadNonPdcp(carried[0], out _)?.BroadcastChannel, Is.EqualTo(RrcChannel.BcchBch));
        }
    }

    private static bool CellBroadcastHasNoProblem(CellBroadcast b) => Harness.Judgements.CagBroadcastRules.Unreadable(b) is null;

    [Test]
    public void Sib1_faults_add_an_unbound_cag_id_or_flip_the_manual_selection_flags()
    {
        var (unbound, _) = Connect(SimFemtoFaults.Sib1CagIdUnbound);
        using (unbound) Assert.That(unbound.Broadcast.Sib1Cags.Select(c => c.Cag.CagId), Is.EqualTo(new[] { 0xA1u, 0xA2u, SimFemtoFaultHooks.Sib1OnlyCagId }));
        var (flipped, _) = Connect(SimFemtoFaults.Sib1ManualCagSelectionFlipped);
        using (flipped) Assert.That(flipped.Broadcast.Sib1Cags.Select(c => c.Cag.ManualSelectionAllowed), Is.EqualTo(new[] { false, true }));
        // NGAP's faults reach SIB1 too (the same list), cag-list-not-reported does not (the cell stays a CAG cell).
        var (ngap, _) = Connect(SimFemtoFaults.CagIdUnbound, SimFemtoFaults.CagListNotReported);
        using (ngap) Assert.That(ngap.Broadcast.Sib1Cags.Select(c => c.Cag.CagId), Is.EqualTo(new[] { 0xA1u, 0xA2u, SimFemtoFaultHooks.UnboundCagId }));
    }

    [Test]
    public void A_malformed_or_hostile_broadcast_is_a_step_with_its_finding_never_an_exception()
    {
        using var ue = new AirUe(_ => { });
        var sib1 = RrcCodec.Encode(new AirBroadcastTestsSib1().Value);
        for (var cut = 0; cut < sib1.Length; cut++)
            Assert.DoesNotThrow(() => ue.Receive(AirCcchFrame.Broadcast(RrcChannel.BcchDlSch, sib1[..cut]).Write()));
        Assert.DoesNotThrow(() => ue.Receive(AirCcchFrame.Broadcast(RrcChannel.BcchBch, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).Write()));
        var b = ue.Broadcast;
        Assert.That(b.Pdus, Has.Count.EqualTo(AirUe.MaxBroadcasts), "bounded");
        Assert.That(b.Deviations, Is.Not.Empty);
        Assert.That(Harness.Judgements.CagBroadcastRules.Unreadable(b), Does.StartWith("SIB1 did not decode"));
        Assert.That(ue.Steps.Count(s => s.Bearer == "BCCH-DL-SCH"), Is.EqualTo(sib1.Length));
    }

    [Test]
    public async Task Tshark_reads_the_mib_and_the_sib1_cag_ids_the_evidence_file_holds()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var (ue, _) = Connect();
        using (ue)
        {
            var path = Path.Combine(Path.GetTempPath(), $"femtoscas-broadcast-{Environment.ProcessId}-{Guid.NewGuid():N}.pcapng");
            try
            {
                // As CagAirTrial.Record writes air-broadcast.pcapng: each PDU as received, on its channel.
                using (var writer = new RrcCaptureWriter(File.Create(path)))
                    foreach (var pdu in ue.Broadcast.Pdus) writer.Write(pdu.At, pdu.Channel, pdu.Pdu, pdu.Message?.Name);
                var run = await ExternalTool.RunAsync("tshark", ["-r", path, "-V"], TimeSpan.FromSeconds(60), CancellationToken.None);
                Assert.That(run.ExitCode, Is.Zero, run.StandardError);
                var output = run.StandardOutput;
                TestContext.Out.WriteLine(output);
                var sib1At = output.IndexOf("Frame 2:", StringComparison.Ordinal);
                Assert.That(sib1At, Is.GreaterThan(0));
                var (mib, sib1) = (output[..sib1At], output[sib1At..]);
                Assert.That(mib, Does.Contain("Protocol Name: nr-rrc.bcch.bch").And.Contain("BCCH-BCH-Message").And.Contain("cellBarred: notBarred"));
                Assert.That(sib1, Does.Contain("Protocol Name: nr-rrc.bcch.dl.sch").And.Contain("systemInformationBlockType1"));
                Assert.That(sib1, Does.Contain("cag-IdentityList-r16: 2 items"));
                Assert.That(sib1, Does.Contain("cag-Identity-r16: 000000a1").And.Contain("cag-Identity-r16: 000000a2"));
                Assert.That(System.Text.RegularExpressions.Regex.Matches(sib1, "manualCAGselectionAllowed-r16: true").Count, Is.EqualTo(1));
                Assert.That(sib1.IndexOf("manualCAGselectionAllowed-r16", StringComparison.Ordinal), Is.LessThan(sib1.IndexOf("000000a2", StringComparison.Ordinal)));
                Assert.That(sib1, Does.Contain("trackingAreaCode-r16: 000007"));
                Assert.That(output, Does.Not.Contain("Malformed"));
                Assert.That(output, Does.Not.Match(@"Expert Info \((Error|Warning|Note|Chat)"));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private sealed class AirBroadcastTestsSib1
    {
        public Sib1 Value => (Sib1)RrcExamples.All().Single(m => m is Sib1);
    }
}

/// <summary>
/// Writes the broadcast seeds of the <c>air-link</c> fuzz target (harness/FemtoScas.Fuzz/corpus/air-link): SimFemto's MIB and
/// SIB1 frames as a UE receives them. Explicit: run it by name after the framing or SIB1 changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes air-link fuzz seeds; run by name")]
public sealed class AirBroadcastCorpusMaker
{
    [Test]
    public void Write_the_broadcast_seeds()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "air-link");
        var (ue, carried) = AirBroadcastTests.Connect();
        using (ue)
        {
            File.WriteAllBytes(Path.Combine(dir, "03-bcch-bch-mib.bin"), carried[0]);
            File.WriteAllBytes(Path.Combine(dir, "04-bcch-dl-sch-sib1.bin"), carried[1]);
        }
        Assert.That(AirCcchFrame.ReadNonPdcp(File.ReadAllBytes(Path.Combine(dir, "04-bcch-dl-sch-sib1.bin")), out _)?.BroadcastChannel, Is.EqualTo(RrcChannel.BcchDlSch));
    }
}
