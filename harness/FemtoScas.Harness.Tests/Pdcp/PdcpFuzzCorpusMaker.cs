using FemtoScas.Fuzz;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pdcp;

/// <summary>
/// Writes the seed corpus of the pdcp fuzz target (harness/FemtoScas.Fuzz/corpus/pdcp) from the
/// PDCP writer: for each bearer selector a PDU without security and one protected with the target's
/// NEA2/NIA2 keys (so mutations start from a MAC-I that verifies), and PDCP-NR-over-UDP frames.
/// Explicit: run it by name after the PDCP layer changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes files into the repository")]
public sealed class PdcpFuzzCorpusMaker
{
    [Test]
    public void Write_pdcp_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "pdcp");
        Directory.CreateDirectory(dir);
        var n = 0;
        void Put(string name, byte selector, byte[] body) => File.WriteAllBytes(Path.Combine(dir, $"{n++:D2}-{name}.bin"), [selector, .. body]);
        byte[] sdu = [0x28, 0x00, 0xC0, 0xFF, 0xEE];
        foreach (byte selector in new byte[] { 0, 1, 2, 4, 5, 6 })
        {
            var (bearer, security) = PdcpTargets.Select(selector)!.Value;
            var tx = new PdcpTransmitter(bearer, NrDirection.Uplink) { Security = security };
            var name = $"{bearer.Kind}{bearer.Identity}-sn{bearer.SnLengthBits}-{(security == PdcpSecurity.None ? "plain" : "nea2-nia2")}".ToLowerInvariant();
            Put(name, selector, tx.Protect(sdu));
            if (bearer.Kind == PdcpBearerKind.Drb) Put(name + "-status-report", selector, [0x00, 0x00, 0x00, 0x10]);
        }
        var srb = PdcpBearerConfig.Srb(1);
        Put("frame-srb1", 3, new PdcpNrUdpFrame(srb, NrDirection.Uplink, 7, new PdcpTransmitter(srb, NrDirection.Uplink).Protect(sdu)).Write());
        var drb = PdcpBearerConfig.Drb(1, 18, integrity: true, ciphering: false);
        Put("frame-drb1-sn18-maci-unciphered", 3, new PdcpNrUdpFrame(drb, NrDirection.Downlink, 513, new PdcpTransmitter(drb, NrDirection.Downlink).Protect(sdu)).Write());
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(n));
    }
}
