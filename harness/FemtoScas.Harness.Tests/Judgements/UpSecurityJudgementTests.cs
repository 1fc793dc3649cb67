using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>The TS 33.511 user-plane rules as pure functions over made-up trial outcomes (no sockets): each verdict and its reason.</summary>
[TestFixture]
public sealed class UpSecurityJudgementTests
{
    private static readonly AmfObservation Up = new(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0);
    private static readonly SecurityIndication Required = UpSecurityTrial.Policy(UpProtectionIndication.Required, UpProtectionIndication.Required);
    private static readonly byte[] Down = UpSecurityTrial.DownlinkPacket();

    private static UpTrialOutcome Trial(SecurityIndication policy, bool integrity = true, bool ciphering = true, int bad = 0, int replay = 0, bool clear = false,
        SecurityResult? result = null, bool goodAfter = true) =>
        new("trial completed", policy, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), new DrbToAddMod(1), integrity, ciphering,
            result ?? new SecurityResult(integrity ? UpProtectionResult.Performed : UpProtectionResult.NotPerformed, ciphering ? UpProtectionResult.Performed : UpProtectionResult.NotPerformed),
            true,
            [new("good", 0, true, true, 1), new("bad", 1, integrity, false, bad), new("replay", 0, true, false, replay), new("good again", 1, true, true, goodAfter ? 1 : 0)],
            new UpDownlinkProbe(Down, new AirUserDownlink(0, clear && integrity ? PdcpReceiveOutcome.IntegrityFailure : PdcpReceiveOutcome.Accepted, PdcpReceiveOutcome.Accepted,
                clear ? [1, 2, 3] : Down, clear ? Down : [9, 9], integrity, integrity)),
            [], [], 0x4601, null);

    private static UpSecurityJudgement.UpCaseSeen Seen(params UpTrialOutcome[] trials) => new(Up, trials, null);

    [Test]
    public void Clean_trials_pass_every_rule()
    {
        var clean = Seen(Trial(Required));
        Assert.That(UpSecurityJudgement.UpIntegrity(clean).Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(UpSecurityJudgement.UpCiphering(clean).Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(UpSecurityJudgement.UpIntegrityFailure(clean).Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(UpSecurityJudgement.UpReplay(clean).Verdict, Is.EqualTo(Verdict.Pass));
        var notNeeded = UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.NotNeeded);
        Assert.That(UpSecurityJudgement.UpIntegrityPolicy(Seen(Trial(Required), Trial(notNeeded, integrity: false, ciphering: false))).Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(UpSecurityJudgement.UpCipheringPolicy(Seen(Trial(Required), Trial(notNeeded, integrity: false, ciphering: false))).Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public void Each_deviation_fails_with_a_reason_naming_it()
    {
        Assert.That(UpSecurityJudgement.UpIntegrity(Seen(Trial(Required, integrity: false))).Reason, Does.Contain("no integrityProtection"));
        Assert.That(UpSecurityJudgement.UpCiphering(Seen(Trial(Required, ciphering: false))).Reason, Does.Contain("cipheringDisabled"));
        var clear = UpSecurityJudgement.UpCiphering(Seen(Trial(Required, clear: true)));
        Assert.That(clear.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(clear.Reason, Does.Contain("sent in clear although Nea2"));
        Assert.That(UpSecurityJudgement.UpIntegrityFailure(Seen(Trial(Required, bad: 1))).Reason, Does.Contain("corrupted MAC-I (PDCP COUNT 1, Nia2) was delivered"));
        Assert.That(UpSecurityJudgement.UpReplay(Seen(Trial(Required, replay: 1))).Reason, Does.Contain("already received COUNT 0 on DRB 1 was delivered again"));
        var notNeeded = UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required);
        var on = UpSecurityJudgement.UpIntegrityPolicy(Seen(Trial(Required), Trial(notNeeded, integrity: true)));
        Assert.That(on.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(on.Reason, Does.Contain("the SMF says integrity not-needed but DRB 1 has it on"));
        var lying = UpSecurityJudgement.UpIntegrityPolicy(Seen(Trial(Required, result: new SecurityResult(UpProtectionResult.NotPerformed, UpProtectionResult.Performed)),
            Trial(notNeeded, integrity: false)));
        Assert.That(lying.Reason, Does.Contain("the Security Result says integrity not-performed but DRB 1 has it on"));
    }

    [Test]
    public void Missing_preconditions_are_inconclusive_never_pass()
    {
        Assert.That(UpSecurityJudgement.UpReplay(Seen(Trial(Required, goodAfter: false))).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(UpSecurityJudgement.UpIntegrityFailure(Seen(Trial(Required, integrity: false))).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(UpSecurityJudgement.UpIntegrityPolicy(Seen(Trial(Required))).Verdict, Is.EqualTo(Verdict.Inconclusive), "one trial cannot show both indications");
        Assert.That(UpSecurityJudgement.UpIntegrity(new UpSecurityJudgement.UpCaseSeen(null, [], "no air port")).Reason, Is.EqualTo("no air port"));
        Assert.That(UpSecurityJudgement.UpCiphering(Seen(UpTrialOutcome.NotRun("no NG Setup", Required))).Verdict, Is.EqualTo(Verdict.Inconclusive));
    }
}
