using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>
/// Writes the seed corpus of the <c>rrc-inter-node</c> fuzz target (harness/FemtoScas.Fuzz/corpus/rrc-inter-node): octet 0
/// picks the reader (0 HandoverCommand, 1 HandoverPreparationInformation, 2 CellGroupConfig, 3 Target to Source container),
/// then the PDU. Explicit: run it by name after the messages change, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the rrc-inter-node fuzz seed corpus; run by name")]
public sealed class HandoverCorpusMaker
{
    [Test]
    public void Write_the_rrc_inter_node_seeds()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "rrc-inter-node");
        Directory.CreateDirectory(dir);
        var command = HandoverMessagesTests.ExampleCommand().Encode();
        (string Name, byte Kind, byte[] Pdu)[] seeds =
        [
            ("handover-command", 0, command),
            ("handover-command-empty", 0, new HandoverCommand(new RrcReconfiguration(0)).Encode()),
            ("handover-preparation", 1, HandoverMessagesTests.ExamplePreparation().Encode()),
            ("handover-preparation-empty", 1, new HandoverPreparationInformation(null).Encode()),
            ("cell-group-with-sync", 2, new ReconfigurationWithSync(0x5001, 5).CellGroupConfig()),
            ("target-to-source", 3, HandoverContainers.TargetToSource(command)),
        ];
        foreach (var (name, kind, pdu) in seeds) File.WriteAllBytes(Path.Combine(dir, $"{name}.bin"), [kind, .. pdu]);
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(seeds.Length));
    }
}
