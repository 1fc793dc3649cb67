using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>NRF-PQ-READINESS as a pure function of the offer, the hybrid trial and the downgrade trial.</summary>
[TestFixture]
public sealed class PqReadinessJudgementTests
{
    private static PqOffer Offer(params string[] proposals) =>
        PqOffer.From([.. proposals.Select((p, i) => ProposalSpec.ParseIke(p).ToProposal((byte)(i + 1)))]);

    private static readonly PqOffer Required = Offer("aes256gcm16-prfsha384-ecp384-ke1_mlkem768");
    private static readonly PqOffer Optional = Offer("aes256gcm16-prfsha384-ecp384-ke1_mlkem768-ke1_none");
    private static readonly PqOffer PartlyRequired = Offer("aes256gcm16-prfsha384-ecp384-ke1_mlkem768", "aes128-sha256-modp2048");
    private static readonly PqOffer Classic = Offer("aes256gcm16-prfsha384-ecp384");

    private static PqObservations Seen(PqOffer offer, HybridOutcome hybrid = HybridOutcome.Completed, DowngradeOutcome downgrade = DowngradeOutcome.Refused) =>
        new(offer, hybrid, $"hybrid {hybrid}", downgrade, $"downgrade {downgrade}");

    [Test]
    public void The_offer_is_read_per_proposal()
    {
        Assert.Multiple(() =>
        {
            Assert.That((Required.Offered, Required.Mandatory), Is.EqualTo((true, true)));
            Assert.That((Optional.Offered, Optional.Mandatory), Is.EqualTo((true, false)));
            Assert.That((PartlyRequired.Offered, PartlyRequired.Mandatory), Is.EqualTo((true, false)), "a proposal without the type lets a SeGW strip it");
            Assert.That((Classic.Offered, Classic.Mandatory), Is.EqualTo((false, false)));
            Assert.That(Optional.ToString(), Is.EqualTo("proposal #1: ADDKE1 ML-KEM-768|NONE"));
        });
    }

    [TestCase(null)]
    [TestCase(PqPolicy.None)]
    public void Without_a_policy_the_case_is_informative_never_pass(PqPolicy? policy)
    {
        foreach (var seen in new[] { Seen(Required), Seen(Classic, HybridOutcome.NotOffered, DowngradeOutcome.NotRun), Seen(Required, downgrade: DowngradeOutcome.Accepted) })
        {
            var (decision, _) = PqReadinessJudgement.Judge(policy, seen);
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Inconclusive), decision.Reason);
            Assert.That(decision.Reason, Does.Contain("informative only").And.Contain(seen.Offer.ToString()));
        }
    }

    [Test]
    public void Required_policy_passes_only_with_a_mandatory_offer_a_completed_hybrid_and_a_refused_downgrade()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Required)).Decision.Verdict, Is.EqualTo(Verdict.Pass));
            var downgrade = PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Required, downgrade: DowngradeOutcome.Accepted));
            Assert.That(downgrade.Decision.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(downgrade.Decision.Reason, Does.Contain("accepted a downgrade"));
            Assert.That(downgrade.Findings, Has.Count.EqualTo(1));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Classic, HybridOutcome.NotOffered, DowngradeOutcome.NotRun)).Decision.Reason, Does.Contain("offers no additional key exchange"));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Optional)).Decision.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(PartlyRequired)).Decision.Reason, Does.Contain("only as optional"));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Required, HybridOutcome.NotCompleted)).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Required, Seen(Required, downgrade: DowngradeOutcome.NoAnswer)).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        });
    }

    [Test]
    public void Preferred_policy_allows_the_fallback_but_needs_the_offer()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Preferred, Seen(Optional, downgrade: DowngradeOutcome.Accepted)).Decision.Verdict, Is.EqualTo(Verdict.Pass));
            Assert.That(PqReadinessJudgement.Judge(PqPolicy.Preferred, Seen(Classic, HybridOutcome.NotOffered, DowngradeOutcome.NotRun)).Decision.Verdict, Is.EqualTo(Verdict.Fail));
        });
    }
}
