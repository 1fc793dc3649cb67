using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Independent oracle for the key refresh evidence: tshark 4.0.17 with a <c>pdcp_nr_ue_keys</c> table of one row per C-RNTI
/// (the keys before the intra-cell handover, the K_gNB* keys after it under the new C-RNTI) verifies and deciphers the
/// RRCReconfiguration carrying masterKeyUpdate and reconfigurationWithSync, and the SRB1 traffic after it under the new keys.
/// </summary>
[TestFixture]
public sealed class AirKeyRefreshTsharkTests
{
    [Test]
    public void Tshark_reads_the_refresh_and_verifies_srb1_under_the_new_keys()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = new AirLinkTests.Link();
        link.ConnectAndSecure();
        for (var i = 0; i < 2; i++)
        {
            var drb = link.Gnb.SetUpDrbAsync(AirLinkTests.UeAddress, new AirDrbRequest(5, 1, null, null), TimeSpan.FromSeconds(3), CancellationToken.None);
            link.Pump();
            Assert.That(drb.GetAwaiter().GetResult(), Is.Not.Null, string.Join("\n", link.Ue.Steps));
            link.Gnb.PduSessionsReleased(AirLinkTests.UeAddress, [5]);
            link.Pump();
        }
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x66]);
        link.Pump();
        Assert.That(link.Ue.EarlierKeys, Has.Count.EqualTo(1), string.Join("\n", link.Ue.Steps));

        var frames = AirTsharkDecode.Frames(link, [.. link.Ue.EarlierKeys, (link.Ue.UeId, link.Ue.KeysForKeyTable()!)], "femtoscas-key-refresh-oracle-");
        var refresh = frames.SingleOrDefault(f => f.Contains("masterKeyUpdate", StringComparison.Ordinal)) ?? throw new AssertionException($"no masterKeyUpdate frame:\n{string.Join("\n", frames)}");
        Assert.That(refresh, Does.Contain("[Matches calculated result]").And.Contain("keySetChangeIndicator: False").And.Contain("nextHopChainingCount: 0").And.Contain("reconfigurationWithSync").And.Not.Contain("Malformed"));
        var after = frames.Skip(frames.IndexOf(refresh) + 1).ToList();
        Assert.That(after.Where(f => f.Contains("c1: rrcReconfigurationComplete (", StringComparison.Ordinal)), Is.Not.Empty.And.All.Contain("[Matches calculated result]"));
        Assert.That(after.Where(f => f.Contains("drb-ToAddModList", StringComparison.Ordinal)), Is.Not.Empty.And.All.Contain("[Matches calculated result]"));
        Assert.That(after.Last(f => f.Contains("c1: ulInformationTransfer (", StringComparison.Ordinal)), Does.Contain("[Matches calculated result]"));
    }
}
