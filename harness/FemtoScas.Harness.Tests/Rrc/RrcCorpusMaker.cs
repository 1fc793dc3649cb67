using FemtoScas.Harness.Rrc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>
/// Writes the seed corpus of the <c>rrc</c> fuzz target (harness/FemtoScas.Fuzz/corpus/rrc) from
/// the encoder: one file per example, octet 0 the channel, then the PDU. Explicit: run it by
/// name after the table changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the rrc fuzz seed corpus; run by name")]
public sealed class RrcCorpusMaker
{
    [Test]
    public void Write_the_rrc_seeds()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "rrc");
        Directory.CreateDirectory(dir);
        foreach (var message in RrcExamples.All())
        {
            File.WriteAllBytes(Path.Combine(dir, $"{message.Name}.bin"), [(byte)message.Channel, .. RrcCodec.Encode(message)]);
        }
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(RrcExamples.All().Count));
    }
}
