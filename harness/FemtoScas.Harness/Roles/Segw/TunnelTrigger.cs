using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>How an attempt to bring the DUT toward a harness SeGW ended.</summary>
public enum TunnelTriggerState
{
    /// <summary>The controller triggered the DUT, or the operator restarted it and its IKE_SA_INIT arrived.</summary>
    Triggered,
    /// <summary>Neither the controller nor the operator could trigger the DUT (no answer, or not 'done').</summary>
    NotTriggerable,
    /// <summary>The operator restarted the femto, but no IKE_SA_INIT reached the SeGW in time.</summary>
    SilentAfterOperatorRestart,
}

/// <summary>Whether the DUT was brought to start IKE toward a SeGW, and if not why (the case's INCONCLUSIVE reason).</summary>
public sealed record TunnelTriggerResult(TunnelTriggerState State, string Why)
{
    public static TunnelTriggerResult Done { get; } = new(TunnelTriggerState.Triggered, "");

    public bool Triggered => State == TunnelTriggerState.Triggered;
}

/// <summary>
/// The one place a test case brings the DUT's tunnel up toward a harness SeGW. A controller that can
/// trigger the DUT does so (SimFemto, the strongSwan stand-in); otherwise the step is
/// operator-assisted (a physical femto): the operator is asked, per attempt, to restart the femto's
/// tunnel toward that SeGW (<see cref="OperatorSteps.RestartTunnel"/>, recorded in the evidence with
/// its answer), and after 'done' the SeGW waits, bounded by PIXIT tunnelRestartSeconds, for the
/// DUT's IKE_SA_INIT. 'cannot', no answer or silence are not triggered, with the question named.
/// </summary>
public static class TunnelTrigger
{
    /// <summary>
    /// Triggers the DUT toward <paramref name="responder"/>; <paramref name="what"/> names the attempt
    /// to the operator ("SeGW presenting segw-expired"), <paramref name="attempts"/> how many the case
    /// makes when known. <paramref name="tellNatT"/> passes the SeGW's NAT-T endpoint to a controller
    /// that can take it (then the DUT sends ESP-in-UDP there).
    /// </summary>
    public static async Task<TunnelTriggerResult> TriggerAsync(IRoleScope t, SegwResponder responder, string what, bool tellNatT, int? attempts = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(responder);
        var attempt = t.NextTunnelAttempt();
        var natT = tellNatT ? responder.NatTLocalEndPoint : null;
        if (await t.Dut.TryTriggerTunnelAsync(responder.LocalEndPoint, natT, t.CancellationToken).ConfigureAwait(false))
            return TunnelTriggerResult.Done;

        var within = t.Pixit.TunnelRestart;
        var question = OperatorSteps.RestartTunnel(t.CaseId, attempt, attempts, what, responder.LocalEndPoint, responder.NatTLocalEndPoint, within);
        var answer = await t.AskOperatorAsync(question).ConfigureAwait(false);
        if (answer is null)
            return new(TunnelTriggerState.NotTriggerable, $"the harness cannot trigger this DUT's tunnel and the operator step {question.Id} (restart the femto toward the harness SeGW at {responder.LocalEndPoint}) was not performed: "
                + $"no answer; give one under {question.Id}, {string.Join(" or ", question.FallbackIds)} in the PIXIT's operatorAnswers file");
        if (answer.Choice != OperatorSteps.Done)
            return new(TunnelTriggerState.NotTriggerable, $"the harness cannot trigger this DUT's tunnel and the operator step {question.Id} (restart the femto toward the harness SeGW at {responder.LocalEndPoint}) was not performed: "
                + $"'{answer.Choice}' by {answer.AnsweredBy}{(answer.Comment is { } c ? $" ({c})" : "")}");

        // A power cycle includes the femto's boot: the SeGW waits for its first IKE_SA_INIT, then the case's own bounds apply.
        var first = await responder.WaitForAsync(_ => true, within).WaitAsync(t.CancellationToken).ConfigureAwait(false);
        if (first is null)
            return new(TunnelTriggerState.SilentAfterOperatorRestart, $"the operator answered 'done' to step {question.Id} but no IKE_SA_INIT reached the harness SeGW at {responder.LocalEndPoint} within {within.TotalSeconds:0} s (PIXIT tunnelRestartSeconds): is the femto configured for that SeGW address and port?");
        t.Step($"IKE_SA_INIT from {first.RemoteEndPoint} at the harness SeGW after the operator's restart ({question.Id})");
        return TunnelTriggerResult.Done;
    }
}
