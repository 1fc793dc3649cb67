namespace FemtoScas.Harness.SmartCard.Pcsc;

public enum ShareMode : uint
{
    Exclusive = 1,
    Shared = 2,
}

[Flags]
public enum CardProtocol : uint
{
    None = 0,
    T0 = 1,
    T1 = 2,
    Any = T0 | T1,
}

/// <summary>What happens to the card on disconnect or reconnect (SCARD_LEAVE_CARD … SCARD_EJECT_CARD).</summary>
public enum CardDisposition : uint
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
    Eject = 3,
}

/// <summary>SCARD_STATE_* reader event flags (same values in pcsc-lite and winscard).</summary>
[Flags]
public enum ReaderStateFlags : uint
{
    Unaware = 0,
    Ignore = 0x1,
    Changed = 0x2,
    Unknown = 0x4,
    Unavailable = 0x8,
    Empty = 0x10,
    Present = 0x20,
    AtrMatch = 0x40,
    Exclusive = 0x80,
    InUse = 0x100,
    Mute = 0x200,
    Unpowered = 0x400,
}

/// <summary>One reader's state from SCardGetStatusChange; the low 16 bits of the native event state.</summary>
public sealed record ReaderStatus(string Reader, ReaderStateFlags State, byte[] Atr, int EventCounter)
{
    public bool CardPresent => State.HasFlag(ReaderStateFlags.Present) && !State.HasFlag(ReaderStateFlags.Mute);

    /// <summary>The reader vanished (pcscd or the driver dropped it).</summary>
    public bool ReaderGone => State.HasFlag(ReaderStateFlags.Unknown) || State.HasFlag(ReaderStateFlags.Unavailable);
}

/// <summary>SCardStatus result. <see cref="NativeState"/> is platform-specific (pcsc-lite: bit flags).</summary>
public sealed record CardStatus(string Reader, uint NativeState, CardProtocol Protocol, byte[] Atr);
