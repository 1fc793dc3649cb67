using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>The revocation-unavailable trials judged against each documented policy.</summary>
[TestFixture]
public sealed class RevocationUnavailableJudgementTests
{
    private static readonly RevocationUnavailablePolicy Closed = new(RevocationFallback.FailClosed, null, TimeSpan.FromSeconds(10));
    private static readonly RevocationUnavailablePolicy Open = new(RevocationFallback.FailOpenWithAlarm, "OAM alarm 'CRL unavailable'", TimeSpan.FromSeconds(10));

    private static readonly SegwTrialOutcome Kept = new(false, true, true, "kept the IKE SA: answered the SeGW's liveness check (1 CHILD_SA)");
    private static readonly SegwTrialOutcome Refused = new(false, true, false, "deleted the IKE SA after the IKE_AUTH response (INFORMATIONAL Delete)");
    private static readonly SegwTrialOutcome NoAuth = new(false, false, false, "started IKE but did not complete IKE_AUTH within 15 s");
    private static readonly SegwTrialOutcome NotTriggered = new(true, false, false, "the operator did not restart the tunnel");

    [Test]
    public void Fail_closed_conforms_only_when_the_tunnel_is_not_kept()
    {
        Assert.That(RevocationUnavailableJudgement.Judge(Closed, Refused, AlarmObservation.NotAsked).Conforms, Is.True);
        var kept = RevocationUnavailableJudgement.Judge(Closed, Kept, AlarmObservation.NotAsked);
        Assert.That(kept.Conforms, Is.False);
        Assert.That(kept.Why, Does.Contain("fail closed"));
        Assert.That(RevocationUnavailableJudgement.AlarmNeeded(Closed, Kept), Is.False, "a fail-closed femto's alarm does not excuse the tunnel");
    }

    [Test]
    public void Fail_open_needs_the_alarm_and_a_silent_tunnel_fails()
    {
        Assert.That(RevocationUnavailableJudgement.AlarmNeeded(Open, Kept), Is.True);
        Assert.That(RevocationUnavailableJudgement.AlarmNeeded(Open, Refused), Is.False);
        Assert.That(RevocationUnavailableJudgement.Judge(Open, Kept, AlarmObservation.Raised).Conforms, Is.True);
        var silent = RevocationUnavailableJudgement.Judge(Open, Kept, AlarmObservation.NotRaised);
        Assert.That(silent.Conforms, Is.False);
        Assert.That(silent.Why, Does.Contain("raised no alarm").And.Contain("OAM alarm 'CRL unavailable'"));
        Assert.That(RevocationUnavailableJudgement.Judge(Open, Kept, AlarmObservation.Unanswered).Conforms, Is.Null);
        var refused = RevocationUnavailableJudgement.Judge(Open, Refused, AlarmObservation.NotAsked);
        Assert.That(refused.Conforms, Is.True, "refusing a revoked certificate is never wrong");
        Assert.That(refused.Why, Does.Contain("stricter"));
    }

    [Test]
    public void Without_a_documented_policy_only_a_refusal_decides()
    {
        Assert.That(RevocationUnavailableJudgement.AlarmNeeded(null, Kept), Is.False);
        Assert.That(RevocationUnavailableJudgement.Judge(null, Refused, AlarmObservation.NotAsked).Conforms, Is.True);
        var kept = RevocationUnavailableJudgement.Judge(null, Kept, AlarmObservation.NotAsked);
        Assert.That(kept.Conforms, Is.Null);
        Assert.That(kept.Why, Does.Contain("documents no revocationUnavailable policy"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_trial_without_IKE_AUTH_is_undecided(bool failClosed)
    {
        var policy = failClosed ? Closed : Open;
        Assert.That(RevocationUnavailableJudgement.Judge(policy, NoAuth, AlarmObservation.NotAsked).Conforms, Is.Null);
        var notTriggered = RevocationUnavailableJudgement.Judge(policy, NotTriggered, AlarmObservation.NotAsked);
        Assert.That(notTriggered.Conforms, Is.Null);
        Assert.That(notTriggered.Why, Is.EqualTo(NotTriggered.Reaction));
    }

    [Test]
    public void The_part_fails_on_any_breach_else_is_undecided_on_any_open_trial()
    {
        var pass = new RevocationTrialJudgement(true, "refused");
        var fail = new RevocationTrialJudgement(false, "kept silently");
        var open = new RevocationTrialJudgement(null, "no IKE_AUTH");
        Assert.That(RevocationUnavailableJudgement.Combine("p", Open, []), Is.Null);
        var failed = RevocationUnavailableJudgement.Combine("p", Open, [("a", pass), ("b", open), ("c", fail)])!;
        Assert.That((failed.Verdict, failed.Reason), Is.EqualTo((Verdict.Fail, "p (documented policy fail-open-alarm): trial c: kept silently")));
        var undecided = RevocationUnavailableJudgement.Combine("p", Closed, [("a", pass), ("b", open)])!;
        Assert.That((undecided.Verdict, undecided.Reason), Is.EqualTo((Verdict.Inconclusive, "p (documented policy fail-closed): trial b: no IKE_AUTH")));
        var passed = RevocationUnavailableJudgement.Combine("p", null, [("a", pass), ("b", pass)])!;
        Assert.That((passed.Verdict, passed.Reason), Is.EqualTo((Verdict.Pass, "p (no policy documented): a, b conform")));
    }

    /// <summary>
    /// The CRL part: a kept SA with the revoked certificate after the harness answered the DUT's CRL
    /// fetch later than the DUT waits is the harness's delay, not the DUT's FAIL (a clean CI run once
    /// FAILed so when SimFemto waited 1 s on a loaded host).
    /// </summary>
    [Test]
    public void A_crl_served_later_than_the_dut_waits_turns_a_kept_revoked_sa_into_inconclusive()
    {
        var kept = Decision.Fail("segw-revoked (listed as revoked in root A's CRL) was accepted: the DUT kept the IKE SA");
        var late = RevocationUnavailableJudgement.ServedInTime(kept, Open, [TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(12)]);
        Assert.That(late.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(late.Reason, Does.StartWith(kept.Reason).And.Contain("answered after 12.0 s").And.Contain("the DUT waits 10 s, PIXIT"));
        var unanswered = RevocationUnavailableJudgement.ServedInTime(kept, null, [null]);
        Assert.That(unanswered.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(unanswered.Reason, Does.Contain("not answered").And.Contain("the DUT waits 1 s, assumed"));
        // Served in time, or never fetched: the kept SA is the DUT's.
        Assert.That(RevocationUnavailableJudgement.ServedInTime(kept, Open, [TimeSpan.FromSeconds(9.9)]), Is.SameAs(kept));
        Assert.That(RevocationUnavailableJudgement.ServedInTime(kept, null, [TimeSpan.FromMilliseconds(900)]), Is.SameAs(kept));
        Assert.That(RevocationUnavailableJudgement.ServedInTime(kept, Open, []), Is.SameAs(kept));
        // Only a FAIL is reconsidered.
        var pass = Decision.Pass("no SA kept with segw-revoked");
        Assert.That(RevocationUnavailableJudgement.ServedInTime(pass, Open, [null]), Is.SameAs(pass));
    }
}
