using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Fuzz;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Fuzz;

/// <summary>TS33117-4.4.4's judgement over every kind of observation, and the GUI fuzzer's inputs (no sockets).</summary>
[TestFixture]
public sealed class RobustnessJudgementTests
{
    private static readonly ReachableProtocol Ike = new("IKEv2", "udp/500", "PICS", ProtocolFuzzer.Ike);
    private static readonly ReachableProtocol Gui = new("HTTPS", "tcp/8443", "PICS", ProtocolFuzzer.Gui);
    private static readonly ReachableProtocol Esp = new("ESP", "udp/4500", "tunnel", ProtocolFuzzer.None, "authenticated");

    [Test]
    public void Pass_needs_every_fuzzed_protocol_alive_and_every_other_named_with_a_reason()
    {
        var pass = RobustnessJudgement.Decide([Ike, Gui, Esp], [new(ProtocolFuzzer.Ike, true, "ok"), new(ProtocolFuzzer.Gui, true, "ok")]);
        Assert.That(pass.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(pass.Reason, Does.Contain("IKEv2").And.Contain("ESP"));

        var noReason = RobustnessJudgement.Decide([Ike, Esp with { WhyNotFuzzed = " " }], [new(ProtocolFuzzer.Ike, true, "ok")]);
        Assert.That(noReason.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(noReason.Reason, Does.Contain("ESP has neither a fuzzer nor a reason"));

        var notRun = RobustnessJudgement.Decide([Ike, Gui], [new(ProtocolFuzzer.Ike, true, "ok")]);
        Assert.That(notRun.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(notRun.Reason, Does.Contain("HTTPS: its fuzzer did not run"));

        var undecided = RobustnessJudgement.Decide([Ike], [new(ProtocolFuzzer.Ike, null, "no tunnel before the first input")]);
        Assert.That(undecided.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void A_dead_protocol_fails_naming_its_reproducer_even_beside_undecided_ones()
    {
        var fail = RobustnessJudgement.Decide([Ike, Gui], [new(ProtocolFuzzer.Ike, false, "stopped after input 20", "ike-fuzz-reproducer.json"), new(ProtocolFuzzer.Gui, null, "no login page")]);
        Assert.That(fail.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(fail.Reason, Does.Contain("reproducer ike-fuzz-reproducer.json").And.Contain("stopped after input 20"));
    }

    [Test]
    public void Gui_inputs_are_a_function_of_the_seed_and_each_cycle_sends_every_mutation()
    {
        var n = GuiFuzzer.Mutations.Count;
        var inputs = Enumerable.Range(0, 2 * n).Select(i => GuiFuzzer.Input(5, i, "/login")).ToList();
        Assert.That(inputs, Is.EqualTo(Enumerable.Range(0, 2 * n).Select(i => GuiFuzzer.Input(5, i, "/login")).ToList()).Using<GuiFuzzInput>((a, b) => a.ToString() == b.ToString()));
        Assert.That(inputs.Take(n).Select(i => i.Mutation), Is.EquivalentTo(GuiFuzzer.Mutations));
        Assert.That(inputs.Skip(n).Select(i => i.Mutation), Is.EquivalentTo(GuiFuzzer.Mutations));
        var negative = inputs.First(i => i.Mutation == GuiMutation.NegativeContentLength);
        Assert.That(negative.Headers.Single(h => h.Key == "Content-Length").Value, Does.StartWith("-"));
        Assert.That(inputs.Max(i => i.Target.Length + i.Method.Length + i.Headers.Sum(h => h.Key.Length + h.Value.Length)), Is.LessThan(64 * 1024));
    }
}
