namespace FemtoScas.Harness.Esp;

/// <summary>What the anti-replay check says about a received sequence number (RFC 4303 3.4.3).</summary>
public enum ReplayCheck
{
    /// <summary>New: right of the window, or inside it and not yet seen.</summary>
    New,

    /// <summary>Inside the window and already accepted: a duplicate.</summary>
    Replayed,

    /// <summary>Left of the window (too old to tell), or 0, which no sender uses (RFC 4303 3.3.3).</summary>
    OutsideWindow,
}

/// <summary>
/// The receiver's sliding window of RFC 4303 3.4.3 (and appendix A's bitmap idea): the right edge
/// is the highest sequence number accepted, a packet left of the window or already marked is
/// dropped. <see cref="Check"/> runs before the ICV, <see cref="Accept"/> only after it verified,
/// so a forged packet cannot move the window. The "receiver does not do anti-replay" case RFC 4303
/// 3.4.3 allows (and TS 33.320 4.4.5 rules out for a femto) is not a setting here: a hook at
/// <see cref="Interception.EspInterception.Replay"/> can overrule the check. 32-bit sequence numbers only (no ESN).
/// </summary>
public sealed class EspReplayWindow
{
    public const int DefaultSize = 64;
    public const int MaxSize = 1 << 16;
    private readonly bool[] _seen;

    public EspReplayWindow(int size = DefaultSize)
    {
        if (size is < 1 or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"replay window size must be 1..{MaxSize}");
        Size = size;
        _seen = new bool[size];
    }

    public int Size { get; }

    /// <summary>Highest sequence number accepted so far (0 before the first).</summary>
    public uint RightEdge { get; private set; }

    public ReplayCheck Check(uint sequence)
    {
        if (sequence == 0) return ReplayCheck.OutsideWindow;
        if (sequence > RightEdge) return ReplayCheck.New;
        if (RightEdge - sequence >= (uint)Size) return ReplayCheck.OutsideWindow;
        return _seen[sequence % (uint)Size] ? ReplayCheck.Replayed : ReplayCheck.New;
    }

    /// <summary>Marks an integrity-verified packet and slides the window right if it is newer.</summary>
    public void Accept(uint sequence)
    {
        if (Check(sequence) != ReplayCheck.New) return;
        if (sequence > RightEdge)
        {
            var advance = sequence - RightEdge;
            if (advance >= (uint)Size)
            {
                Array.Clear(_seen);
            }
            else
            {
                for (var s = RightEdge + 1; s != sequence; s++) _seen[s % (uint)Size] = false;
            }

            RightEdge = sequence;
        }

        _seen[sequence % (uint)Size] = true;
    }
}
