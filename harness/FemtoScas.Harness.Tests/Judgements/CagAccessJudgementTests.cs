using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Tests.Roles.Amf;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

[TestFixture]
public sealed class CagAccessJudgementTests
{
    private static readonly PlmnIdentity Plmn = new("001", "01");
    private static readonly AmfObservation Up = new(AmfReach.NgSetupAnswered, "NG Setup answered", null, [], [], 0);
    private static readonly Cause NpnDenied = new(CauseGroup.RadioNetwork, Cause.RadioNetworkNpnAccessDenied);
    private static readonly Cause CagOnlyDenied = new(CauseGroup.RadioNetwork, Cause.RadioNetworkCagOnlyAccessDenied);

    private static CagTrialPlan Allowed { get; } = new("allowed", "001010000000101", new AllowedPniNpnItem(Plmn, true, [0xA1, 0xA2]), true);

    private static CagTrialPlan NotAllowed { get; } = new("not allowed", "001010000000102", new AllowedPniNpnItem(Plmn, true, [0xFFFFFF00]), false);

    private static InitialUeReport Initial(uint[]? cags = null) => new(1, null, cags is null ? null : new CellCagList(cags));

    private static CagTrialOutcome Trial(CagTrialPlan plan, UeContextAnswer answer, Cause? cause = null, uint[]? cags = null, bool initial = true) =>
        new(plan, initial ? Initial(cags ?? [0xA1, 0xA2]) : null, !plan.MustBeServed, answer, cause, answer switch
        {
            UeContextAnswer.Served => "InitialContextSetupResponse",
            UeContextAnswer.Failed => "InitialContextSetupFailure",
            UeContextAnswer.ReleaseRequested => "UEContextReleaseRequest",
            _ => "no answer to INITIAL CONTEXT SETUP REQUEST within 2 s",
        });

    private static CagHandoverOutcome Handover(bool mustBeAdmitted, HandoverAnswer answer, Cause? cause = null) =>
        new(mustBeAdmitted ? "handover allowed" : "handover not allowed", mustBeAdmitted ? Allowed.Allowed : NotAllowed.Allowed, mustBeAdmitted, answer, cause,
            answer == HandoverAnswer.Failed ? new CellCagInformation(new NrCgi(Plmn, 0x00066C001), [0xA1, 0xA2]) : null,
            answer switch { HandoverAnswer.Acknowledged => "HandoverRequestAcknowledge", HandoverAnswer.Failed => "HandoverFailure", _ => "no answer to HANDOVER REQUEST within 2 s" });

    /// <summary>Handover-in trials that hold: the allowed UE acknowledged, the other refused with cag-only-access-denied.</summary>
    private static readonly CagHandoverOutcome[] GoodHandovers = [Handover(true, HandoverAnswer.Acknowledged), Handover(false, HandoverAnswer.Failed, CagOnlyDenied)];

    private static Decision Decide(params CagTrialOutcome[] trials) => CagAccessJudgement.Decide(Up, trials, GoodHandovers, null, AmfRoleTests.Core.Femtos[0]);

    private static Decision DecideHandovers(params CagHandoverOutcome[] handovers) =>
        CagAccessJudgement.Decide(Up, [Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied)], handovers, null, AmfRoleTests.Core.Femtos[0]);

    [Test]
    public void A_handover_in_refused_with_a_CAG_cause_passes_and_names_the_Cell_CAG_information()
    {
        var d = DecideHandovers(GoodHandovers);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("HANDOVER FAILURE, cag-only-access-denied").And.Contain("000000A1"));
        Assert.That(DecideHandovers(Handover(true, HandoverAnswer.Acknowledged), Handover(false, HandoverAnswer.Failed, NpnDenied)).Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public void A_handover_in_acknowledged_for_a_UE_not_allowed_fails_naming_the_CAG_IDs()
    {
        var d = DecideHandovers(Handover(true, HandoverAnswer.Acknowledged), Handover(false, HandoverAnswer.Acknowledged));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE").And.Contain("FFFFFF00").And.Contain("000000A1,000000A2"));
    }

    [Test]
    public void A_handover_failure_with_another_cause_fails_naming_it()
    {
        var d = DecideHandovers(Handover(true, HandoverAnswer.Acknowledged), Handover(false, HandoverAnswer.Failed, new Cause(CauseGroup.RadioNetwork, 13)));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("HANDOVER FAILURE with cause RadioNetwork 13"));
    }

    [Test]
    public void No_handover_trial_a_silent_cell_or_a_cell_that_takes_no_handover_is_inconclusive()
    {
        Assert.That(DecideHandovers().Reason, Does.Contain("no handover-in trial ran"));
        Assert.That(DecideHandovers().Verdict, Is.EqualTo(Verdict.Inconclusive));
        var silent = DecideHandovers(Handover(true, HandoverAnswer.Acknowledged), Handover(false, HandoverAnswer.None));
        Assert.That(silent.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(silent.Reason, Does.Contain("no answer to HANDOVER REQUEST"));
        var none = DecideHandovers(Handover(true, HandoverAnswer.Failed, CagOnlyDenied), Handover(false, HandoverAnswer.Failed, CagOnlyDenied));
        Assert.That(none.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(none.Reason, Does.Contain("takes no handover"));
    }

    [Test]
    public void Allowed_served_and_other_refused_with_a_CAG_cause_passes()
    {
        Assert.That(Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied)).Verdict, Is.EqualTo(Verdict.Pass));
        var d = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.ReleaseRequested, CagOnlyDenied));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("cag-only-access-denied"));
    }

    [Test]
    public void A_UE_not_allowed_served_fails_naming_the_CAG_IDs()
    {
        var d = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Served));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("FFFFFF00").And.Contain("000000A1,000000A2").And.Contain("INITIAL CONTEXT SETUP RESPONSE"));
    }

    [Test]
    public void A_refusal_with_another_cause_fails_naming_it()
    {
        var d = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, new Cause(CauseGroup.Misc, Cause.MiscUnspecified)));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("Misc 5"));
    }

    [Test]
    public void A_missing_or_partial_CellCAGList_fails()
    {
        var absent = Decide(Trial(Allowed, UeContextAnswer.Served, cags: []) with { Initial = Initial(null) }, Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied));
        Assert.That(absent.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(absent.Reason, Does.Contain("no NPN-AccessInformation (CellCAGList"));
        var partial = Decide(Trial(Allowed, UeContextAnswer.Served, cags: [0xA1]), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied));
        Assert.That(partial.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(partial.Reason, Does.Contain("CAG ID 000000A2 out of its CellCAGList"));
    }

    [Test]
    public void The_AMF_own_rejection_is_not_the_femto_verdict_but_its_CellCAGList_is_checked()
    {
        var byAmf = NotAllowed with { AmfEnforces = true };
        var d = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied), Trial(byAmf, UeContextAnswer.None));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        var absent = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied), Trial(byAmf, UeContextAnswer.None) with { Initial = Initial(null) });
        Assert.That(absent.Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void Failed_NAS_security_of_the_positive_control_or_of_the_other_UE_is_inconclusive_with_the_reason()
    {
        var failed = new TrialNasSecurity(TrialNasSecurityState.Failed, "UeFailure: AUTHENTICATION FAILURE, 5GMM cause MacFailure", "not run", null, null, null,
            "5G AKA did not authenticate the test UE: AUTHENTICATION FAILURE, 5GMM cause MacFailure");
        var allowedFailed = Trial(Allowed, UeContextAnswer.None) with { Security = failed };
        var d = Decide(allowedFailed, Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive), d.Reason);
        Assert.That(d.Reason, Does.Contain("trial 'allowed'").And.Contain("MacFailure").And.Contain("no INITIAL CONTEXT SETUP was tried"));
        var other = Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.None) with { Security = failed });
        Assert.That(other.Verdict, Is.EqualTo(Verdict.Inconclusive), other.Reason);
        Assert.That(other.Reason, Does.Contain("trial 'not allowed'"));
        // A FAIL found elsewhere still stands: NAS security does not excuse a missing CellCAGList.
        Assert.That(Decide(allowedFailed, Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied, cags: [0xA1])).Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void A_pass_says_whether_NAS_security_ran()
    {
        var established = new TrialNasSecurity(TrialNasSecurityState.Established, "authenticated", "completed", new(2, 2), new(0), new(1), "done");
        var with = Decide(Trial(Allowed, UeContextAnswer.Served) with { Security = established }, Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied) with { Security = established });
        Assert.That(with.Verdict, Is.EqualTo(Verdict.Pass), with.Reason);
        Assert.That(with.Reason, Does.Contain("authenticated (5G AKA)").And.Contain("KgNB"));
        var without = Decide(Trial(Allowed, UeContextAnswer.Served) with { Security = TrialNasSecurity.NotRun(CagAccessTrials.NoTestSubscriber) }, Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied));
        Assert.That(without.Verdict, Is.EqualTo(Verdict.Pass), without.Reason);
        Assert.That(without.Reason, Does.Contain("no testSubscriber").And.Contain("not checked"));
    }

    [Test]
    public void A_cell_that_serves_no_one_is_inconclusive()
    {
        var d = Decide(Trial(Allowed, UeContextAnswer.Failed, NpnDenied), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(d.Reason, Does.Contain("serves no one"));
    }

    [Test]
    public void Silence_or_no_INITIAL_UE_MESSAGE_is_inconclusive()
    {
        Assert.That(Decide(Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.None)).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide(Trial(Allowed, UeContextAnswer.None, initial: false), Trial(NotAllowed, UeContextAnswer.None, initial: false)).Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void No_trial_no_NG_C_or_no_emulated_Uu_is_inconclusive_with_the_reason()
    {
        var binding = AmfRoleTests.Core.Femtos[0];
        Assert.That(CagAccessJudgement.Decide(null, [], [], "the PIXIT names no emulated Uu", binding).Reason, Does.Contain("emulated Uu"));
        Assert.That(CagAccessJudgement.Decide(Up, [], GoodHandovers, null, binding).Verdict, Is.EqualTo(Verdict.Inconclusive));
        var down = new AmfObservation(AmfReach.NoAssociation, "no SCTP association", null, [], [], 0);
        Assert.That(CagAccessJudgement.Decide(down, [Trial(Allowed, UeContextAnswer.Served)], GoodHandovers, null, binding).Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void The_AMF_own_check_follows_TS_23_501()
    {
        Assert.That(CagAccessTrials.AmfWouldReject(new CellCagList([0xA1, 0xA2]), NotAllowed.Allowed), Is.True);
        Assert.That(CagAccessTrials.AmfWouldReject(new CellCagList([0xA1, 0xA2]), Allowed.Allowed), Is.False);
        Assert.That(CagAccessTrials.AmfWouldReject(null, Allowed.Allowed), Is.True, "a CAG-only UE in a non-CAG cell");
        Assert.That(CagAccessTrials.AmfWouldReject(null, Allowed.Allowed with { CagOnly = false }), Is.False);
    }

    [Test]
    public void The_non_CAG_cell_reports_no_CAG_ID_and_refuses_a_CAG_only_UE()
    {
        var open = new CagTrialPlan("open", "001010000000101", new AllowedPniNpnItem(Plmn, false, [0xA1, 0xA2]), true) { Cell = 0x00066C002, InCagCell = false };
        var restricted = new CagTrialPlan("restricted", "001010000000102", new AllowedPniNpnItem(Plmn, true, [0xA1, 0xA2]), false) { Cell = 0x00066C002, InCagCell = false };
        CagTrialOutcome InOpenCell(CagTrialPlan plan, UeContextAnswer answer, Cause? cause = null, uint[]? cags = null) =>
            new(plan, new InitialUeReport(4, null, cags is null ? null : new CellCagList(cags)), plan.Allowed.CagOnly, answer, cause, answer.ToString());
        CagTrialOutcome[] cagCell = [Trial(Allowed, UeContextAnswer.Served), Trial(NotAllowed, UeContextAnswer.Failed, NpnDenied)];

        var pass = Decide([.. cagCell, InOpenCell(open, UeContextAnswer.Served), InOpenCell(restricted, UeContextAnswer.Failed, CagOnlyDenied)]);
        Assert.That(pass.Verdict, Is.EqualTo(Verdict.Pass), pass.Reason);
        Assert.That(pass.Reason, Does.Contain("the non-CAG cell reported no CAG ID"));

        var served = Decide([.. cagCell, InOpenCell(open, UeContextAnswer.Served), InOpenCell(restricted, UeContextAnswer.Served)]);
        Assert.That(served.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(served.Reason, Does.Contain("non-CAG cell 00066C002 served a UE restricted to CAG cells"));

        var reports = Decide([.. cagCell, InOpenCell(open, UeContextAnswer.Served, cags: [0xA1]), InOpenCell(restricted, UeContextAnswer.Failed, CagOnlyDenied)]);
        Assert.That(reports.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(reports.Reason, Does.Contain("from the non-CAG cell 00066C002 reports CAG IDs 000000A1"));

        var silent = Decide([.. cagCell, InOpenCell(open, UeContextAnswer.Failed, CagOnlyDenied), InOpenCell(restricted, UeContextAnswer.Failed, CagOnlyDenied)]);
        Assert.That(silent.Verdict, Is.EqualTo(Verdict.Inconclusive), "a non-CAG cell that serves no one proves nothing");

        var oneCell = Decide(cagCell);
        Assert.That(oneCell.Verdict, Is.EqualTo(Verdict.Pass), oneCell.Reason);
        Assert.That(oneCell.Reason, Does.Contain("no non-CAG cell is bound"));
    }

    [Test]
    public void The_trials_allow_the_bound_CAG_IDs_then_one_of_no_cell()
    {
        var plans = CagAccessTrials.Plan(AmfRoleTests.Core, AmfRoleTests.Core.Femtos[0], ["001010000000101", "001010000000102"]);
        Assert.That(plans.Select(p => p.MustBeServed), Is.EqualTo(new[] { true, false, false, true, false }));
        Assert.That(plans.Select(p => p.AmfEnforces), Is.EqualTo(new[] { false, false, true, false, false }));
        // The last two in the bound non-CAG cell: not restricted (positive control), then restricted to CAG cells.
        Assert.That(plans.Select(p => (p.Cell, p.InCagCell)), Is.EqualTo(new[] { (0x00066C001UL, true), (0x00066C001UL, true), (0x00066C001UL, true), (0x00066C002UL, false), (0x00066C002UL, false) }));
        Assert.That(plans.Skip(3).Select(p => p.Allowed.CagOnly), Is.EqualTo(new[] { false, true }));
        var oneCell = AmfRoleTests.Core.Femtos[0] with { NonCagCells = [], CellIdentities = [0x00066C001] };
        Assert.That(CagAccessTrials.Plan(AmfRoleTests.Core, oneCell, ["001010000000101"]), Has.Count.EqualTo(3), "no non-CAG cell bound: no trial there");
        Assert.That(plans[0].Allowed.AllowedCagIds, Is.EqualTo(new uint[] { 0xA1, 0xA2 }));
        Assert.That(plans[1].Allowed.AllowedCagIds.Intersect(AmfRoleTests.Core.Femtos.SelectMany(f => f.CagIds)), Is.Empty);
        Assert.That(CagAccessTrials.Plan(AmfRoleTests.Core, AmfRoleTests.Core.Femtos[0], []), Is.Empty);
    }
}
