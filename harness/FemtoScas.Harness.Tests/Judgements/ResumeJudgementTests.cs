using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>The rules of TS33511-4.2.2.1.19 over hand-made resume trials: each outcome the trial can end in.</summary>
[TestFixture]
public sealed class ResumeJudgementTests
{
    private static readonly AmfObservation Up = new(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0);
    private static readonly SuspendConfig Suspend = new(0x12345678AB, 0x5678AB, 0, 0);

    private static AirResumeAttempt Bad(ResumeAnswer a = ResumeAnswer.None) => new("resumeMAC-I corrupted", true, 0x5678AB, 0x1111, a, "");
    private static AirResumeAttempt Good(ResumeAnswer a = ResumeAnswer.NewKeys) => new("resumeMAC-I correct", false, 0x5678AB, 0x4B4B, a, "RRCResume at PDCP COUNT 0");
    private static AirResumeAttempt After(ResumeAnswer a = ResumeAnswer.Setup) => new(ResumeTrialOutcome.AfterDeletion, false, 0x9ABCDE, 0x2222, a, "RRCSetup on SRB0 (fallback), C-RNTI 0x4604");

    private static Decision Decide(IReadOnlyList<AirResumeAttempt> attempts, bool session = true, (bool, string)? deletion = null, SuspendConfig? suspend = null, bool secured = true)
    {
        var trial = new AsTrialOutcome("trial completed", secured, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), 0xE000, 0xE000,
            [], [], [new AirUplinkProbe("good ULInformationTransfer after resume (new keys)", 3, true, true)], [], 0x4603, null);
        return ResumeJudgement.InactiveToActive(new(Up, new ResumeTrialOutcome(trial, suspend ?? Suspend, attempts, [], session, deletion ?? (true, "'done' by SimFemto controller")), null));
    }

    [Test]
    public void Rrc_setup_after_the_deletion_passes()
    {
        var d = Decide([Bad(), Good(), After()]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("RRCSetup, not RRCResume").And.Contain("resumed a correct one under K_NG-RAN*"));
    }

    [Test]
    public void Rrc_resume_after_the_deletion_fails()
    {
        var d = Decide([Bad(), Good(), After(ResumeAnswer.NewKeys)]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("resumed the UE with RRCResume"));
    }

    [Test]
    public void A_resume_on_a_wrong_resume_mac_i_fails_whatever_follows()
    {
        var d = Decide([Bad(ResumeAnswer.NewKeys)], deletion: null);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("does not verify with the stored K_RRCint").And.Contain("0x1111"));
    }

    [Test]
    public void A_resume_under_the_old_keys_fails()
    {
        var d = Decide([Bad(), Good(ResumeAnswer.OldKeys)]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("derived no K_NG-RAN*"));
    }

    [Test]
    public void Missing_preconditions_are_inconclusive()
    {
        Assert.That(Decide([Bad(), Good(), After()], session: false).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide([Bad(), Good(), After()], deletion: (false, "'cannot' by the lab")).Reason, Does.Contain("could not delete"));
        Assert.That(Decide([Bad(), Good(), After(ResumeAnswer.None)]).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide([Bad(), Good()]).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide([], secured: false).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(ResumeJudgement.InactiveToActive(new(null, null, "the PIXIT names no emulated air port")).Verdict, Is.EqualTo(Verdict.Inconclusive));
        var noSuspend = ResumeJudgement.InactiveToActive(new(Up, new ResumeTrialOutcome(
            new AsTrialOutcome("no RRCRelease with suspendConfig", true, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), 0xE000, 0xE000, [], [], [], [], 1, null),
            null, [], [], true), null));
        Assert.That(noSuspend.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(noSuspend.Reason, Does.Contain("never moved the UE to RRC_INACTIVE"));
    }
}
