using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>How far the DUT's tunnel toward a harness SeGW came (RFC 7296 1.2: IKE_SA_INIT, then IKE_AUTH).</summary>
public enum TunnelOutcomeKind
{
    /// <summary>The DUT could not be triggered: no controller, and the operator did not restart it.</summary>
    NotTriggerable,
    /// <summary>Triggered, but no IKE_SA_INIT reached the SeGW in time.</summary>
    NoIkeSaInit,
    /// <summary>IKE started, but IKE_AUTH did not settle in time.</summary>
    NoIkeAuth,
    /// <summary>The exchange ended without a standing IKE SA: see <see cref="TunnelOutcome.Refusal"/>.</summary>
    Refused,
    /// <summary>The IKE SA is established, with its CHILD_SAs (<see cref="TunnelOutcome.Sa"/>).</summary>
    Established,
}

/// <summary>How the IKE SA was refused, by whom.</summary>
public enum RefusalKind
{
    /// <summary>AUTHENTICATION_FAILED, sent or received (RFC 7296 2.21.2).</summary>
    AuthenticationFailed,
    /// <summary>Another error notification, sent or received (e.g. NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD).</summary>
    ErrorNotify,
    /// <summary>The exchange failed without an error notification (a malformed or unverifiable message).</summary>
    WithoutNotify,
    /// <summary>IKE_AUTH completed, then the DUT deleted the IKE SA (INFORMATIONAL Delete).</summary>
    DeletedAfterIkeAuth,
}

/// <summary>A refusal: how, the notification if any, whether the DUT sent it, and in words why.</summary>
public sealed record TunnelRefusal(RefusalKind How, NotifyMessageType? Notify, bool ByDut, string Reason)
{
    public static TunnelRefusal? Of(IkeSa sa)
    {
        ArgumentNullException.ThrowIfNull(sa);
        if (sa.State == IkeSaState.Deleted) return new(RefusalKind.DeletedAfterIkeAuth, null, true, "deleted the IKE SA after IKE_AUTH");
        if (sa.Failure is not { } failure) return null;
        var how = failure.Notify switch
        {
            NotifyMessageType.AuthenticationFailed => RefusalKind.AuthenticationFailed,
            null => RefusalKind.WithoutNotify,
            _ => RefusalKind.ErrorNotify,
        };
        return new(how, failure.Notify, failure.NotifiedByPeer, failure.Reason);
    }
}

/// <summary>
/// What one attempt to bring the DUT's tunnel up toward <see cref="Segw"/> gave: the typed
/// <see cref="Kind"/>, the IKE SA once it settled (established, failed or deleted; null when it did
/// not), how it was refused, and <see cref="Why"/> in words when there is no SA to show.
/// </summary>
public sealed record TunnelOutcome(TunnelOutcomeKind Kind, TunnelTriggerState Trigger, SegwResponder Segw, IkeSa? Sa, string Why)
{
    /// <summary>The DUT was triggered (by its controller, or the operator's restart brought its IKE_SA_INIT).</summary>
    public bool WasTriggered => Trigger == TunnelTriggerState.Triggered;

    public bool IsEstablished => Kind == TunnelOutcomeKind.Established;

    /// <summary>How the SA was refused; null unless <see cref="Kind"/> is <see cref="TunnelOutcomeKind.Refused"/>.</summary>
    public TunnelRefusal? Refusal => Kind == TunnelOutcomeKind.Refused && Sa is not null ? TunnelRefusal.Of(Sa) : null;

    public IReadOnlyList<ChildSa> ChildSas => Sa?.ChildSas ?? [];

    /// <summary>The settled SA (null when none settled) and, without one, why.</summary>
    public void Deconstruct(out IkeSa? sa, out string why)
    {
        sa = Sa;
        why = Why;
    }

    /// <summary>
    /// Classifies a settled attempt: <paramref name="sa"/> is the SA the wait settled on (null when
    /// none did); <paramref name="started"/> whether any IKE_SA_INIT arrived.
    /// </summary>
    public static TunnelOutcome Settled(SegwResponder segw, IkeSa? sa, bool started, TimeSpan waited)
    {
        var kind = KindOf(sa, started);
        if (sa is not null) return new(kind, TunnelTriggerState.Triggered, segw, sa, "");
        return new(kind, TunnelTriggerState.Triggered, segw, null, kind == TunnelOutcomeKind.NoIkeAuth
            ? $"the DUT started IKE but did not finish IKE_AUTH within {waited.TotalSeconds:0} s"
            : $"the DUT sent no IKE_SA_INIT within {waited.TotalSeconds:0} s");
    }

    /// <summary>
    /// The kind of a triggered attempt: <paramref name="sa"/> is the SA the wait settled on (null when
    /// none did), <paramref name="started"/> whether any IKE_SA_INIT arrived.
    /// </summary>
    public static TunnelOutcomeKind KindOf(IkeSa? sa, bool started) => sa?.State switch
    {
        null => started ? TunnelOutcomeKind.NoIkeAuth : TunnelOutcomeKind.NoIkeSaInit,
        IkeSaState.Established => TunnelOutcomeKind.Established,
        IkeSaState.Failed or IkeSaState.Deleted => TunnelOutcomeKind.Refused,
        _ => TunnelOutcomeKind.NoIkeAuth,
    };

    /// <summary>The trigger did not bring the DUT to IKE: not triggerable, or silent after the operator's restart.</summary>
    public static TunnelOutcome NotTriggered(SegwResponder segw, TunnelTriggerResult trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var kind = trigger.State == TunnelTriggerState.NotTriggerable ? TunnelOutcomeKind.NotTriggerable : TunnelOutcomeKind.NoIkeSaInit;
        return new(kind, trigger.State, segw, null, trigger.Why);
    }
}
