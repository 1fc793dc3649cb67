using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The air link's user plane in process (no sockets, no AMF): SimFemto's cell adds a DRB by RRCReconfiguration under the
/// SMF's Security Indication, the UE simulator applies it and answers; user packets go up and down the DRB with K_UPint /
/// K_UPenc; each user-plane fault changes exactly what its case looks at; tshark deciphers and verifies the DRB with the
/// UE's key table.
/// </summary>
[TestFixture]
public sealed class AirDrbTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private static SecurityIndication Both(UpProtectionIndication i, UpProtectionIndication c) => UpSecurityTrial.Policy(i, c);

    private sealed class UserLink : IDisposable
    {
        public readonly AirLinkTests.Link Link;
        public readonly List<(int Session, byte[] Packet)> ToUpf = [];
        public AirDrbResult? Result;

        public UserLink(SecurityIndication? policy, params string[] faults)
        {
            Link = new AirLinkTests.Link(0xE000, 0xE000, faults);
            Link.Gnb.UplinkUser = (_, session, packet) => ToUpf.Add((session, packet));
            Link.ConnectAndSecure();
            var drb = Link.Gnb.SetUpDrbAsync(AirLinkTests.UeAddress, new AirDrbRequest(5, 1, policy, null), Wait, CancellationToken.None);
            Link.Pump();
            Result = drb.GetAwaiter().GetResult();
        }

        public int Arrivals(byte[] packet) => ToUpf.Count(p => p.Packet.AsSpan().SequenceEqual(packet));

        public void Dispose() => Link.Dispose();
    }

    [Test]
    public void Required_policy_gives_a_drb_with_integrity_and_ciphering_and_user_packets_pass_both_ways()
    {
        using var u = new UserLink(Both(UpProtectionIndication.Required, UpProtectionIndication.Required));
        Assert.That(u.Result, Is.Not.Null, string.Join("\n", u.Link.Ue.Steps));
        Assert.That(u.Result!.Reported, Is.EqualTo(new SecurityResult(UpProtectionResult.Performed, UpProtectionResult.Performed)));
        Assert.That(u.Link.Ue.Drb?.DrbIdentity, Is.EqualTo(1));
        Assert.That(u.Link.Ue.DrbBearer, Is.EqualTo(PdcpBearerConfig.Drb(1, 18, integrity: true, ciphering: true)));
        Assert.That(u.Link.Ue.Steps.Select(s => s.Message), Does.Contain("rrcReconfigurationComplete"));

        var up = UpSecurityTrial.UplinkPacket(1);
        u.Link.Ue.SendUser(up);
        u.Link.Pump();
        Assert.That(u.ToUpf, Has.Count.EqualTo(1));
        Assert.That(u.ToUpf[0].Session, Is.EqualTo(5));
        Assert.That(u.ToUpf[0].Packet, Is.EqualTo(up));
        // What the UE sent is neither the packet in clear nor readable without K_UPenc.
        Assert.That(u.Link.Carried.Last(c => !c.ToUe).Datagram.AsSpan().IndexOf(up.AsSpan(20)), Is.EqualTo(-1));

        var down = UpSecurityTrial.DownlinkPacket();
        u.Link.Gnb.DownlinkUser(AirLinkTests.UeAddress, down);
        u.Link.Pump();
        var seen = u.Link.Ue.UserReceived.Single();
        Assert.That(new UpDownlinkProbe(down, seen).DeliveredIntact, Is.True);
        Assert.That(new UpDownlinkProbe(down, seen).SentInClear, Is.False);
        Assert.That(seen.MacIVerified, Is.True);
    }

    [TestCase(UpProtectionIndication.Required, UpProtectionIndication.NotNeeded, true, false)]
    [TestCase(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required, false, true)]
    [TestCase(UpProtectionIndication.Preferred, UpProtectionIndication.Preferred, true, true)]
    [TestCase(UpProtectionIndication.NotNeeded, UpProtectionIndication.NotNeeded, false, false)]
    public void The_cell_follows_the_smf_indication_and_reports_it_truly(UpProtectionIndication integrity, UpProtectionIndication confidentiality, bool integrityOn, bool cipheringOn)
    {
        using var u = new UserLink(Both(integrity, confidentiality));
        Assert.That(u.Link.Ue.DrbBearer?.Integrity, Is.EqualTo(integrityOn));
        Assert.That(u.Link.Ue.DrbBearer?.Ciphering, Is.EqualTo(cipheringOn));
        Assert.That(u.Result!.Reported, Is.EqualTo(new SecurityResult(integrityOn ? UpProtectionResult.Performed : UpProtectionResult.NotPerformed,
            cipheringOn ? UpProtectionResult.Performed : UpProtectionResult.NotPerformed)));
        var up = UpSecurityTrial.UplinkPacket(7);
        u.Link.Ue.SendUser(up);
        u.Link.Pump();
        Assert.That(u.Arrivals(up), Is.EqualTo(1));
        var down = UpSecurityTrial.DownlinkPacket();
        u.Link.Gnb.DownlinkUser(AirLinkTests.UeAddress, down);
        u.Link.Pump();
        Assert.That(new UpDownlinkProbe(down, u.Link.Ue.UserReceived.Single()).DeliveredIntact, Is.True);
    }

    [TestCase(false, 0)]
    [TestCase(true, 1)]
    public void Bad_mac_i_on_the_drb_is_discarded_unless_the_fault(bool fault, int expected)
    {
        using var u = new UserLink(Both(UpProtectionIndication.Required, UpProtectionIndication.Required), fault ? new[] { SimFemtoFaults.UpBadMacIAccepted } : []);
        var bad = UpSecurityTrial.UplinkPacket(2);
        u.Link.Ue.SendUser(bad, new PdcpManoeuvre(u.Link.Ue.NextUserCount, CorruptMacI: true));
        u.Link.Pump();
        Assert.That(u.Arrivals(bad), Is.EqualTo(expected));
        var good = UpSecurityTrial.UplinkPacket(3);
        u.Link.Ue.SendUser(good);
        u.Link.Pump();
        Assert.That(u.Arrivals(good), Is.EqualTo(1), "the good PDU at the same COUNT still passes");
    }

    [TestCase(false, 1)]
    [TestCase(true, 2)]
    public void Replayed_drb_pdu_is_discarded_unless_the_fault(bool fault, int expected)
    {
        using var u = new UserLink(Both(UpProtectionIndication.Required, UpProtectionIndication.Required), fault ? new[] { SimFemtoFaults.UpReplayAccepted } : []);
        var packet = UpSecurityTrial.UplinkPacket(1);
        u.Link.Ue.SendUser(packet);
        u.Link.Pump();
        u.Link.Ue.ReplayUser(0);
        u.Link.Pump();
        Assert.That(u.Arrivals(packet), Is.EqualTo(expected));
    }

    [Test]
    public void Integrity_and_policy_faults_change_the_drb_configuration()
    {
        using (var u = new UserLink(Both(UpProtectionIndication.Required, UpProtectionIndication.Required), SimFemtoFaults.UpIntegrityNotActivated))
            Assert.That(u.Link.Ue.DrbBearer?.Integrity, Is.False);
        using (var u = new UserLink(Both(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required), SimFemtoFaults.UpPolicyIntegrityIgnored))
            Assert.That(u.Link.Ue.DrbBearer?.Integrity, Is.True);
        using (var u = new UserLink(Both(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required), SimFemtoFaults.UpPolicyCipheringIgnored))
            Assert.That(u.Link.Ue.DrbBearer?.Ciphering, Is.False);
    }

    [TestCase(UpProtectionIndication.Required)]
    [TestCase(UpProtectionIndication.NotNeeded)]
    public void Not_ciphered_fault_is_seen_by_the_ue_with_and_without_integrity(UpProtectionIndication integrity)
    {
        using var u = new UserLink(Both(integrity, UpProtectionIndication.Required), SimFemtoFaults.UpNotCiphered);
        Assert.That(u.Link.Ue.DrbBearer?.Ciphering, Is.True, "configured ciphered");
        var down = UpSecurityTrial.DownlinkPacket();
        u.Link.Gnb.DownlinkUser(AirLinkTests.UeAddress, down);
        u.Link.Pump();
        var probe = new UpDownlinkProbe(down, u.Link.Ue.UserReceived.Single());
        Assert.That(probe.SentInClear, Is.True);
        Assert.That(probe.DeliveredIntact, Is.False);
    }

    /// <summary>
    /// Independent oracle: tshark 4.0.17 with the UE's pdcp_nr_ue_keys reads the DRB frames of the link (user plane, 18-bit
    /// SN, MAC-I present), deciphers them with NEA2 and K_UPenc to our IPv4/UDP packets and verifies their NIA2 MAC-I with
    /// K_UPint; the RRCReconfiguration adding the DRB and its completion show as NR RRC.
    /// </summary>
    [Test]
    public void Tshark_deciphers_the_drb_and_verifies_its_mac_i_with_our_key_table()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var u = new UserLink(Both(UpProtectionIndication.Required, UpProtectionIndication.Required));
        u.Link.Ue.SendUser(UpSecurityTrial.UplinkPacket(1));
        u.Link.Pump();
        u.Link.Gnb.DownlinkUser(AirLinkTests.UeAddress, UpSecurityTrial.DownlinkPacket());
        u.Link.Pump();
        var keys = u.Link.Ue.KeysForKeyTable()!;
        var directory = Directory.CreateTempSubdirectory("femtoscas-drb-oracle-");
        try
        {
            var profile = Path.Combine(directory.FullName, "config", "wireshark");
            WiresharkPdcpKeyTable.Write(profile, [(u.Link.Ue.UeId, keys)]);
            var pcap = Path.Combine(directory.FullName, "drb.pcap");
            File.WriteAllBytes(pcap, ClassicPcap.Write(u.Link.Carried.Select(c => ClassicPcap.Ipv4(17, fromFemto: c.ToUe, Udp(c.Datagram)))));
            var output = TsharkRun.Output(["-r", pcap, "-V", .. WiresharkPdcpKeyTable.TsharkOptions(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)],
                new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(directory.FullName, "config"), ["HOME"] = Path.Combine(directory.FullName, "config") }, "FEMTOSCAS_KEEP_DRB_ORACLE");
            var frames = TsharkRun.SplitFrames(output);
            Assert.That(frames, Has.Count.EqualTo(u.Link.Carried.Count));
            Assert.That(frames.Any(f => f.Contains("c1: rrcReconfiguration (", StringComparison.Ordinal)), Is.True, "the RRCReconfiguration is dissected (deciphered SRB1)");
            Assert.That(frames.Any(f => f.Contains("c1: rrcReconfigurationComplete (", StringComparison.Ordinal)), Is.True);
            var user = frames.Where(f => f.Contains("Plane: User (2)", StringComparison.Ordinal)).ToList();
            Assert.That(user, Has.Count.EqualTo(2), "one uplink and one downlink DRB PDU");
            Assert.That(user[0], Does.Contain($"[CIPHER KEY: {keys.KupEnc}]").And.Contain($"[INTEGRITY KEY: {keys.KupInt}]").And.Contain("MAC-I Present: True"));
            Assert.That(user[0], Does.Contain("User Datagram Protocol, Src Port: 40000, Dst Port: 9"), "deciphered uplink DRB payload is the UE's IPv4/UDP packet");
            Assert.That(user[1], Does.Contain("User Datagram Protocol, Src Port: 9, Dst Port: 40000"), "deciphered downlink DRB payload is the UPF's packet");
            foreach (var f in user) Assert.That(f, Does.Contain("[Matches calculated result]").And.Not.Contain("Malformed"), f);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] Udp(byte[] payload)
    {
        var udp = new byte[8 + payload.Length];
        udp[0] = 0x9C; udp[1] = 0x40;
        udp[2] = 0x15; udp[3] = 0xE0;
        udp[4] = (byte)(udp.Length >> 8); udp[5] = (byte)udp.Length;
        payload.CopyTo(udp, 8);
        return udp;
    }
}
