using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// DRB identity reuse and key refresh on the in-process air link: SimFemto's cell releases a session's DRB, gives the next
/// session the same identity and refreshes K_gNB first by an intra-cell handover (masterKeyUpdate) that the UE simulator
/// follows; the fault skips the refresh. And the UE simulator alone against a hand-driven cell: a genuine refresh (the cell
/// switches to K_gNB* of TS 33.501 A.11), a claimed one (the cell keeps its old keys) and one it cannot follow.
/// </summary>
[TestFixture]
public sealed class AirKeyRefreshTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private static AirDrbResult? SetUp(AirLinkTests.Link link)
    {
        var drb = link.Gnb.SetUpDrbAsync(AirLinkTests.UeAddress, new AirDrbRequest(5, 1, null, null), Wait, CancellationToken.None);
        link.Pump();
        return drb.GetAwaiter().GetResult();
    }

    private static void Release(AirLinkTests.Link link)
    {
        link.Gnb.PduSessionsReleased(AirLinkTests.UeAddress, [5]);
        link.Pump();
        Assert.That(link.Ue.DrbActive, Is.False, string.Join("\n", link.Ue.Steps));
    }

    [Test]
    public void Clean_cell_refreshes_the_key_before_giving_a_released_drb_identity_again()
    {
        using var link = new AirLinkTests.Link();
        var toUpf = new List<byte[]>();
        link.Gnb.UplinkUser = (_, _, packet) => toUpf.Add(packet);
        link.ConnectAndSecure();
        Assert.That(SetUp(link)?.DrbIdentity, Is.EqualTo(1), string.Join("\n", link.Ue.Steps));
        var before = link.Ue.KeysForKeyTable()!;
        var oldId = link.Ue.UeId;
        Release(link);

        Assert.That(SetUp(link)?.DrbIdentity, Is.EqualTo(1), string.Join("\n", link.Ue.Steps));
        Assert.That(link.Ue.DrbAdditions.Select(a => (a.DrbIdentity, a.KeyGeneration)), Is.EqualTo(new[] { (1, 0), (1, 1) }));
        var refresh = link.Ue.KeyRefreshes.Single();
        Assert.That((refresh.Generation, refresh.Ncc, refresh.KeySetChange, refresh.WithSync, refresh.Check), Is.EqualTo((1, 0, false, true, KeyRefreshCheck.Verified)));
        Assert.That(link.Ue.UeId, Is.Not.EqualTo(oldId));
        Assert.That(link.Ue.EarlierKeys.Single(), Is.EqualTo((oldId, before)));
        Assert.That(link.Ue.KeysForKeyTable()!.KupEnc, Is.Not.EqualTo(before.KupEnc));

        // The reused identity carries user data under the new keys, and SRB1 works both ways.
        var packet = UpSecurityTrial.UplinkPacket(2);
        link.Ue.SendUser(packet);
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x65]);
        link.Pump();
        Assert.That(toUpf, Has.Some.EqualTo(packet));
        Assert.That(link.ToAmf, Has.Some.EqualTo(new byte[] { 0x7E, 0x00, 0x64, 0x65 }));

        // And again: every reuse gets its own refresh.
        Release(link);
        SetUp(link);
        Assert.That(link.Ue.DrbAdditions.Select(a => a.KeyGeneration), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(link.Ue.KeyRefreshes.Select(r => r.Check), Is.All.EqualTo(KeyRefreshCheck.Verified));
    }

    [Test]
    public void Fault_drb_id_reused_without_key_refresh_adds_the_identity_again_under_the_same_key()
    {
        using var link = new AirLinkTests.Link(faults: SimFemtoFaults.DrbIdReusedWithoutKeyRefresh);
        link.ConnectAndSecure();
        SetUp(link);
        Release(link);
        Assert.That(SetUp(link), Is.Not.Null);
        Assert.That(link.Ue.DrbAdditions.Select(a => (a.DrbIdentity, a.KeyGeneration)), Is.EqualTo(new[] { (1, 0), (1, 0) }));
        Assert.That(link.Ue.KeyRefreshes, Is.Empty);
        Assert.That(link.Ue.NextUserCount, Is.Zero);
    }

    /// <summary>The UE simulator against a cell driven by hand with known keys.</summary>
    private sealed class HandCell : IDisposable
    {
        private readonly byte[] kgnb = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        private readonly PdcpTransmitter tx = new(PdcpBearerConfig.Srb(1), NrDirection.Downlink);
        public readonly List<byte[]> Up = [];
        public readonly AirUe Ue;
        public AsSecurityContext Keys;
        public ushort Crnti = 0x4601;

        public HandCell()
        {
            Ue = new AirUe(Up.Add) { Kgnb = () => SecretBytes.Copy(kgnb) };
            Ue.Connect([0x7E, 0x00, 0x41], 1);
            Ue.Receive(new AirCcchFrame(NrDirection.Downlink, Crnti, RrcCodec.Encode(new RrcSetup(0, new RadioBearerConfig(Srbs: [new SrbToAddMod(1)]), CellGroupConfigOctets.Minimal()))).Write());
            Keys = new AsSecurityContext(SecretBytes.Copy(kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
            tx.Security = new PdcpSecurity(Keys.RrcIntegrity, NrKeyedCipher.Null);
            Send(new SecurityModeCommand(1, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));
            tx.Security = PdcpSecurity.For(Keys, tx.Bearer);
            Assert.That(Ue.Secured, Is.True, string.Join("\n", Ue.Steps));
        }

        public void Send(RrcMessage message) =>
            Ue.Receive(new PdcpNrUdpFrame(PdcpBearerConfig.Srb(1, ciphering: true), NrDirection.Downlink, Crnti, tx.Protect(RrcCodec.Encode(message))).Write());

        public static RrcReconfiguration Refresh(bool keySetChange = false, int ncc = 0) => new(3,
            new RadioBearerConfig(Srbs: [new SrbToAddMod(1, ReestablishPdcp: true)]),
            MasterCellGroup: new ReconfigurationWithSync(0x4700).CellGroupConfig(), KeyUpdate: new MasterKeyUpdate(keySetChange, ncc));

        /// <summary>The cell takes K_gNB* into use (TS 33.501 A.11 for the emulated cell) and re-establishes SRB1.</summary>
        public void TakeNewKeys()
        {
            var next = Keys.ForTargetGnb(EmulatedAirCell.PhysCellId, EmulatedAirCell.ArfcnDl);
            Keys.Dispose();
            Keys = next;
            tx.Reset();
            tx.Security = PdcpSecurity.For(Keys, tx.Bearer);
            Crnti = 0x4700;
        }

        public void Dispose()
        {
            Keys.Dispose();
            Ue.Dispose();
        }
    }

    [Test]
    public void Ue_follows_a_genuine_refresh_and_answers_under_the_new_keys()
    {
        using var cell = new HandCell();
        cell.Up.Clear();
        cell.Send(HandCell.Refresh());
        cell.TakeNewKeys();
        Assert.That(cell.Ue.UeId, Is.EqualTo(0x4700));
        // RRCReconfigurationComplete: SRB1 COUNT 0 under the new K_RRCint/K_RRCenc.
        var rx = new PdcpReceiver(PdcpBearerConfig.Srb(1), NrDirection.Uplink, maxBuffered: 4) { Security = PdcpSecurity.For(cell.Keys, PdcpBearerConfig.Srb(1)) };
        var up = rx.Receive(PdcpNrUdpFrame.Read(cell.Up.Single(), [])!.Pdu);
        Assert.That(up.Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted));
        Assert.That(up.Count, Is.Zero);
        Assert.That(RrcCodec.Decode(RrcChannel.UlDcch, up.Delivered.Single().Sdu).Message, Is.EqualTo(new RrcReconfigurationComplete(3)));
        Assert.That(cell.Ue.KeyRefreshes.Single().Check, Is.EqualTo(KeyRefreshCheck.Pending));
        cell.Send(new DlInformationTransfer(0, [0x7E, 0x00, 0x42]));
        Assert.That(cell.Ue.KeyRefreshes.Single().Check, Is.EqualTo(KeyRefreshCheck.Verified));
        Assert.That(cell.Ue.KeyGeneration, Is.EqualTo(1));
    }

    [Test]
    public void Ue_marks_a_refresh_claimed_when_the_cell_keeps_its_old_keys()
    {
        using var cell = new HandCell();
        cell.Send(HandCell.Refresh());
        cell.Send(new DlInformationTransfer(0, [0x7E, 0x00, 0x42]));
        Assert.That(cell.Ue.KeyRefreshes.Single().Check, Is.EqualTo(KeyRefreshCheck.Failed), string.Join("\n", cell.Ue.Steps));
    }

    [Test]
    public void Ue_does_not_follow_a_key_set_change_or_a_new_ncc_and_sends_nothing()
    {
        foreach (var (keySetChange, ncc) in new[] { (true, 0), (false, 2) })
        {
            using var cell = new HandCell();
            cell.Up.Clear();
            cell.Send(HandCell.Refresh(keySetChange, ncc));
            Assert.That(cell.Up, Is.Empty);
            Assert.That(cell.Ue.KeyRefreshes.Single().Check, Is.EqualTo(KeyRefreshCheck.NotFollowed));
            Assert.That(cell.Ue.KeyGeneration, Is.Zero);
        }
    }
}
