using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>
/// The inter-node RRC messages of a handover (TS 38.331 11.2.2): HandoverCommand, HandoverPreparationInformation and the
/// CellGroupConfig's reconfigurationWithSync. Hand-worked UNALIGNED PER encodings, round trips, hostile input (every
/// truncation and bit flip), and tshark's nr-rrc dissectors (nr-rrc.handovercommand_msg,
/// nr-rrc.handoverpreparationinformation_msg) reading the values back.
/// </summary>
[TestFixture]
public sealed class HandoverMessagesTests
{
    /// <summary>A target's HandoverCommand as SimFemto writes it: SRB1 re-established, NEA2/NIA2, keyToUse master, NCC 2, C-RNTI 0x5001, t304 ms1000.</summary>
    internal static HandoverCommand ExampleCommand(NrEncryptionAlgorithm nea = NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm nia = NrIntegrityAlgorithm.Nia2) =>
        new(new RrcReconfiguration(0,
            new RadioBearerConfig(Srbs: [new SrbToAddMod(1, ReestablishPdcp: true)], Security: new SecurityConfig(new SecurityAlgorithmConfig(nea, nia), KeyToUseSecondary: false)),
            MasterCellGroup: new ReconfigurationWithSync(0x5001, 5).CellGroupConfig(),
            KeyUpdate: new MasterKeyUpdate(false, 2)));

    /// <summary>A source's HandoverPreparationInformation: no UE capability, sourceConfig with SRB1 and NEA3/NIA3.</summary>
    internal static HandoverPreparationInformation ExamplePreparation() =>
        new(new RrcReconfiguration(0, new RadioBearerConfig(Srbs: [new SrbToAddMod(1)],
            Security: new SecurityConfig(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea3, NrIntegrityAlgorithm.Nia3), KeyToUseSecondary: false))));

    [Test]
    public void The_empty_messages_match_the_hand_written_containers_of_the_CAG_handover()
    {
        // HandoverContainers wrote these by hand before the codec existed: c1 0, alternative 00, nonCriticalExtension 0,
        // length 1, RRCReconfiguration 0x00 (20 bits); and c1 0, 00, four absent OPTIONALs, an empty capability list (11 bits).
        Assert.That(new HandoverCommand(new RrcReconfiguration(0)).Encode(), Is.EqualTo(HandoverContainers.HandoverCommand()));
        Assert.That(new HandoverPreparationInformation(null).Encode(), Is.EqualTo(HandoverContainers.HandoverPreparationInformation()));
    }

    [Test]
    public void A_source_configuration_is_encoded_as_worked_out_by_hand()
    {
        // 0 | 00 | 1000 (sourceConfig) | 0000 (no capability) | 0 (AS-Config not extended) | 00000001 | 00000000 (tx 0, no OPTIONAL)
        Assert.That(new HandoverPreparationInformation(new RrcReconfiguration(0)).Encode(), Is.EqualTo(new byte[] { 0x10, 0x00, 0x10, 0x00 }));
    }

    [Test]
    public void ReconfigurationWithSync_is_encoded_as_worked_out_by_hand_and_read_back()
    {
        // CellGroupConfig: 0 | 0000100 (spCellConfig) | 00 (cellGroupId 0); SpCellConfig: 0 | 01000 (reconfigurationWithSync);
        // ReconfigurationWithSync: 0 | 00 | newUE-Identity 0101000000000001 | t304 101 (ms1000): 38 bits.
        var octets = new ReconfigurationWithSync(0x5001, 5).CellGroupConfig();
        Assert.That(octets, Is.EqualTo(new byte[] { 0x04, 0x08, 0x0A, 0x00, 0x34 }));
        var findings = new List<RrcFinding>();
        var back = ReconfigurationWithSync.FromCellGroupConfig(octets, findings);
        Assert.Multiple(() =>
        {
            Assert.That(findings, Is.Empty);
            Assert.That(back, Is.EqualTo(new ReconfigurationWithSync(0x5001, 5)));
            Assert.That(back!.T304, Is.EqualTo("ms1000"));
            Assert.That(ReconfigurationWithSync.FromCellGroupConfig(CellGroupConfigOctets.Minimal(), findings), Is.Null, "no spCellConfig, no reconfigurationWithSync");
            Assert.That(findings, Is.Empty);
        });
    }

    [Test]
    public void A_HandoverCommand_reads_back_with_its_security_configuration()
    {
        var octets = ExampleCommand().Encode();
        var decoded = HandoverCommand.Decode(octets);
        Assert.That(decoded.Clean, Is.True, string.Join("; ", decoded.Findings));
        var r = decoded.Message!.Reconfiguration;
        Assert.Multiple(() =>
        {
            Assert.That(r.RadioBearers!.Security!.Algorithms, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));
            Assert.That(r.RadioBearers.Security.KeyToUseSecondary, Is.False);
            Assert.That(r.RadioBearers.Srbs![0].ReestablishPdcp, Is.True);
            Assert.That(r.KeyUpdate, Is.EqualTo(new MasterKeyUpdate(false, 2)));
            Assert.That(r.MasterCellGroup, Is.EqualTo(new ReconfigurationWithSync(0x5001, 5).CellGroupConfig()));
            Assert.That(decoded.Message.Encode(), Is.EqualTo(octets));
        });
    }

    [Test]
    public void A_HandoverPreparationInformation_reads_back_with_the_source_algorithms()
    {
        var octets = ExamplePreparation().Encode();
        var decoded = HandoverPreparationInformation.Decode(octets);
        Assert.That(decoded.Clean, Is.True, string.Join("; ", decoded.Findings));
        Assert.That(decoded.Message!.SourceConfig!.RadioBearers!.Security!.Algorithms, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea3, NrIntegrityAlgorithm.Nia3)));
        Assert.That(decoded.Message.Encode(), Is.EqualTo(octets));
    }

    [Test]
    public void A_spare_alternative_and_a_later_version_are_findings()
    {
        // c1 with spare3 (01): a deviation; criticalExtensionsFuture (1): not decoded.
        var spare = HandoverCommand.Decode([0x20, 0x00]);
        var future = HandoverCommand.Decode([0x80]);
        Assert.Multiple(() =>
        {
            Assert.That(spare.Message, Is.Null);
            Assert.That(spare.Findings.Single().Kind, Is.EqualTo(RrcFindingKind.Deviation));
            Assert.That(future.Message, Is.Null);
            Assert.That(future.Findings.Single().Kind, Is.EqualTo(RrcFindingKind.NotDecoded));
        });
    }

    [Test]
    public void Every_truncation_and_bit_flip_gives_a_message_or_a_finding()
    {
        byte[][] samples = [ExampleCommand().Encode(), ExamplePreparation().Encode(), HandoverContainers.TargetToSource(ExampleCommand().Encode())];
        var inputs = new List<(int Kind, byte[] Octets)>();
        for (var k = 0; k < samples.Length; k++)
        {
            var s = samples[k];
            for (var n = 0; n < s.Length; n++) inputs.Add((k, s[..n]));
            for (var bit = 0; bit < s.Length * 8; bit++)
            {
                var flipped = (byte[])s.Clone();
                flipped[bit / 8] ^= (byte)(0x80 >> (bit % 8));
                inputs.Add((k, flipped));
            }
        }
        foreach (var (kind, octets) in inputs)
        {
            switch (kind)
            {
                case 0:
                    var c = HandoverCommand.Decode(octets);
                    Assert.That(c.Message is not null || c.Findings.Count > 0, Convert.ToHexString(octets));
                    if (c.Message?.Reconfiguration.MasterCellGroup is { } g) ReconfigurationWithSync.FromCellGroupConfig(g, []);
                    break;
                case 1:
                    var p = HandoverPreparationInformation.Decode(octets);
                    Assert.That(p.Message is not null || p.Findings.Count > 0, Convert.ToHexString(octets));
                    break;
                default:
                    var rrc = HandoverContainers.RrcContainer(octets, sourceToTarget: false, out var why);
                    Assert.That(rrc is not null || why is not null, Convert.ToHexString(octets));
                    break;
            }
        }
    }

    [Test]
    public async Task Tshark_reads_the_inter_node_messages_with_their_values()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-ho-rrc-{Environment.ProcessId}-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var writer = new RrcCaptureWriter(File.Create(path)))
            {
                var at = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
                writer.Write(at, HandoverPreparationInformation.WiresharkDissector, ExamplePreparation().Encode());
                writer.Write(at.AddMilliseconds(1), HandoverCommand.WiresharkDissector, ExampleCommand().Encode());
            }
            var run = await ExternalTool.RunAsync("tshark", ["-r", path, "-V"], TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            var output = run.StandardOutput;
            TestContext.Out.WriteLine(output);
            var second = output.IndexOf("Frame 2:", StringComparison.Ordinal);
            Assert.That(second, Is.GreaterThan(0));
            var preparation = output[..second];
            var command = output[second..];
            Assert.Multiple(() =>
            {
                Assert.That(preparation, Does.Contain("HandoverPreparationInformation"));
                Assert.That(preparation, Does.Contain("sourceConfig"));
                Assert.That(preparation, Does.Contain("cipheringAlgorithm: nea3"));
                Assert.That(preparation, Does.Contain("integrityProtAlgorithm: nia3"));
                Assert.That(command, Does.Contain("HandoverCommand"));
                Assert.That(command, Does.Contain("handoverCommandMessage"));
                Assert.That(command, Does.Contain("cipheringAlgorithm: nea2"));
                Assert.That(command, Does.Contain("integrityProtAlgorithm: nia2"));
                Assert.That(command, Does.Contain("keyToUse: master"));
                Assert.That(command, Does.Contain("nextHopChainingCount: 2"));
                Assert.That(command, Does.Contain("keySetChangeIndicator: False"));
                Assert.That(command, Does.Contain("reconfigurationWithSync"));
                Assert.That(command, Does.Contain("newUE-Identity: 20481"));
                Assert.That(command, Does.Contain("t304: ms1000"));
                Assert.That(output, Does.Not.Contain("Malformed"));
                Assert.That(output, Does.Not.Match(@"Expert Info \((Error|Warning|Note)"));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
