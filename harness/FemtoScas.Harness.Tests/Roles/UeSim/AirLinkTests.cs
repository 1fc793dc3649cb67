using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// SimFemto's gNB access stratum and the harness UE simulator wired back to back in process (no sockets, no AMF):
/// RRC setup, the AS SMC with the algorithms the cell's priority lists and the UE's capabilities give, SRB1
/// protected afterwards, and each AS fault changing exactly what its case looks at.
/// </summary>
[TestFixture]
public sealed class AirLinkTests
{
    internal static readonly IPEndPoint UeAddress = new(IPAddress.Loopback, 40000);
    private static readonly byte[] RegistrationRequest = Convert.FromHexString("7E004179000D0100F110000000000000000001");

    internal sealed class Link : IDisposable
    {
        public readonly SimFemtoGnbAs Gnb;
        public readonly AirUe Ue;
        public readonly List<byte[]> ToAmf = [];
        public readonly List<byte[]> InitialNas = [];

        /// <summary>Every datagram carried, in order, with its direction (for the tshark oracle).</summary>
        public readonly List<(bool ToUe, byte[] Datagram)> Carried = [];
        private readonly byte[] kgnb = RandomNumberGenerator.GetBytes(32);

        /// <summary>The K_gNB the cell and the UE share (as the harness AMF would have sent it).</summary>
        public byte[] Kgnb => kgnb;
        private readonly Queue<(bool ToUe, byte[] Datagram)> wire = new();

        public Link(ushort nia = 0xE000, ushort nea = 0xE000, params string[] faults)
        {
            var options = new SimFemtoOptions { Address = IPAddress.Loopback, Faults = SimFemtoFaults.Validate(faults) };
            Gnb = new SimFemtoGnbAs(options, new SimFemtoLog(null))
            {
                InitialNas = (_, nas) => InitialNas.Add(nas),
                UplinkNas = (_, nas) => ToAmf.Add(nas),
            };
            Ue = new AirUe(d => wire.Enqueue((false, d))) { NiaCapabilities = nia, NeaCapabilities = nea, Kgnb = () => SecretBytes.Copy(kgnb) };
        }

        /// <summary>Carries every queued datagram (bounded).</summary>
        public void Pump()
        {
            for (var i = 0; i < 100 && wire.Count > 0; i++)
            {
                var (toUe, datagram) = wire.Dequeue();
                Carried.Add((toUe, datagram));
                if (toUe) Ue.Receive(datagram);
                else Gnb.Receive(UeAddress, datagram, d => wire.Enqueue((true, d)));
            }
        }

        public void ConnectAndSecure()
        {
            Ue.Connect(RegistrationRequest, 0x12345);
            Pump();
            Gnb.ContextSetUp(UeAddress, kgnb, Ue.NeaCapabilities, Ue.NiaCapabilities);
            Pump();
        }

        public void Dispose() => Ue.Dispose();
    }

    [Test]
    public void Clean_cell_selects_nia2_nea2_and_protects_srb1_both_ways()
    {
        using var link = new Link();
        link.ConnectAndSecure();
        Assert.That(link.InitialNas, Has.Count.EqualTo(1));
        Assert.That(link.InitialNas[0], Is.EqualTo(RegistrationRequest));
        Assert.That(link.Ue.Secured, Is.True, string.Join("\n", link.Ue.Steps));
        Assert.That(link.Ue.Selected, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));

        link.Gnb.DownlinkNas(UeAddress, [0x7E, 0x00, 0x42]);
        link.Pump();
        var last = link.Ue.Received[^1];
        Assert.That(last.Message, Is.TypeOf<DlInformationTransfer>());
        Assert.That(last.Protection, Is.EqualTo(AirDownlinkProtection.IntegrityAndCiphering));

        link.Ue.SendNas([0x7E, 0x00, 0x43]);
        link.Pump();
        Assert.That(link.ToAmf, Has.Count.EqualTo(1));
    }

    [Test]
    public void Priority_follows_the_ue_capabilities_and_the_fault_takes_the_lowest()
    {
        // UE without NIA2/NEA2: the next of the lists, NIA1 and NEA1.
        using (var link = new Link(nia: 0xA000, nea: 0xA000))
        {
            link.ConnectAndSecure();
            Assert.That(link.Ue.Selected, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia1)));
        }
        using (var link = new Link(faults: SimFemtoFaults.AsWrongAlgorithmPriority))
        {
            link.ConnectAndSecure();
            Assert.That(link.Ue.Selected, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea0, NrIntegrityAlgorithm.Nia3)));
        }
        using (var link = new Link(faults: SimFemtoFaults.AsNia0Selected))
        {
            link.ConnectAndSecure();
            Assert.That(link.Ue.Selected?.Integrity, Is.EqualTo(NrIntegrityAlgorithm.Nia0));
        }
    }

    [Test]
    public void Not_ciphered_fault_is_seen_by_the_ue()
    {
        using var link = new Link(faults: SimFemtoFaults.RrcNotCiphered);
        link.ConnectAndSecure();
        link.Gnb.DownlinkNas(UeAddress, [0x7E, 0x00, 0x42]);
        link.Pump();
        Assert.That(link.Ue.Received[^1].Protection, Is.EqualTo(AirDownlinkProtection.NotCiphered));
    }

    [TestCase(false, 0)]
    [TestCase(true, 1)]
    public void Bad_mac_i_is_discarded_unless_the_fault(bool fault, int expected)
    {
        using var link = new Link(faults: fault ? [SimFemtoFaults.RrcBadMacIAccepted] : []);
        link.ConnectAndSecure();
        link.Ue.SendNas([0x7E, 0x00, 0x43], new PdcpManoeuvre(CorruptMacI: true));
        link.Pump();
        Assert.That(link.ToAmf, Has.Count.EqualTo(expected));
    }

    [TestCase(false, 1)]
    [TestCase(true, 2)]
    public void Replayed_count_is_discarded_unless_the_fault(bool fault, int expected)
    {
        using var link = new Link(faults: fault ? [SimFemtoFaults.RrcReplayAccepted] : []);
        link.ConnectAndSecure();
        link.Ue.SendNas([0x7E, 0x00, 0x43]);
        link.Pump();
        link.Ue.Replay(link.Ue.SentPdus.Count - 1);
        link.Pump();
        Assert.That(link.ToAmf, Has.Count.EqualTo(expected));
    }
}
