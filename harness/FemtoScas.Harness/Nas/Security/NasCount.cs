namespace FemtoScas.Harness.Nas.Security;

/// <summary>
/// A NAS COUNT (TS 24.501 4.4.3.1): 24 bits, the 16-bit NAS overflow counter and the 8-bit
/// sequence number, used as a 32-bit input to NEA/NIA with the 8 most significant bits zero.
/// </summary>
public readonly record struct NasCount(uint Value)
{
    public const uint Max = 0x00FF_FFFF;

    public static NasCount Of(ushort overflow, byte sequenceNumber) => new(((uint)overflow << 8) | sequenceNumber);

    public ushort Overflow => (ushort)(Value >> 8);
    public byte SequenceNumber => (byte)Value;

    public override string ToString() => $"{Overflow}:{SequenceNumber}";
}

/// <summary>What a receiver concluded from a received sequence number.</summary>
public enum NasCountOutcome
{
    /// <summary>The estimated COUNT is new; accept it once the MAC verified.</summary>
    Fresh,
    /// <summary>The estimated COUNT is not above the last accepted one (TS 24.501 4.4.3.2: replay).</summary>
    Replay,
    /// <summary>Estimating would wrap the overflow counter past 0xFFFF: the context must be renewed (TS 33.501 6.4.3.1).</summary>
    Exhausted,
}

/// <summary>
/// The receiver's side of one direction's NAS COUNT (TS 24.501 4.4.3.1): only the 8-bit sequence
/// number travels, so the receiver estimates the full COUNT. The estimate here: the overflow
/// counter of the last accepted COUNT, plus one when the received sequence number is below the
/// last accepted one (the sender wrapped). A COUNT not above the last accepted is a replay (4.4.3.2).
/// A message is accepted only after its MAC verified with the estimated COUNT, so a forged
/// sequence number cannot move the counter.
/// </summary>
public sealed class NasCountReceiver
{
    private uint? _lastAccepted;

    /// <summary>The last accepted COUNT, or null when none has been.</summary>
    public NasCount? LastAccepted => _lastAccepted is { } v ? new NasCount(v) : null;

    /// <summary>Starts again at COUNT 0 (a new NAS security context, TS 24.501 4.4.3.1).</summary>
    public void Reset() => _lastAccepted = null;

    /// <summary>The COUNT the sender most likely used for <paramref name="sequenceNumber"/>.</summary>
    public (NasCount Count, NasCountOutcome Outcome) Estimate(byte sequenceNumber)
    {
        if (_lastAccepted is not { } last) return (NasCount.Of(0, sequenceNumber), NasCountOutcome.Fresh);
        var overflow = last >> 8;
        if (sequenceNumber < (byte)last) overflow++;
        if (overflow > 0xFFFF) return (new NasCount(last), NasCountOutcome.Exhausted);
        var count = (overflow << 8) | sequenceNumber;
        return (new NasCount(count), count <= last ? NasCountOutcome.Replay : NasCountOutcome.Fresh);
    }

    /// <summary>Records <paramref name="count"/> as accepted (after the MAC verified).</summary>
    public void Accept(NasCount count)
    {
        if (_lastAccepted is null || count.Value > _lastAccepted) _lastAccepted = count.Value;
    }
}

/// <summary>The sender's side of one direction's NAS COUNT: starts at 0, one per protected message.</summary>
public sealed class NasCountSender
{
    private uint _next;

    /// <summary>The COUNT the next message will use.</summary>
    public NasCount Next => new(_next);

    /// <summary>Whether the COUNT space is used up (TS 33.501 6.4.3.1: a new key before wrapping).</summary>
    public bool Exhausted => _next > NasCount.Max;

    /// <summary>The COUNT for the message being sent, then advances; null when exhausted.</summary>
    public NasCount? Take()
    {
        if (Exhausted) return null;
        return new NasCount(_next++);
    }

    /// <summary>Sets the next COUNT (a manoeuvre: replay an old COUNT, or jump near the overflow).</summary>
    public void Set(NasCount next) => _next = next.Value;

    public void Reset() => _next = 0;
}
