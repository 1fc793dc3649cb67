using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

[TestFixture]
public sealed class NgcInTunnelRuleTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Segw = IPAddress.Parse("127.0.0.1");

    private static ClassifiedPacket Packet(TransportKind transport, int sourcePort, int destinationPort, BackhaulClass cls = BackhaulClass.Other) =>
        new(new CapturedPacket(1, DateTime.UnixEpoch, Dut, Segw, transport, sourcePort, destinationPort, new byte[12]), cls, "in clear");

    [Test]
    public void SCTP_over_UDP_and_NGAP_port_outside_the_tunnel_are_NG_C()
    {
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 40000, 9899)), Does.Contain("RFC 6951"));
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 9899, 9899)), Does.Contain("RFC 6951"));
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Tcp, 40000, 38412)), Does.Contain("38412"));
        Assert.That(NgcInTunnelRule.Rule.Forbidden(Packet(TransportKind.Udp, 40000, 9899)), Is.True);
    }

    [Test]
    public void IKE_ESP_and_other_clear_traffic_are_not_NG_C()
    {
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 4500, 4500, BackhaulClass.EspInUdp)), Is.Null);
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 9899, 4500, BackhaulClass.Ike)), Is.Null);
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 40000, 123, BackhaulClass.Time)), Is.Null);
        Assert.That(NgcInTunnelRule.Rule.Forbidden(Packet(TransportKind.Tcp, 40000, 7547, BackhaulClass.Management)), Is.False);
    }

    [Test]
    public void Without_SCTP_inside_the_tunnel_the_case_cannot_decide()
    {
        var none = new ServedTunnel(false, "", null, [], [new InnerFlow(Segw, "udp", 123)]);
        Assert.That(NgcInTunnelRule.Rule.Undecided!(none)?.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
        var inside = none with { Inner = [new InnerFlow(IPAddress.Parse("10.45.255.1"), "ip/132", 0)] };
        Assert.That(NgcInTunnelRule.Rule.Undecided!(inside), Is.Null);
    }
}
