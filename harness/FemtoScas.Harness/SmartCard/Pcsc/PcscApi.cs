using System.Runtime.InteropServices;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>In/out state of one reader for SCardGetStatusChange, in managed form.</summary>
internal struct ReaderStateIo
{
    public string Reader;
    public uint CurrentState;
    public uint EventState;
    public byte[] Atr;
}

/// <summary>
/// The seam of the PC/SC binding: <see cref="NativePcscApi{TDword, TLong, THandle}"/> calls the
/// platform's library (pcsc-lite, winscard.dll or the macOS framework, chosen by
/// <see cref="PcscAbi.ForCurrentPlatform"/>); tests script the codes. All return the raw SCARD_*
/// code as an unsigned 32-bit value; <see cref="PcscContext"/> turns codes into exceptions.
/// </summary>
internal abstract class PcscApi
{
    public const uint ScopeSystem = 2;
    public const int MaxResponse = 65536 + 2 + 8;

    public abstract string LibraryName { get; }

    public abstract uint EstablishContext(out nint context);
    public abstract uint ReleaseContext(nint context);
    public abstract uint ListReaders(nint context, out string[] readers);
    public abstract uint GetStatusChange(nint context, uint timeoutMs, ReaderStateIo[] states);
    public abstract uint Connect(nint context, string reader, uint share, uint protocols, out nint card, out uint activeProtocol);
    public abstract uint Reconnect(nint card, uint share, uint protocols, uint initialization, out uint activeProtocol);
    public abstract uint Transmit(nint card, uint protocol, byte[] command, byte[] response, out int responseLength);
    public abstract uint Status(nint card, out string reader, out uint state, out uint protocol, out byte[] atr);
    public abstract uint Disconnect(nint card, uint disposition);

    private static PcscApi? _current;

    public static PcscApi Current => _current ??= PcscAbi.ForCurrentPlatform();

    /// <summary>Splits a PC/SC multi-string (NUL-separated, double-NUL terminated).</summary>
    internal static string[] SplitMultiString(ReadOnlySpan<byte> buffer) =>
        System.Text.Encoding.UTF8.GetString(buffer).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    internal static string ReadString(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }

    internal static nint[] AllocReaderNames(ReaderStateIo[] states)
    {
        var names = new nint[states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            names[i] = Marshal.StringToCoTaskMemUTF8(states[i].Reader);
        }
        return names;
    }

    internal static void FreeReaderNames(nint[] names)
    {
        foreach (var n in names)
        {
            Marshal.FreeCoTaskMem(n);
        }
    }
}
