using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Tests.Ngap;
using FemtoScas.Harness.Tools;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// TS33511-4.2.2.1.15 without sockets: the harness's HANDOVER REQUEST (plans, source preparation) into SimFemto's target
/// logic, its HANDOVER REQUEST ACKNOWLEDGE decoded back to the HandoverCommand and judged - clean PASS, the
/// handover-keeps-source-algorithms fault FAIL - plus the judgement's own edges and tshark reading the NGAP containers.
/// </summary>
[TestFixture]
public sealed class HandoverSecurityTests
{
    private static readonly AsAlgorithmPriority Lists = new([NrIntegrityAlgorithm.Nia2, NrIntegrityAlgorithm.Nia1, NrIntegrityAlgorithm.Nia3],
        [NrEncryptionAlgorithm.Nea2, NrEncryptionAlgorithm.Nea1, NrEncryptionAlgorithm.Nea3, NrEncryptionAlgorithm.Nea0]);

    private static readonly NgcSeen NgSetUp = new(new AmfObservation(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0), null);

    [Test]
    public void The_plans_offer_what_the_lists_prefer_and_the_source_claims_something_else()
    {
        var plans = HandoverSecurityPlan.For(Lists);
        Assert.Multiple(() =>
        {
            Assert.That(plans[0], Is.EqualTo(new HandoverSecurityPlan(plans[0].Name, 0xE000, 0xE000, NrIntegrityAlgorithm.Nia3, NrEncryptionAlgorithm.Nea3)));
            // Without NIA2/NEA2 the target must fall back to NIA1/NEA1; the source claims NIA3/NEA3.
            Assert.That(plans[1], Is.EqualTo(new HandoverSecurityPlan(plans[1].Name, 0xA000, 0xA000, NrIntegrityAlgorithm.Nia3, NrEncryptionAlgorithm.Nea3)));
            Assert.That(AsAlgorithmMasks.Expected(Lists.Integrity, 0xA000), Is.EqualTo(NrIntegrityAlgorithm.Nia1));
            Assert.That(AsAlgorithmMasks.Expected(Lists.Ciphering, 0x0000), Is.EqualTo(NrEncryptionAlgorithm.Nea0), "NEA0 needs no capability bit");
            Assert.That(AsAlgorithmMasks.Expected(Lists.Integrity, 0x0000), Is.Null);
        });
    }

    private static IReadOnlyList<HandoverSecurityOutcome> Through(params string[] faults)
    {
        var options = new SimFemtoOptions { Faults = SimFemtoFaults.Validate(faults), AsAlgorithmPriority = Lists };
        var log = new SimFemtoLog(null);
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var outcomes = new List<HandoverSecurityOutcome>();
        var id = 0L;
        foreach (var plan in HandoverSecurityPlan.For(Lists))
        {
            using var nh = SecretBytes.Own(new byte[32]);
            var preparation = HandoverSecurityTrial.Preparation(plan);
            var request = NgapMessageParser.Parse(CagAccessTrials.HandoverRequest(core, new Guami(plmn, 1, 1, 0), 3000 + id, 0x00066C001, null, nh, HandoverSecurityTrial.Ncc,
                new UeSecurityCapabilities(plan.NeaOffered, plan.NiaOffered, 0, 0), preparation)).Message!;
            var container = SimFemtoHandoverTarget.TargetToSource(request, (ushort)(0x5000 + id), options, log, out var refusal);
            Assert.That(container, Is.Not.Null, refusal?.ToString());
            var ack = NgapMessageParser.Parse(NgapMessages.HandoverRequestAcknowledge(3000 + id, 1_000_001 + id,
                new PduSessionResourceAdmittedList([(1, HandoverContainers.HandoverRequestAcknowledgeTransfer(core.AmfAddress, 1))]), container!)).Message!;
            outcomes.Add(HandoverSecurityTrial.Decode(plan, ack, preparation));
            id++;
        }
        return outcomes;
    }

    [Test]
    public void Clean_SimFemto_commands_its_own_choice_and_passes()
    {
        var outcomes = Through();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes[0].Algorithms, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));
            Assert.That(outcomes[1].Algorithms, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia1)));
            Assert.That(outcomes[0].Command!.KeyUpdate!.NextHopChainingCount, Is.EqualTo(HandoverSecurityTrial.Ncc));
            Assert.That(outcomes[0].WithSync, Is.EqualTo(new ReconfigurationWithSync(0x5000, 5)));
            Assert.That(outcomes.SelectMany(o => o.Findings), Is.Empty);
        });
        var decision = HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(NgSetUp.Amf, outcomes, null), Lists.Integrity, Lists.Ciphering);
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Pass), decision.Reason);
        Assert.That(decision.Reason, Does.Contain("Nea1/Nia1"));
    }

    [Test]
    public void A_target_keeping_the_source_algorithms_fails()
    {
        var decision = HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(NgSetUp.Amf, Through(SimFemtoFaults.HandoverKeepsSourceAlgorithms), null),
            Lists.Integrity, Lists.Ciphering);
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail), decision.Reason);
        Assert.That(decision.Reason, Does.Contain("integrity Nia3 instead of Nia2 and ciphering Nea3 instead of Nea2 (the source's algorithms)"));
        Assert.That(decision.Reason, Does.Contain("integrity Nia3 instead of Nia1"));
    }

    [Test]
    public void A_command_without_securityAlgorithmConfig_keeps_the_source_algorithms_and_fails()
    {
        var plan = HandoverSecurityPlan.For(Lists)[0];
        var bare = new RrcReconfiguration(0, KeyUpdate: new MasterKeyUpdate(false, 2));
        var outcome = new HandoverSecurityOutcome(plan, 2, HandoverAnswer.Acknowledged, null, bare, null, [], "acknowledged", [], null);
        var decision = HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(NgSetUp.Amf, [outcome], null), Lists.Integrity, Lists.Ciphering);
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail), decision.Reason);
        Assert.That(decision.Reason, Does.Contain("no securityAlgorithmConfig"));
    }

    [Test]
    public void Refusals_missing_lists_and_no_NG_Setup_are_inconclusive()
    {
        var plan = HandoverSecurityPlan.For(Lists)[0];
        var refused = new HandoverSecurityOutcome(plan, 2, HandoverAnswer.Failed, new Cause(CauseGroup.RadioNetwork, 0), null, null, [], "HANDOVER FAILURE", [], null);
        var noSetup = new NgcSeen(new AmfObservation(AmfReach.NoNgSetup, "no NG Setup", null, [], [], 0), null);
        Assert.Multiple(() =>
        {
            Assert.That(HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(NgSetUp.Amf, [refused], null), Lists.Integrity, Lists.Ciphering).Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(NgSetUp.Amf, Through(), null), null, Lists.Ciphering).Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(noSetup.Amf, [], null), Lists.Integrity, Lists.Ciphering).Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(null, [], "no core"), Lists.Integrity, Lists.Ciphering).Reason, Is.EqualTo("no core"));
        });
    }

    [Test]
    public async Task Tshark_dissects_the_request_and_acknowledge_containers()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var plan = HandoverSecurityPlan.For(Lists)[1];
        using var nh = SecretBytes.Own(new byte[32]);
        var request = CagAccessTrials.HandoverRequest(core, new Guami(plmn, 1, 1, 0), 3001, 0x00066C001, null, nh, HandoverSecurityTrial.Ncc,
            new UeSecurityCapabilities(plan.NeaOffered, plan.NiaOffered, 0, 0), HandoverSecurityTrial.Preparation(plan));
        var container = SimFemtoHandoverTarget.TargetToSource(NgapMessageParser.Parse(request).Message!, 0x5001, new SimFemtoOptions { AsAlgorithmPriority = Lists }, new SimFemtoLog(null), out _);
        var acknowledge = NgapMessages.HandoverRequestAcknowledge(3001, 1_000_001,
            new PduSessionResourceAdmittedList([(1, HandoverContainers.HandoverRequestAcknowledgeTransfer(core.AmfAddress, 1))]), container!);
        var output = await CagAccessTsharkTests.TsharkAsync([request, acknowledge],
            // Without the NG Setup that tells tshark the target is a gNB it leaves the containers' RRC as octets.
            "-o", "ngap.dissect_target_ng_ran_container_as:gNB");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("HandoverRequest"));
            Assert.That(output, Does.Contain("nRencryptionAlgorithms: a000").IgnoreCase, "the plan's NEA1|NEA3");
            Assert.That(output, Does.Contain("nRintegrityProtectionAlgorithms: a000").IgnoreCase, "the plan's NIA1|NIA3");
            Assert.That(output, Does.Contain("nextHopChainingCount: 2"));
            Assert.That(output, Does.Contain("SourceNGRANNode-ToTargetNGRANNode-TransparentContainer"));
            Assert.That(output, Does.Contain("TargetNGRANNode-ToSourceNGRANNode-TransparentContainer"));
            Assert.That(output, Does.Contain("HandoverRequestAcknowledge"));
            // tshark's NGAP hands both RRC containers to nr-rrc: the source's claim and the target's command, read back.
            var ack = output.IndexOf("HandoverRequestAcknowledge", StringComparison.Ordinal);
            Assert.That(output[..ack], Does.Contain("HandoverPreparationInformation").And.Contain("cipheringAlgorithm: nea3 (3)").And.Contain("integrityProtAlgorithm: nia3 (3)"));
            Assert.That(output[ack..], Does.Contain("HandoverCommand").And.Contain("cipheringAlgorithm: nea1 (1)").And.Contain("integrityProtAlgorithm: nia1 (1)")
                .And.Contain("nextHopChainingCount: 2").And.Contain("reconfigurationWithSync"));
            Assert.That(output, Does.Not.Contain("Malformed"));
            Assert.That(output, Does.Not.Match(@"Expert Info \((Error|Warning)"));
        });
    }
}
