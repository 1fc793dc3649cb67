namespace FemtoScas.Harness.Esp;

/// <summary>Inbound ESP outcomes of one SA (RFC 4303 3.4: each drop is an auditable event). Thread-safe reads.</summary>
public sealed class EspCounters
{
    private long _accepted, _replayed, _icvFailed, _outsideWindow, _malformed, _sent;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long ReplayedDropped => Interlocked.Read(ref _replayed);
    public long IcvFailed => Interlocked.Read(ref _icvFailed);
    public long OutsideWindow => Interlocked.Read(ref _outsideWindow);

    /// <summary>Structurally broken after or before decryption (length, alignment, pad length).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);
    public long Sent => Interlocked.Read(ref _sent);

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

    public override string ToString() =>
        $"accepted {Accepted}, replayed-dropped {ReplayedDropped}, ICV-failed {IcvFailed}, outside-window {OutsideWindow}, malformed {Malformed}, sent {Sent}";
}
