using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>The backhaul decision as a pure function of the observation: no socket, no capture, no DUT.</summary>
[TestFixture]
public sealed class BackhaulJudgementTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Segw = IPAddress.Parse("127.0.0.1");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private static readonly BackhaulJudgement.Rule TimeRule = new(
        "time protocols in clear on the backhaul",
        p => p.Class == BackhaulClass.Time,
        "TS 33.320 4.4.2",
        "the DUT queries time in clear outside the tunnel",
        ": no evidence of where its time comes from",
        served => $"{served.Protected} ESP packet(s), {served.InnerTo(123)} time queries inside");

    private static ClassifiedPacket Packet(int number, TransportKind transport, int port, BackhaulClass kind, string why) =>
        new(new CapturedPacket(number, DateTime.UnixEpoch, Dut, Segw, transport, 40000, port, []), kind, why);

    [Test]
    public void Without_capture_nothing_can_be_decided()
    {
        var judged = BackhaulJudgement.Decide(new ServedTunnel(true, "", "no root", [], []), TimeRule, Window);
        Assert.That(judged.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(judged.Decision.Reason, Is.EqualTo("the backhaul cannot be captured: no root"));
        Assert.That(judged.Finding, Is.Null);
    }

    [Test]
    public void Without_a_tunnel_the_window_proves_nothing()
    {
        var judged = BackhaulJudgement.Decide(new ServedTunnel(false, "the DUT sent no IKE_SA_INIT within 6 s", null, [], []), TimeRule, Window);
        Assert.That(judged.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(judged.Decision.Reason, Is.EqualTo("no tunnel: the DUT sent no IKE_SA_INIT within 6 s"));
    }

    [Test]
    public void A_forbidden_packet_fails_and_is_named()
    {
        var sent = new[]
        {
            Packet(1, TransportKind.Udp, 4500, BackhaulClass.EspInUdp, "ESP in UDP"),
            Packet(2, TransportKind.Udp, 123, BackhaulClass.Time, "NTP in clear"),
        };
        var judged = BackhaulJudgement.Decide(new ServedTunnel(true, "", null, sent, []), TimeRule, Window);
        Assert.That(judged.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(judged.Decision.Reason, Does.StartWith("the DUT queries time in clear outside the tunnel: NTP in clear (1 packet(s), e.g. #2 Udp"));
        Assert.That(judged.Finding, Is.Not.Null);
        Assert.That(judged.Finding!.Conforms, Is.False);
    }

    [Test]
    public void No_ESP_at_all_is_inconclusive_and_ESP_without_forbidden_packets_passes()
    {
        var ikeOnly = new[] { Packet(1, TransportKind.Udp, 500, BackhaulClass.Ike, "IKE") };
        var idle = BackhaulJudgement.Decide(new ServedTunnel(true, "", null, ikeOnly, []), TimeRule, Window);
        Assert.That(idle.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(idle.Decision.Reason, Is.EqualTo("the DUT sent no ESP in 5 s: no evidence of where its time comes from"));

        var used = ikeOnly.Append(Packet(2, TransportKind.Udp, 4500, BackhaulClass.EspInUdp, "ESP in UDP")).ToList();
        var inner = new[] { new InnerFlow(IPAddress.Parse("10.45.0.10"), "udp", 123) };
        var pass = BackhaulJudgement.Decide(new ServedTunnel(true, "", null, used, inner), TimeRule, Window);
        Assert.That(pass.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(pass.Decision.Reason, Is.EqualTo("1 ESP packet(s), 1 time queries inside"));
        Assert.That(pass.Finding!.Conforms, Is.True);
    }

    [Test]
    public void The_case_s_own_rule_may_decide_before_the_ESP_guard()
    {
        var rule = TimeRule with { Undecided = _ => Decision.Inconclusive("the management link decides") };
        var judged = BackhaulJudgement.Decide(new ServedTunnel(true, "", null, [], []), rule, Window);
        Assert.That(judged.Decision.Reason, Is.EqualTo("the management link decides"));
    }
}
