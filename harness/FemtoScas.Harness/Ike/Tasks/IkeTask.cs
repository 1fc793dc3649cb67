using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

internal enum TaskOutcome
{
    Ok,
    /// <summary>Restart the exchange (COOKIE, INVALID_KE_PAYLOAD; RFC 7296 2.6, 1.2).</summary>
    Retry,
    /// <summary>The IKE SA cannot be established.</summary>
    Fatal,
    /// <summary>The CHILD_SA failed but the IKE SA stands (RFC 7296 1.2: errors in IKE_AUTH about the child).</summary>
    ChildFailed,
}

/// <summary>Outcome of a task step; <see cref="Notify"/> is the error to send (responder) or received (initiator).</summary>
internal sealed record TaskResult(TaskOutcome Status, NotifyMessageType? Notify = null, ReadOnlyMemory<byte> NotifyData = default, string? Reason = null)
{
    public static TaskResult Ok { get; } = new(TaskOutcome.Ok);

    /// <summary>
    /// True when the peer's own error notification ended the exchange (not our verdict on its
    /// message): an initiator then sends no Delete of its own (RFC 7296 2.21.2 applies to our refusal).
    /// </summary>
    public bool FromPeer { get; init; }

    /// <summary>The peer answered with the error <paramref name="notify"/>: fatal, and <see cref="FromPeer"/>.</summary>
    public static TaskResult PeerError(NotifyMessageType notify) => new(TaskOutcome.Fatal, notify, Reason: "peer error") { FromPeer = true };

    public static TaskResult Fatal(NotifyMessageType? notify, string reason, ReadOnlyMemory<byte> data = default) => new(TaskOutcome.Fatal, notify, data, reason);

    public static TaskResult Retry(string reason) => new(TaskOutcome.Retry, Reason: reason);

    public static TaskResult ChildFailed(NotifyMessageType notify, string reason) => new(TaskOutcome.ChildFailed, notify, Reason: reason);
}

/// <summary>
/// One step of an exchange with Build/Process for both roles over the shared <see cref="IkeSa"/>
/// (as strongSwan's task_t, so both roles share one implementation of each step). The initiator calls BuildRequest then ProcessResponse; the
/// responder ProcessRequest then BuildResponse. Peer deviations go to the SA as findings.
/// </summary>
internal interface IIkeTask
{
    void BuildRequest(TaskContext context, List<IkePayload> payloads);

    TaskResult ProcessRequest(TaskContext context, ReceivedMessage request);

    void BuildResponse(TaskContext context, List<IkePayload> payloads);

    TaskResult ProcessResponse(TaskContext context, ReceivedMessage response);
}
