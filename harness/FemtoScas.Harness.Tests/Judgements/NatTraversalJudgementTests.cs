using System.Net;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>NRF-NAT-T's judgement without sockets: float, ESP both ways, keepalive timing with its tolerance, rebinding.</summary>
[TestFixture]
public sealed class NatTraversalJudgementTests
{
    private static readonly IPEndPoint Dut = new(IPAddress.Parse("127.0.0.2"), 40000);
    private static readonly IPEndPoint DutNatT = new(IPAddress.Parse("127.0.0.2"), 40001);
    private static readonly IPEndPoint SegwIke = new(IPAddress.Parse("127.0.0.1"), 5000);
    private static readonly IPEndPoint SegwNatT = new(IPAddress.Parse("127.0.0.1"), 4500);
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static NatTraversalJudgement.Float Floated(bool natT = true) =>
        new(Dut, SegwIke, SegwNatT, natT ? new IkeArrival(DutNatT, SegwNatT, true) : new IkeArrival(Dut, SegwIke, false));

    private static readonly NatTraversalJudgement.Esp Both = new(12, 12, 2, 2);

    private static NatTraversalJudgement.Keepalives Every(double seconds, int count, double window = 4, double interval = 1) =>
        new([.. Enumerable.Range(1, count).Select(i => T0 + TimeSpan.FromSeconds(seconds * i))], T0, T0 + TimeSpan.FromSeconds(window), TimeSpan.FromSeconds(interval));

    private static readonly NatTraversalJudgement.Rebinding Survived = new(true, null, DutNatT, new IPEndPoint(DutNatT.Address, 40007), 3, 2, 2, true);

    [Test]
    public void A_femto_that_floats_encapsulates_keeps_alive_and_survives_rebinding_passes()
    {
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, Every(1, 4), Survived);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Pass), outcome.Decision.Reason);
        Assert.That(outcome.Decision.Reason, Does.Contain("floated to port 4500").And.Contain("40001 to 40007"));
        Assert.That(outcome.Findings, Has.Count.EqualTo(4).And.All.Matches<Finding>(f => f.Conforms));
        Assert.That(outcome.KeepaliveTable.Rows, Has.Count.EqualTo(5), "four keepalives and the end of the window");
    }

    [Test]
    public void No_float_fails_naming_the_port_and_judges_nothing_that_needs_it()
    {
        var outcome = NatTraversalJudgement.Judge(Floated(natT: false), new(0, 0, 0, 0), Every(1, 0), null);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("no float to port 4500").And.Contain("IKE port 5000"));
        Assert.That(outcome.Findings, Has.Count.EqualTo(1));
    }

    [Test]
    public void No_keepalive_fails_naming_the_keepalive()
    {
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, Every(1, 0), Survived);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("no NAT keepalive"));
    }

    [TestCase(1.0, 1.99, Verdict.Pass)]   // within the documented interval plus 1 s
    [TestCase(1.0, 2.05, Verdict.Fail)]   // one silence over it
    [TestCase(20.0, 29.9, Verdict.Pass)]  // TS 29.139 default: half of 20 s of tolerance
    [TestCase(20.0, 30.5, Verdict.Fail)]
    public void Keepalive_silences_are_judged_against_the_interval_plus_its_tolerance(double interval, double gap, Verdict expected)
    {
        var at = new List<DateTimeOffset> { T0 + TimeSpan.FromSeconds(interval * 0.9) };
        at.Add(at[0] + TimeSpan.FromSeconds(gap));
        at.Add(at[1] + TimeSpan.FromSeconds(interval));
        var window = (at[2] - T0).TotalSeconds + interval * 0.5;
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, new(at, T0, T0 + TimeSpan.FromSeconds(window), TimeSpan.FromSeconds(interval)), Survived);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(expected), outcome.Decision.Reason);
        if (expected == Verdict.Fail) Assert.That(outcome.Decision.Reason, Does.Contain("keepalives too rare"));
    }

    [Test]
    public void Keepalives_far_more_often_than_documented_fail()
    {
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, Every(0.1, 39, interval: 1), Survived);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("not at the documented interval"));
    }

    [Test]
    public void Keepalives_outside_the_window_do_not_count()
    {
        var late = new NatTraversalJudgement.Keepalives([T0 - TimeSpan.FromSeconds(1), T0 + TimeSpan.FromSeconds(10)], T0, T0 + TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1));
        Assert.That(NatTraversalJudgement.Judge(Floated(), Both, late, Survived).Decision.Reason, Does.Contain("no NAT keepalive"));
    }

    [Test]
    public void No_ESP_either_way_after_the_float_fails()
    {
        var outcome = NatTraversalJudgement.Judge(Floated(), new(0, 3, 2, 0), Every(1, 4), Survived);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("no UDP-encapsulated ESP"));
    }

    [Test]
    public void A_rebinding_nobody_could_make_is_inconclusive_never_pass()
    {
        var none = new NatTraversalJudgement.Rebinding(false, "nobody made the NAT rebind", DutNatT, null, 0, 0, 0, null);
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, Every(1, 4), none);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(outcome.Decision.Reason, Does.Contain("nobody made the NAT rebind"));
        var unseen = none with { Done = true, WhyNot = null };
        Assert.That(NatTraversalJudgement.Judge(Floated(), Both, Every(1, 4), unseen).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void A_tunnel_that_stops_answering_after_the_rebinding_fails()
    {
        var dead = Survived with { PingsAnswered = 0, DpdAnswered = false };
        var outcome = NatTraversalJudgement.Judge(Floated(), Both, Every(1, 4), dead);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("did not survive the NAT rebinding"));
    }

    [Test]
    public void Tolerance_is_half_the_interval_and_at_least_a_second()
    {
        Assert.That(NatTraversalJudgement.KeepaliveTolerance(TimeSpan.FromSeconds(1)), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(NatTraversalJudgement.KeepaliveTolerance(TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Any_keepalive_list_gives_a_bounded_table_and_a_verdict()
    {
        var random = new Random(16);
        for (int i = 0; i < 200; i++)
        {
            var at = Enumerable.Range(0, random.Next(0, 50)).Select(_ => T0 + TimeSpan.FromMilliseconds(random.Next(-5000, 60000))).ToList();
            var window = new NatTraversalJudgement.Keepalives(at, T0, T0 + TimeSpan.FromMilliseconds(random.Next(0, 50000)), TimeSpan.FromSeconds(random.Next(1, 30)));
            var outcome = NatTraversalJudgement.Judge(Floated(random.Next(2) == 0), Both, window, random.Next(2) == 0 ? null : Survived);
            Assert.That(outcome.Decision.Reason, Is.Not.Empty);
            Assert.That(outcome.KeepaliveTable.Rows.Count, Is.LessThanOrEqualTo(at.Count + 1));
        }
    }
}
