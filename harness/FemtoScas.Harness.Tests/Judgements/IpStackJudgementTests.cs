using System.Net;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.IpStack;
using NUnit.Framework;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Tests.Judgements;

public sealed class IpStackJudgementTests
{
    private static readonly IReadOnlySet<string> EchoOnly = new HashSet<string>(["echo"]);

    private static IReadOnlyList<IcmpAnswer> Answers(params string[] answered) =>
        [.. IcmpProber.Requests.Select(r => new IcmpAnswer(r.Name, r.Type, answered.Contains(r.Name), answered.Contains(r.Name) ? "answered" : "no answer"))];

    private static RedirectObservation Route(string after) =>
        new("198.19.2.1", "198.19.2.2", "198.19.2.1 via 198.18.0.1 dev x src 198.18.0.2 ", after + " ", null);

    [Test]
    public void Echo_answered_and_route_kept_passes()
    {
        var o = IcmpHandlingJudgement.Decide(Answers("echo"), EchoOnly, Route("198.19.2.1 via 198.18.0.1 dev x src 198.18.0.2"));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(o.Findings.All(f => f.Conforms));
    }

    [Test]
    public void A_timestamp_reply_fails_naming_the_type()
    {
        var o = IcmpHandlingJudgement.Decide(Answers("echo", "timestamp"), EchoOnly, Route("198.19.2.1 via 198.18.0.1 dev x"));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(o.Decision.Reason, Does.Contain("ICMP timestamp request (type 13) answered"));
    }

    [Test]
    public void A_route_via_the_redirect_gateway_fails()
    {
        var o = IcmpHandlingJudgement.Decide(Answers("echo"), EchoOnly, Route("198.19.2.1 via 198.19.2.2 dev x cache <redirected>"));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(o.Decision.Reason, Does.Contain("acted on an ICMP redirect"));
    }

    [Test]
    public void An_unobservable_redirect_is_inconclusive_never_pass()
    {
        var o = IcmpHandlingJudgement.Decide(Answers(), EchoOnly, new RedirectObservation("198.19.2.1", "198.19.2.2", "", "", "physical DUT"));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void A_documented_timestamp_answer_is_allowed()
    {
        var o = IcmpHandlingJudgement.Decide(Answers("echo", "timestamp"), new HashSet<string>(["echo", "timestamp"]), Route("198.19.2.1 via 198.18.0.1 dev x"));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Pass));
    }

    private static SynFloodObservation Flood(int sent, params bool[] connected) =>
        new(new IPEndPoint(IPAddress.Parse("198.18.0.2"), 8443), sent, TimeSpan.FromSeconds(5), 2000, TimeSpan.FromSeconds(5), "198.19.2.128/25",
            [.. new[] { "before the burst", "during the burst", "after the burst" }.Zip(connected, (w, c) => new ConnectProbe(w, c, TimeSpan.FromMilliseconds(3), c ? "handshake completed" : "no handshake within 3000 ms"))], null);

    [Test]
    public void Syn_flood_judgement()
    {
        Assert.That(SynFloodJudgement.Decide(Flood(2000, true, true, true)).Decision.Verdict, Is.EqualTo(Verdict.Pass));
        var fail = SynFloodJudgement.Decide(Flood(2000, true, false, false)).Decision;
        Assert.That(fail.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(fail.Reason, Does.Contain("tcp/8443 stopped answering under a SYN flood"));
        // A service already dead before the burst proves nothing about the burst.
        Assert.That(SynFloodJudgement.Decide(Flood(2000, false, false, false)).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        // A burst weaker than the PIXIT asks cannot PASS.
        Assert.That(SynFloodJudgement.Decide(Flood(150, true, true, true)).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    private static IReadOnlyList<IpOptionProbe> Options(bool baseline, bool lsrr, bool ssrr) =>
    [
        new("none (baseline)", 0, baseline, baseline ? "echo reply" : "no answer"),
        new("loose source route", IpOptionsProber.LooseSourceRoute, lsrr, lsrr ? "echo reply" : "no answer"),
        new("strict source route", IpOptionsProber.StrictSourceRoute, ssrr, ssrr ? "echo reply" : "no answer"),
        new("record route", IpOptionsProber.RecordRoute, true, "echo reply"),
    ];

    [Test]
    public void Ip_options_judgement()
    {
        Assert.That(IpOptionsJudgement.Decide(Options(true, false, false)).Decision.Verdict, Is.EqualTo(Verdict.Pass));
        var fail = IpOptionsJudgement.Decide(Options(true, true, false)).Decision;
        Assert.That(fail.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(fail.Reason, Does.Contain("echo request with loose source route (IPv4 option 131) answered"));
        // Silence to everything is no proof of filtering.
        Assert.That(IpOptionsJudgement.Decide(Options(false, false, false)).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }
}
