using System.Net;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The air link's user plane end to end: the harness AMF and UPF over an in-memory tunnel to SimFemto's NG-RAN node, its air
/// port on loopback UDP, the harness UE simulator through it. Clean: the DRB follows the SMF policy, the good uplink packets
/// reach the UPF as G-PDUs, the bad MAC-I and the replay do not, the UPF's downlink packet arrives deciphered and verified;
/// each user-plane fault makes its judgement FAIL.
/// </summary>
[TestFixture]
public sealed class UpSecurityTrialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static readonly SecurityIndication Required = UpSecurityTrial.Policy(UpProtectionIndication.Required, UpProtectionIndication.Required);

    internal static async Task<IReadOnlyList<UpTrialOutcome>> RunAsync(SecurityIndication[] policies, params string[] faults)
    {
        await using var rig = await SimFemtoAirRig.StartAsync(Wait, faults);
        var trials = new List<UpTrialOutcome>();
        foreach (var policy in policies)
            trials.Add(await UpSecurityTrial.RunAsync(rig.Amf, rig.OperatorSide, rig.AirPort, IPAddress.Loopback, AmfRoleTests.Core, SimFemtoAirRig.Imsi, policy,
                Wait, _ => { }, null, CancellationToken.None));
        return trials;
    }

    private static UpSecurityJudgement.UpCaseSeen Seen(IReadOnlyList<UpTrialOutcome> trials) =>
        new(new AmfObservation(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0), trials, null);

    [Test]
    public async Task Clean_SimFemto_carries_the_user_plane_protected_and_stops_bad_mac_i_and_replay()
    {
        var o = (await RunAsync([Required])).Single();
        Assert.That(o.Why, Is.EqualTo("trial completed"), string.Join("\n", o.Steps));
        Assert.That(o.DrbIntegrity, Is.True);
        Assert.That(o.DrbCiphering, Is.True);
        Assert.That(o.Result, Is.EqualTo(new SecurityResult(UpProtectionResult.Performed, UpProtectionResult.Performed)));
        Assert.That(o.Probes.Select(p => p.Arrivals), Is.EqualTo(new[] { 1, 0, 0, 1 }), string.Join("\n", o.Steps));
        Assert.That(o.Downlink?.DeliveredIntact, Is.True, string.Join("\n", o.Steps));
        Assert.That(o.Frames.Count(f => f.Frame.AsSpan().IndexOf("pdcp-nr\u0002"u8) == 0), Is.GreaterThanOrEqualTo(5), "user-plane frames both ways");
        foreach (var rule in new Func<UpSecurityJudgement.UpCaseSeen, Decision>[] { UpSecurityJudgement.UpIntegrity, UpSecurityJudgement.UpCiphering, UpSecurityJudgement.UpIntegrityFailure, UpSecurityJudgement.UpReplay })
            Assert.That(rule(Seen([o])).Verdict, Is.EqualTo(Verdict.Pass), rule(Seen([o])).Reason);
    }

    [Test]
    public async Task Clean_SimFemto_follows_both_policies()
    {
        var integrity = await RunAsync([Required, UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required)]);
        Assert.That(UpSecurityJudgement.UpIntegrityPolicy(Seen(integrity)).Verdict, Is.EqualTo(Verdict.Pass), UpSecurityJudgement.UpIntegrityPolicy(Seen(integrity)).Reason);
        var ciphering = await RunAsync([UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required), UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.NotNeeded)]);
        Assert.That(UpSecurityJudgement.UpCipheringPolicy(Seen(ciphering)).Verdict, Is.EqualTo(Verdict.Pass), UpSecurityJudgement.UpCipheringPolicy(Seen(ciphering)).Reason);
    }

    [TestCase(SimFemtoFaults.UpIntegrityNotActivated, "has no integrityProtection although the SMF's Security Indication requires UP integrity")]
    [TestCase(SimFemtoFaults.UpNotCiphered, "was sent in clear although Nea2 ciphering is configured")]
    [TestCase(SimFemtoFaults.UpBadMacIAccepted, "with a corrupted MAC-I (PDCP COUNT 1, Nia2) was delivered")]
    [TestCase(SimFemtoFaults.UpReplayAccepted, "already received COUNT 0 on DRB 1 was delivered again")]
    public async Task Each_fault_fails_its_rule(string fault, string reason)
    {
        var o = await RunAsync([Required], fault);
        Func<UpSecurityJudgement.UpCaseSeen, Decision> rule = fault switch
        {
            SimFemtoFaults.UpIntegrityNotActivated => UpSecurityJudgement.UpIntegrity,
            SimFemtoFaults.UpNotCiphered => UpSecurityJudgement.UpCiphering,
            SimFemtoFaults.UpBadMacIAccepted => UpSecurityJudgement.UpIntegrityFailure,
            _ => UpSecurityJudgement.UpReplay,
        };
        var decision = rule(Seen(o));
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail), decision.Reason + "\n" + string.Join("\n", o[0].Steps));
        Assert.That(decision.Reason, Does.Contain(reason));
    }

    [Test]
    public async Task Policy_faults_fail_their_rules()
    {
        var integrity = await RunAsync([Required, UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required)], SimFemtoFaults.UpPolicyIntegrityIgnored);
        var i = UpSecurityJudgement.UpIntegrityPolicy(Seen(integrity));
        Assert.That(i.Verdict, Is.EqualTo(Verdict.Fail), i.Reason);
        Assert.That(i.Reason, Does.Contain("the SMF says integrity not-needed but DRB 1 has it on"));
        var ciphering = await RunAsync([UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required), UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.NotNeeded)],
            SimFemtoFaults.UpPolicyCipheringIgnored);
        var c = UpSecurityJudgement.UpCipheringPolicy(Seen(ciphering));
        Assert.That(c.Verdict, Is.EqualTo(Verdict.Fail), c.Reason);
        Assert.That(c.Reason, Does.Contain("the SMF says ciphering required but DRB 1 has it off"));
    }
}
