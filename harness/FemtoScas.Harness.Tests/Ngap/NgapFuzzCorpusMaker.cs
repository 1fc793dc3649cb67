using FemtoScas.Harness.Ngap;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Writes the seed corpora of the <c>ngap</c> and <c>ngap-ie</c> fuzz targets
/// (harness/FemtoScas.Fuzz/corpus) from the NGAP builders. Explicit: run it by name after a
/// format changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the fuzz seed corpora; run by name")]
public sealed class NgapFuzzCorpusMaker
{
    [Test]
    public void Write_ngap_corpora()
    {
        var corpora = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus");
        var pdus = Path.Combine(corpora, "ngap");
        var ies = Path.Combine(corpora, "ngap-ie");
        Directory.CreateDirectory(pdus);
        Directory.CreateDirectory(ies);
        var seen = new HashSet<int>();
        foreach (var (name, pdu) in NgapSamples.All())
        {
            File.WriteAllBytes(Path.Combine(pdus, $"{name}.bin"), pdu);
            foreach (var field in NgapMessageParser.Parse(pdu).Message!.Ies.Where(f => seen.Add(f.Id)))
            {
                var index = NgapIeCodecs.TypedIds.ToList().IndexOf(field.Id);
                File.WriteAllBytes(Path.Combine(ies, $"ie-{field.Id}.bin"), [(byte)index, .. field.Value]);
            }
        }
    }
}
