using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Interception;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interception;

/// <summary>The decision-hook mechanism itself, without sockets: what stands, what is recorded, what is bounded.</summary>
[TestFixture]
public sealed class InterceptionPointsTests
{
    private static readonly DecisionPoint<ReplayCheck> Point = EspInterception.Replay;

    [Test]
    public void Without_a_hook_the_engines_decision_stands_and_nothing_is_recorded()
    {
        var interception = new EspInterception();
        var engine = new EngineDecision<ReplayCheck>(ReplayCheck.Replayed, "duplicate");
        Assert.That(interception.Decide(Point, engine), Is.SameAs(engine));
        Assert.That(interception.Decide(Point, ReplayCheck.Replayed, () => throw new AssertionException("the reason is only worded for a hook")), Is.EqualTo(ReplayCheck.Replayed));
        Assert.That(interception.Overridden, Is.Empty);
    }

    [Test]
    public void A_hook_that_returns_null_or_the_same_value_lets_the_decision_stand_unrecorded()
    {
        var interception = new EspInterception();
        interception.OnDecision(Point, d => d.Value == ReplayCheck.New ? null : d with { Reason = "same value, other words" });
        Assert.That(interception.Decide(Point, new EngineDecision<ReplayCheck>(ReplayCheck.New, "new")).Value, Is.EqualTo(ReplayCheck.New));
        var engine = new EngineDecision<ReplayCheck>(ReplayCheck.Replayed, "duplicate");
        Assert.That(interception.Decide(Point, engine), Is.SameAs(engine));
        Assert.That(interception.OverrideCount, Is.Zero);
    }

    [Test]
    public void A_replacement_is_acted_on_recorded_and_raised()
    {
        var interception = new EspInterception();
        var raised = new List<DecisionOverride>();
        interception.DecisionOverridden += raised.Add;
        interception.OnDecision(Point, _ => new EngineDecision<ReplayCheck>(ReplayCheck.New, "hook"));
        // Other decision points are not affected by this hook.
        Assert.That(interception.Decide(EspInterception.SaAfterRekey, EspRekeyChoice.MoveToNewSa, () => "rekeyed"), Is.EqualTo(EspRekeyChoice.MoveToNewSa));

        var decided = interception.Decide(Point, new EngineDecision<ReplayCheck>(ReplayCheck.OutsideWindow, "left of the window"));

        Assert.That(decided.Value, Is.EqualTo(ReplayCheck.New));
        var recorded = interception.Overridden.Single();
        Assert.That(recorded, Is.EqualTo(raised.Single()));
        Assert.That((recorded.Point, recorded.EngineValue, recorded.EngineReason, recorded.Value, recorded.Reason),
            Is.EqualTo(("ESP replay check verdict", "OutsideWindow", "left of the window", "New", "hook")));
        Assert.That(recorded.ToString(), Does.Contain("overridden to New"));
    }

    [Test]
    public void Recorded_overrides_are_bounded_but_all_are_counted()
    {
        var interception = new EspInterception();
        interception.OnDecision(Point, _ => new EngineDecision<ReplayCheck>(ReplayCheck.New, "hook"));
        for (int i = 0; i < InterceptionPoints.MaxRecorded + 5; i++) interception.Decide(Point, ReplayCheck.Replayed, () => "duplicate");
        Assert.That(interception.Overridden, Has.Count.EqualTo(InterceptionPoints.MaxRecorded));
        Assert.That(interception.OverrideCount, Is.EqualTo(InterceptionPoints.MaxRecorded + 5));
    }
}
