using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>The rules of TS33511-4.2.2.1.13 over hand-made key refresh trials: each outcome the trial can end in.</summary>
[TestFixture]
public sealed class KeyRefreshJudgementTests
{
    private static readonly AmfObservation Up = new(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0);

    private static KeyRefreshCycle Cycle(int index, int drb, int generation, ushort crnti = 0x4601, uint count = 0) =>
        new(index, true, new AirDrbAddition(drb, generation, crnti, count), 0, true, "");

    private static AirKeyRefresh Refresh(int generation, KeyRefreshCheck check = KeyRefreshCheck.Verified) =>
        new(generation, 0, false, true, (ushort)(0x4601 + generation), 3, check, "");

    private static Decision Decide(IReadOnlyList<KeyRefreshCycle> cycles, IReadOnlyList<AirKeyRefresh> refreshes, bool completed = true, bool secured = true, string why = "trial completed")
    {
        var trial = new AsTrialOutcome(why, secured, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), 0xE000, 0xE000, [], [], [], [], 0x4603, null);
        return KeyRefreshJudgement.KeyRefreshDrbId(new(Up, new KeyRefreshTrialOutcome(trial, cycles, refreshes, [], 33, completed), null));
    }

    [Test]
    public void Every_reuse_after_a_verified_refresh_passes()
    {
        var d = Decide([Cycle(1, 1, 0), Cycle(2, 1, 1, 0x4602, 2), Cycle(3, 1, 2, 0x4603, 2)], [Refresh(1), Refresh(2)]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("cycle 2: DRB 1 under key generation 1").And.Contain("cycle 3: DRB 1 under key generation 2"));
    }

    [Test]
    public void A_reuse_under_the_same_key_generation_fails_naming_drb_count_and_cycles()
    {
        var d = Decide([Cycle(1, 1, 0), Cycle(2, 2, 0), Cycle(3, 1, 0, count: 4)], []);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("DRB 1 was added again under the same K_gNB (key generation 0").And.Contain("SRB1 COUNT 4 in cycle 3").And.Contain("after cycle 1"));
    }

    [Test]
    public void A_same_key_reuse_fails_even_when_the_trial_stopped_later()
    {
        var d = Decide([Cycle(1, 1, 0), Cycle(2, 1, 0), new KeyRefreshCycle(3, false, null, null, false, "no answer")], [], completed: false);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void Fresh_identities_without_reuse_before_the_trial_stopped_are_inconclusive()
    {
        var d = Decide([Cycle(1, 1, 0), Cycle(2, 2, 0), new KeyRefreshCycle(3, false, null, null, false, "no answer")], [], completed: false, why: "cycle 3 did not complete: no answer");
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(d.Reason, Does.Contain("no DRB identity came back").And.Contain("cycle 3 did not complete"));
    }

    [Test]
    public void A_reuse_under_a_generation_whose_refresh_did_not_verify_is_inconclusive()
    {
        var failed = Decide([Cycle(1, 1, 0), Cycle(2, 1, 1), Cycle(3, 1, 2)], [Refresh(1), Refresh(2, KeyRefreshCheck.Failed)]);
        Assert.That(failed.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(failed.Reason, Does.Contain("does not verify with the K_RRCint of K_gNB*"));
        var pending = Decide([Cycle(1, 1, 0), Cycle(2, 1, 1), Cycle(3, 1, 2)], [Refresh(1), Refresh(2, KeyRefreshCheck.Pending)]);
        Assert.That(pending.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(pending.Reason, Does.Contain("no key refresh starting that generation was verified"));
    }

    [Test]
    public void A_refresh_the_simulator_cannot_follow_is_inconclusive()
    {
        var d = Decide([Cycle(1, 1, 0)], [Refresh(1, KeyRefreshCheck.NotFollowed) with { KeySetChange = true }], completed: false);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(d.Reason, Does.Contain("cannot follow").And.Contain("keySetChangeIndicator true"));
    }

    [Test]
    public void No_air_port_no_security_or_no_ng_c_are_inconclusive()
    {
        Assert.That(KeyRefreshJudgement.KeyRefreshDrbId(new(null, null, "the PIXIT names no emulated air port")).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(KeyRefreshJudgement.KeyRefreshDrbId(new(new AmfObservation(AmfReach.NoNgSetup, "no NG Setup", null, [], [], 0), null, null)).Verdict, Is.EqualTo(Verdict.Inconclusive));
        var d = Decide([], [], completed: false, secured: false, why: "AS security not activated");
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(d.Reason, Does.Contain("AS security was not activated"));
    }
}
