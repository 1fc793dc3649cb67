namespace FemtoScas.Harness.Esp;

/// <summary>
/// Inbound ESP outcomes of one SA (RFC 4303 3.4: each drop is an auditable event), packets sent on
/// it, and when inbound packets for its SPI arrived (first, last) so a test can tabulate traffic per
/// SPI across rekeys. Thread-safe reads.
/// </summary>
public sealed class EspCounters
{
    private readonly object _times = new();
    private long _accepted, _replayed, _icvFailed, _outsideWindow, _malformed, _sent, _received, _afterDelete;
    private DateTimeOffset? _firstReceived, _lastReceived, _firstAccepted, _lastAccepted;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long ReplayedDropped => Interlocked.Read(ref _replayed);
    public long IcvFailed => Interlocked.Read(ref _icvFailed);
    public long OutsideWindow => Interlocked.Read(ref _outsideWindow);

    /// <summary>Structurally broken after or before decryption (length, alignment, pad length).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Every inbound packet that carried this SA's SPI, whatever became of it (rejected ones after the delete included).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Packets that arrived on this SA after its CHILD_SA was deleted: discarded unprocessed (RFC 7296 1.4.1, RFC 4303 3.4.2).</summary>
    public long RejectedAfterDelete => Interlocked.Read(ref _afterDelete);

    public DateTimeOffset? FirstReceivedAt
    {
        get
        {
            lock (_times) return _firstReceived;
        }
    }

    public DateTimeOffset? LastReceivedAt
    {
        get
        {
            lock (_times) return _lastReceived;
        }
    }

    public DateTimeOffset? FirstAcceptedAt
    {
        get
        {
            lock (_times) return _firstAccepted;
        }
    }

    public DateTimeOffset? LastAcceptedAt
    {
        get
        {
            lock (_times) return _lastAccepted;
        }
    }

    internal void Count(EspInboundStatus status)
    {
        switch (status)
        {
            case EspInboundStatus.Accepted: Interlocked.Increment(ref _accepted); break;
            case EspInboundStatus.Replayed: Interlocked.Increment(ref _replayed); break;
            case EspInboundStatus.IcvFailed: Interlocked.Increment(ref _icvFailed); break;
            case EspInboundStatus.OutsideWindow: Interlocked.Increment(ref _outsideWindow); break;
            default: Interlocked.Increment(ref _malformed); break;
        }
    }

    internal void CountSent() => Interlocked.Increment(ref _sent);

    /// <summary>An inbound packet for this SPI arrived at <paramref name="at"/> (the socket's receive time).</summary>
    internal void Arrived(DateTimeOffset at)
    {
        Interlocked.Increment(ref _received);
        lock (_times)
        {
            _firstReceived ??= at;
            _lastReceived = at;
        }
    }

    internal void AcceptedAt(DateTimeOffset at)
    {
        lock (_times)
        {
            _firstAccepted ??= at;
            _lastAccepted = at;
        }
    }

    internal void CountAfterDelete() => Interlocked.Increment(ref _afterDelete);

    public override string ToString() =>
        $"accepted {Accepted}, replayed-dropped {ReplayedDropped}, ICV-failed {IcvFailed}, outside-window {OutsideWindow}, malformed {Malformed}, after-delete {RejectedAfterDelete}, sent {Sent}";
}
