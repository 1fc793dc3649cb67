using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Writes the seed corpus of the <c>air-key-refresh</c> fuzz target (harness/FemtoScas.Fuzz/corpus/air-key-refresh): DL-DCCH
/// RRC PDUs as SimFemto's cell sends them (the intra-cell key refresh, a DRB addition and release) and the refreshes the UE
/// simulator does not follow. Explicit: run it by name after the messages change, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the air-key-refresh fuzz seed corpus; run by name")]
public sealed class AirKeyRefreshCorpusMaker
{
    [Test]
    public void Write_the_air_key_refresh_seeds()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "air-key-refresh");
        Directory.CreateDirectory(dir);
        RrcReconfiguration Refresh(bool keySetChange, int ncc) => new(3,
            new RadioBearerConfig(Srbs: [new SrbToAddMod(1, ReestablishPdcp: true)],
                Security: new SecurityConfig(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), KeyToUseSecondary: false)),
            MasterCellGroup: new ReconfigurationWithSync(0x4602, 5).CellGroupConfig(), KeyUpdate: new MasterKeyUpdate(keySetChange, ncc));
        var drb = new DrbToAddMod(1, new SdapConfig(5, HeaderDl: false, HeaderUl: false, DefaultDrb: true, [1]),
            new PdcpConfig(new PdcpDrbConfig(DiscardTimerIndex: 15, SnSizeUl: 18, SnSizeDl: 18, IntegrityProtection: true), CipheringDisabled: false, TReorderingIndex: 35));
        (string Name, RrcMessage Message)[] seeds =
        [
            ("key-refresh", Refresh(false, 0)),
            ("key-set-change", Refresh(true, 0)),
            ("new-ncc", Refresh(false, 3)),
            ("drb-add", new RrcReconfiguration(2, new RadioBearerConfig(Drbs: [drb]))),
            ("drb-release", new RrcReconfiguration(1, new RadioBearerConfig(DrbsToRelease: [1]))),
            ("refresh-and-drb", Refresh(false, 0) with { RadioBearers = new RadioBearerConfig(Srbs: [new SrbToAddMod(1, ReestablishPdcp: true)], Drbs: [drb with { ReestablishPdcp = true }], DrbsToRelease: [2]) }),
        ];
        foreach (var (name, message) in seeds) File.WriteAllBytes(Path.Combine(dir, $"{name}.bin"), RrcCodec.Encode(message));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(seeds.Length));
    }
}
