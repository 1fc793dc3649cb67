namespace FemtoScas.Harness.Sctp;

/// <summary>
/// Why the SCTP stack cannot be used: the NG-C cases turn this into INCONCLUSIVE naming <see cref="Library"/>.
/// </summary>
public sealed record SctpUnavailable(string Library, string Reason)
{
    public override string ToString() => $"SCTP unavailable ({Library}): {Reason}";
}

/// <summary>Association parameters (RFC 6458 8.1.3 SCTP_INITMSG) and the harness's own bounds.</summary>
public sealed record SctpOptions
{
    /// <summary>Outbound streams requested in INIT / INIT ACK.</summary>
    public ushort OutboundStreams { get; init; } = 4;

    /// <summary>Most inbound streams accepted from the peer.</summary>
    public ushort MaxInboundStreams { get; init; } = 4;

    /// <summary>INIT retransmissions before the stack gives up (0 = the stack's default).</summary>
    public ushort MaxInitAttempts { get; init; }

    /// <summary>
    /// Retransmission timeout bounds (RFC 9260 6.3.1; the stack's defaults are 1 s / 60 s / 3 s when null). Shorter
    /// values make a vanished peer show as <see cref="SctpEventKind.Lost"/> within a guard timer.
    /// </summary>
    public TimeSpan? RtoInitial { get; init; }

    public TimeSpan? RtoMin { get; init; }

    public TimeSpan? RtoMax { get; init; }

    /// <summary>Association.Max.Retrans (RFC 9260 16; default 10 when 0).</summary>
    public ushort MaxRetransmissions { get; init; }

    /// <summary>Largest message reassembled; a larger one is dropped and recorded as a <see cref="SctpEventKind.Malformed"/> event.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 20;

    /// <summary>Messages kept for <see cref="SctpAssociation.ReceiveAsync"/>; when full, the stack's receive window closes.</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    public static SctpOptions Default { get; } = new();
}

/// <summary>One user message with its stream and payload protocol identifier (RFC 9260 3.3.1).</summary>
public sealed record SctpMessage(ushort StreamId, uint Ppid, byte[] Payload, bool Unordered)
{
    /// <summary>NGAP's payload protocol identifier (TS 38.412 7; IANA SCTP PPID 60).</summary>
    public const uint NgapPpid = 60;

    public override string ToString() => $"stream {StreamId} PPID {Ppid} {Payload.Length} bytes{(Unordered ? " unordered" : "")}";
}

public enum SctpReceiveStatus
{
    Message,
    /// <summary>Nothing arrived within the time given: a silent peer.</summary>
    TimedOut,
    /// <summary>The association ended (ABORT, loss, shutdown, local close); <see cref="SctpReceiveOutcome.Reason"/> says how.</summary>
    Closed,
}

/// <summary>A receive's outcome; for <see cref="SctpReceiveStatus.Closed"/>, <c>EndedBy</c> is the event that ended the association (null when the harness closed it).</summary>
public sealed record SctpReceiveOutcome(SctpReceiveStatus Status, SctpMessage? Message, string Reason, SctpAssociationEvent? EndedBy = null);

public enum SctpSendStatus
{
    Sent,
    /// <summary>The send buffer stayed full for the whole time given.</summary>
    TimedOut,
    /// <summary>The association is gone.</summary>
    Closed,
    /// <summary>The stack refused the message (invalid stream, too large...); <see cref="SctpSendOutcome.Errno"/> says why.</summary>
    Refused,
}

public sealed record SctpSendOutcome(SctpSendStatus Status, int Errno, string Reason);

public enum SctpConnectStatus
{
    Up,
    /// <summary>No answer to INIT within the time given: a silent peer.</summary>
    TimedOut,
    /// <summary>The peer answered with ABORT, or the stack gave up.</summary>
    Refused,
    /// <summary>The stack refused the call (address in use, bad argument); the reason names errno.</summary>
    Failed,
}

/// <summary>A connect's outcome; for <see cref="SctpConnectStatus.Refused"/>, <c>Event</c> is what the stack reported (CANT_STR_ASSOC, with the ABORT's causes when one came).</summary>
public sealed record SctpConnectOutcome(SctpConnectStatus Status, SctpAssociation? Association, string Reason, SctpAssociationEvent? Event = null);

public enum SctpAcceptStatus
{
    Accepted,
    TimedOut,
    Closed,
}

public sealed record SctpAcceptOutcome(SctpAcceptStatus Status, SctpAssociation? Association, string Reason);

public enum SctpEventWaitStatus
{
    Seen,
    TimedOut,
}

public sealed record SctpEventOutcome(SctpEventWaitStatus Status, SctpAssociationEvent? Event, string Reason);
