using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Tests.Roles.Amf;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>
/// The over-the-air CAG rules (issue 13 item 6) without sockets: SIB1 against the binding and NGAP (NRF-CAG-IDENTITY-BINDING),
/// manualCAGselectionAllowed against the profile and the UE rejected with #76 (NRF-CAG-ACCESS); every rule can fail and every
/// gap is INCONCLUSIVE naming it.
/// </summary>
[TestFixture]
public sealed class CagOverTheAirJudgementTests
{
    private const string Identity = "femto-0001.vendor.test";
    private static readonly PlmnIdentity Plmn = new("001", "01");
    private static readonly RrcPlmnIdentity RrcPlmn = new("001", "01");
    private static readonly FemtoBinding Binding = AmfRoleTests.Core.Femtos[0] with { ManualCagSelection = [0xA1] };

    /// <summary>What the UE read: SIB1 of cell 00066C001 (TAC 7) with <paramref name="cags"/>.</summary>
    internal static CellBroadcast Broadcast(params (uint Id, bool Manual)[] cags)
    {
        var sib1 = new Sib1(new CellAccessRelatedInfo([new PlmnIdentityInfo([RrcPlmn], 0x00066C001, 7)],
            Npns: cags.Length == 0 ? null : [new NpnIdentityInfo([new NpnIdentity(RrcPlmn, [.. cags.Select(c => new CagIdentityInfo(c.Id, c.Manual))])], 7, 0x00066C001)]));
        return new CellBroadcast([new AirBroadcastPdu(DateTimeOffset.UtcNow, RrcChannel.BcchDlSch, RrcCodec.Encode(sib1), sib1, [])]);
    }

    private static readonly CellBroadcast Clean = Broadcast((0xA1, true), (0xA2, false));

    private static InitialUeReport Ue(ulong cell, params uint[] cags) =>
        new(1, new UserLocationInformationNr(new NrCgi(Plmn, cell), new Tai(Plmn, 7)), cags.Length == 0 ? null : new CellCagList(cags));

    private static AmfObservation Ngap(params uint[] cags) => new(AmfReach.NgSetupAnswered, "NG Setup answered",
        new NgSetupReport(new GlobalRanNodeId(Plmn, PerBitString.FromNumber(0x19B, 22)), "femto-1",
            new SupportedTaList([new SupportedTaItem(7, [new BroadcastPlmnItem(Plmn, [new SNssai(1)])])])),
        [Ue(0x00066C001, cags)], [], 0);

    private static Decision Binding_(CellBroadcast b, params uint[] ngap) => CagIdentityBindingJudgement.Decide(Ngap(ngap.Length == 0 ? [0xA1, 0xA2] : ngap), Identity, AmfRoleTests.Core, b);

    [Test]
    public void Sib1_with_exactly_the_bound_and_reported_CAG_IDs_passes()
    {
        var d = Binding_(Clean);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("SIB1 broadcasts exactly the bound CAG IDs").And.Contain("000000A1 (manual) in cell 00066C001"));
    }

    [Test]
    public void Sib1_broadcasting_an_unbound_CAG_ID_fails_naming_it_and_where()
    {
        var d = Binding_(Broadcast((0xA1, true), (0xA2, false), (0xB9, false)));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("SIB1 broadcasts CAG ID 000000B9 in cell 00066C001, not bound"));
        Assert.That(d.Reason, Does.Contain("SIB1 broadcasts CAG ID 000000B9 in cell 00066C001, which the CellCAGList of its INITIAL UE MESSAGE(s) does not report"));
    }

    [Test]
    public void Sib1_and_NGAP_disagreeing_or_a_bound_CAG_ID_left_out_fail()
    {
        var notReported = Binding_(Clean, 0xA1);
        Assert.That(notReported.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(notReported.Reason, Does.Contain("SIB1 broadcasts CAG ID 000000A2 in cell 00066C001, which the CellCAGList"));
        var leftOut = Binding_(Broadcast((0xA1, true)));
        Assert.That(leftOut.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(leftOut.Reason, Does.Contain("SIB1 of cell 00066C001 leaves bound CAG ID 000000A2 out"));
        Assert.That(Binding_(Broadcast()).Reason, Does.Contain("leaves bound CAG ID 000000A1 out"));
    }

    [Test]
    public void Sib1_not_read_or_undecodable_is_inconclusive_and_an_NGAP_failure_still_fails()
    {
        var unread = Binding_(CellBroadcast.Unread("the PIXIT names no emulated air port (emulatedUuPort)"));
        Assert.That(unread.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(unread.Reason, Does.Contain("report exactly what is bound").And.Contain("emulatedUuPort"));
        var garbage = new CellBroadcast([new AirBroadcastPdu(DateTimeOffset.UtcNow, RrcChannel.BcchDlSch, [0x40], null,
            [new RrcFinding(RrcFindingKind.Deviation, 2, "truncated", "X.691")])]);
        Assert.That(Binding_(garbage).Reason, Does.Contain("SIB1 did not decode"));
        Assert.That(Binding_(CellBroadcast.Unread("no port"), 0xA1, 0xA2, 0xB7).Verdict, Is.EqualTo(Verdict.Fail));
    }

    private static readonly CagAirOutcome Released = new("done", Clean, Ue(0x00066C001, 0xA1, 0xA2), Rejected: true, AmfWouldReject: true, RejectRelayed: true, RrcReleased: true, UplinkForwarded: false);

    /// <summary>The NGAP trials that hold (as CagAccessJudgementTests's), with <paramref name="air"/>.</summary>
    private static Decision Access(CagAirOutcome air, FemtoBinding? binding = null)
    {
        var allowed = new CagTrialPlan("allowed", "001010000000101", new AllowedPniNpnItem(Plmn, true, [0xA1, 0xA2]), true);
        var notAllowed = new CagTrialPlan("not allowed", "001010000000102", new AllowedPniNpnItem(Plmn, true, [0xFFFFFF00]), false);
        var denied = new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkNpnAccessDenied);
        CagTrialOutcome[] trials = [new(allowed, Ue(0x00066C001, 0xA1, 0xA2), false, UeContextAnswer.Served, null, "InitialContextSetupResponse"),
            new(notAllowed, Ue(0x00066C001, 0xA1, 0xA2), true, UeContextAnswer.Failed, denied, "InitialContextSetupFailure")];
        CagHandoverOutcome[] handovers = [new("ho allowed", allowed.Allowed, true, HandoverAnswer.Acknowledged, null, null, "HandoverRequestAcknowledge"),
            new("ho not allowed", notAllowed.Allowed, false, HandoverAnswer.Failed, denied, null, "HandoverFailure")];
        return CagAccessJudgement.Decide(new AmfObservation(AmfReach.NgSetupAnswered, "up", null, [], [], 0), trials, handovers, null, binding ?? Binding, air);
    }

    [Test]
    public void A_rejected_UE_released_and_not_carried_with_the_declared_manual_flags_passes()
    {
        var d = Access(Released);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("rejected by the core with #76").And.Contain("released by the cell (RRCRelease)").And.Contain("allowed for 000000A1"));
    }

    [Test]
    public void A_cell_that_keeps_or_carries_the_rejected_UE_fails()
    {
        var kept = Access(Released with { RrcReleased = false, UplinkForwarded = true });
        Assert.That(kept.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(kept.Reason, Does.Contain("the cell kept the RRC connection of the UE the core rejected with 5GMM cause #76"));
        Assert.That(kept.Reason, Does.Contain("forwarded the uplink NAS of the UE the core rejected"));
        Assert.That(Access(Released with { UplinkForwarded = true }).Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void Manual_selection_flags_other_than_declared_fail_and_an_undeclared_profile_is_not_compared()
    {
        var flipped = Access(Released with { Broadcast = Broadcast((0xA1, false), (0xA2, true)) });
        Assert.That(flipped.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(flipped.Reason, Does.Contain("SIB1 broadcasts CAG ID 000000A1 in cell 00066C001 without manualCAGselectionAllowed-r16"));
        Assert.That(flipped.Reason, Does.Contain("000000A2 in cell 00066C001 with manualCAGselectionAllowed-r16; the profile declares manual selection not allowed"));
        var undeclared = Access(Released with { Broadcast = Broadcast((0xA1, false), (0xA2, true)) }, AmfRoleTests.Core.Femtos[0]);
        Assert.That(undeclared.Verdict, Is.EqualTo(Verdict.Pass), undeclared.Reason);
        Assert.That(undeclared.Reason, Does.Contain("not compared"));
    }

    [Test]
    public void An_air_trial_that_did_not_get_far_enough_or_an_unread_SIB1_is_inconclusive()
    {
        var notRun = Access(CagAirOutcome.NotRun("the PIXIT names no emulated air port (emulatedUuPort)"));
        Assert.That(notRun.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(notRun.Reason, Does.Contain("emulatedUuPort"));
        Assert.That(Access(Released with { UplinkForwarded = null, Why = "NG-C down" }).Verdict, Is.EqualTo(Verdict.Inconclusive));
        var unread = Access(Released with { Broadcast = CellBroadcast.Unread("the cell sent no MIB or SIB1") });
        Assert.That(unread.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(unread.Reason, Does.Contain("manualCAGselectionAllowed not compared with the profile: SIB1 not read"));
    }
}
