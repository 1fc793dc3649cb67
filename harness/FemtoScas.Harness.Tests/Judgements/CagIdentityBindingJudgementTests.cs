using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Sctp;
using FemtoScas.Harness.Tests.Roles.Amf;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

[TestFixture]
public sealed class CagIdentityBindingJudgementTests
{
    private const string Identity = "femto-0001.vendor.test";
    private static readonly PlmnIdentity Plmn = new("001", "01");

    private static AmfObservation Served(uint[]? cags, ulong cell = 0x00066C001, int tac = 7, int setupTac = 7) => new(
        AmfReach.NgSetupAnswered, "NG Setup answered",
        new NgSetupReport(new GlobalRanNodeId(Plmn, PerBitString.FromNumber(0x19B, 22)), "femto-1",
            new SupportedTaList([new SupportedTaItem(setupTac, [new BroadcastPlmnItem(Plmn, [new SNssai(1)])])])),
        [new InitialUeReport(1, new UserLocationInformationNr(new NrCgi(Plmn, cell), new Tai(Plmn, tac)), cags is null ? null : new CellCagList(cags))],
        [], 0);

    private static Decision Decide(AmfObservation o, string? identity = Identity) => CagIdentityBindingJudgement.Decide(o, identity, AmfRoleTests.Core);

    [Test]
    public void Exactly_the_bound_values_pass()
    {
        var d = Decide(Served([0xA2, 0xA1]));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
    }

    [Test]
    public void An_unbound_CAG_ID_fails_naming_it()
    {
        var d = Decide(Served([0xA1, 0xA2, 0x00BADCA6]));
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("CAG ID 00BADCA6").And.Contain("not bound").And.Not.Contain("000000A1 in"));
    }

    [Test]
    public void A_bound_CAG_ID_left_out_or_no_CAG_list_fails()
    {
        Assert.That(Decide(Served([0xA1])).Reason, Does.Contain("leaves bound CAG ID 000000A2 out"));
        Assert.That(Decide(Served(null)).Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void A_cell_bound_without_CAG_passes_without_a_CAG_list_and_fails_with_one()
    {
        var none = Decide(Served(null, cell: 0x00066C002));
        Assert.That(none.Verdict, Is.EqualTo(Verdict.Pass), none.Reason);
        Assert.That(none.Reason, Does.Contain("00066C002 (no CAG)"));
        Assert.That(Decide(Served([], cell: 0x00066C002)).Verdict, Is.EqualTo(Verdict.Pass), "an empty list is no CAG ID either");
        var some = Decide(Served([0xA1], cell: 0x00066C002));
        Assert.That(some.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(some.Reason, Does.Contain("CAG ID 000000A1").And.Contain("bound as a non-CAG cell"));
        // The CAG cell still needs its whole list.
        Assert.That(Decide(Served(null)).Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void An_unbound_cell_identity_or_TAC_fails_naming_it()
    {
        Assert.That(Decide(Served([0xA1, 0xA2], cell: 0x00066C003)).Reason, Does.Contain("NR cell identity 00066C003, not bound"));
        Assert.That(Decide(Served([0xA1, 0xA2], tac: 8)).Reason, Does.Contain("TAC 000008, not bound"));
        Assert.That(Decide(Served([0xA1, 0xA2], setupTac: 9)).Reason, Does.Contain("NG SETUP REQUEST supports TAC 000009"));
    }

    [Test]
    public void Another_authenticated_identity_has_nothing_bound()
    {
        var d = Decide(Served([0xA1, 0xA2]), "femto-9999.vendor.test");
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("nothing is bound"));
    }

    [Test]
    public void Without_NG_C_or_a_UE_the_case_cannot_decide()
    {
        var none = new SctpUnavailable("libusrsctp.so.2", "not installed");
        Assert.That(Decide(AmfRole.Unavailable(none)).Reason, Does.Contain("libusrsctp.so.2"));
        Assert.That(Decide(AmfRole.Unavailable(none)).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide(new AmfObservation(AmfReach.NoAssociation, "none", null, [], [], 0)).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide(Served([0xA1, 0xA2]) with { InitialUes = [] }).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Decide(Served([0xA1, 0xA2]), identity: null).Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(CagIdentityBindingJudgement.Decide(Served([0xA1]), Identity, null).Verdict, Is.EqualTo(Verdict.Inconclusive));
    }
}
