using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Capture;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Capture;

public sealed class BackhaulClassifierTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Segw = IPAddress.Parse("127.0.0.1");

    private static byte[] IkeHeader()
    {
        var ike = new byte[28];
        ike[17] = 0x20;
        BinaryPrimitives.WriteUInt32BigEndian(ike.AsSpan(24), 28);
        return ike;
    }

    /// <summary>An ICMP error body: the quoted IPv4 header (from <paramref name="from"/>, protocol <paramref name="protocol"/>) and 8 octets of its UDP header.</summary>
    private static byte[] Quoting(IPAddress from, int fromPort, byte protocol)
    {
        var q = new byte[28];
        q[0] = 0x45;
        q[9] = protocol;
        from.GetAddressBytes().CopyTo(q, 12);
        Dut.GetAddressBytes().CopyTo(q, 16);
        BinaryPrimitives.WriteUInt16BigEndian(q.AsSpan(20), (ushort)fromPort);
        BinaryPrimitives.WriteUInt16BigEndian(q.AsSpan(22), 40000);
        return q;
    }

    private static CapturedPacket Icmp(int number, int type, byte[] body) =>
        new(number, DateTime.UnixEpoch, Dut, Segw, TransportKind.Icmp, 0, 0, body) { IcmpType = type };

    private static IReadOnlyList<ClassifiedPacket> Classify(params CapturedPacket[] packets) =>
        BackhaulClassifier.Classify([new CapturedPacket(1, DateTime.UnixEpoch, Dut, Segw, TransportKind.Udp, 40000, 5000, IkeHeader()), .. packets], Dut, []);

    [Test]
    public void A_port_unreachable_about_the_SeGWs_IKE_datagram_is_about_the_tunnel_not_clear_text()
    {
        var c = Classify(Icmp(2, 3, Quoting(Segw, 5000, 17)));
        Assert.That(c[0].Class, Is.EqualTo(BackhaulClass.Ike));
        Assert.That(c[1].Class, Is.EqualTo(BackhaulClass.IcmpErrorAboutTunnel));
        Assert.That(c[1].Why, Does.Contain("ICMP type 3").And.Contain("IKE"));
    }

    [Test]
    public void An_ICMP_error_about_ESP_is_about_the_tunnel() =>
        Assert.That(Classify(Icmp(2, 3, Quoting(Segw, 0, 50)))[1].Class, Is.EqualTo(BackhaulClass.IcmpErrorAboutTunnel));

    [Test]
    public void An_ICMP_error_about_another_flow_is_clear_text()
    {
        Assert.That(Classify(Icmp(2, 3, Quoting(Segw, 7547, 17)))[1].Class, Is.EqualTo(BackhaulClass.Other), "a port the DUT never ran IKE with");
        Assert.That(Classify(Icmp(2, 3, Quoting(IPAddress.Parse("127.0.0.9"), 5000, 17)))[1].Class, Is.EqualTo(BackhaulClass.Other), "another host");
    }

    [Test]
    public void An_echo_request_or_a_truncated_quote_is_clear_text()
    {
        Assert.That(Classify(Icmp(2, 8, Quoting(Segw, 5000, 17)))[1].Class, Is.EqualTo(BackhaulClass.Other), "type 8 quotes nothing");
        Assert.That(Classify(Icmp(2, 3, Quoting(Segw, 5000, 17)[..24]))[1].Class, Is.EqualTo(BackhaulClass.Other), "fewer than 8 octets after the quoted header");
        Assert.That(Classify(Icmp(2, 3, []))[1].Class, Is.EqualTo(BackhaulClass.Other));
    }

    /// <summary>
    /// A real capture (SimFemto with fault idi-mismatch on a loaded host): the DUT retransmitted
    /// IKE_AUTH, closed its socket after the first AUTHENTICATION_FAILED answer, and its stack
    /// answered the SeGW's second copy with a port unreachable.
    /// </summary>
    [Test]
    public void A_recorded_port_unreachable_after_a_refused_IKE_AUTH_is_about_the_tunnel()
    {
        var file = Path.Combine(Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory),
            "harness", "FemtoScas.Harness.Tests", "Capture", "port-unreachable-after-ike-auth.pcap");
        var packets = CapturedPacket.ReadFile(file, out var undecoded);
        Assert.That(undecoded, Is.Zero);
        var dut = IPAddress.Parse("127.0.102.2");
        var classified = BackhaulClassifier.Classify(packets, dut, []);
        var icmp = classified.Single(c => c.Packet.Transport == TransportKind.Icmp);
        Assert.That(icmp.Packet.IcmpType, Is.EqualTo(3));
        Assert.That(icmp.Class, Is.EqualTo(BackhaulClass.IcmpErrorAboutTunnel), icmp.Why);
        Assert.That(classified.Where(c => c != icmp).Select(c => c.Class), Is.All.EqualTo(BackhaulClass.Ike));
    }
}
