using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// What differs between the PC/SC libraries beyond integer widths: where the library is, the
/// suffix of the entry points that take strings, and how SCARD_READERSTATE is laid out. The
/// widths are the type arguments of <see cref="NativePcscApi{TDword, TLong, THandle}"/>.
/// </summary>
/// <param name="Library">The library to load.</param>
/// <param name="StringSuffix">Appended to the names of the entry points that take or return strings ("A": winscard's ANSI ones).</param>
/// <param name="AtrSize">The rgbAtr array of SCARD_READERSTATE: MAX_ATR_SIZE 33 (pcsc-lite, macOS), 36 (winscard).</param>
/// <param name="PackedReaderState">SCARD_READERSTATE under #pragma pack(1) (macOS) rather than natural alignment.</param>
internal sealed record PcscAbi(string Library, string StringSuffix, int AtrSize, bool PackedReaderState)
{
    /// <summary>pcsc-lite on LP64 Linux: DWORD is unsigned long, LONG and the handles are long (64-bit).</summary>
    public static readonly PcscAbi PcscLite = new("libpcsclite.so.1", "", 33, false);

    /// <summary>winscard.dll: DWORD and LONG are 32-bit, SCARDCONTEXT/SCARDHANDLE are ULONG_PTR (pointer-sized). Not exercised on this Linux build machine.</summary>
    public static readonly PcscAbi WinScard = new("winscard.dll", "A", 36, false);

    /// <summary>The macOS PCSC framework: DWORD, LONG and the handles are 32-bit. Not exercised on this Linux build machine.</summary>
    public static readonly PcscAbi MacOs = new("/System/Library/Frameworks/PCSC.framework/PCSC", "", 33, true);

    /// <summary>The binding for the platform this process runs on, its widths chosen here once.</summary>
    public static PcscApi ForCurrentPlatform() =>
        OperatingSystem.IsWindows() ? new NativePcscApi<uint, int, nint>(WinScard)
        : OperatingSystem.IsMacOS() ? new NativePcscApi<uint, int, int>(MacOs)
        : new NativePcscApi<nuint, nint, nint>(PcscLite);
}

/// <summary>
/// Offsets of SCARD_READERSTATE { const char* szReader; void* pvUserData; DWORD dwCurrentState;
/// DWORD dwEventState; DWORD cbAtr; unsigned char rgbAtr[n]; } for a DWORD width and an ABI,
/// so one marshalling serves all three layouts (80, 64 and 61 octets per reader).
/// </summary>
internal readonly record struct ReaderStateLayout(int DwordSize, int AtrSize, bool Packed)
{
    public int CurrentState => 2 * IntPtr.Size;
    public int EventState => CurrentState + DwordSize;
    public int AtrLength => EventState + DwordSize;
    public int Atr => AtrLength + DwordSize;

    /// <summary>The array stride: the struct size rounded up to its largest member unless packed.</summary>
    public int Size
    {
        get
        {
            var end = Atr + AtrSize;
            var align = Packed ? 1 : Math.Max(IntPtr.Size, DwordSize);
            return (end + align - 1) / align * align;
        }
    }
}

/// <summary>
/// The one P/Invoke table of the PC/SC API. pcsc-lite, winscard.dll and the macOS framework export
/// the same functions and differ in the width of DWORD (<typeparamref name="TDword"/>), of LONG, the
/// return code (<typeparamref name="TLong"/>), and of SCARDCONTEXT/SCARDHANDLE
/// (<typeparamref name="THandle"/>), plus what <see cref="PcscAbi"/> names. Entry points are resolved
/// when the context is established, so a missing library or function is a
/// <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/> there.
/// All return the raw SCARD_* code as an unsigned 32-bit value.
/// </summary>
internal sealed unsafe class NativePcscApi<TDword, TLong, THandle> : PcscApi
    where TDword : unmanaged, IBinaryInteger<TDword>
    where TLong : unmanaged, IBinaryInteger<TLong>
    where THandle : unmanaged, IBinaryInteger<THandle>
{
    // SCARD_IO_REQUEST: DWORD dwProtocol; DWORD cbPciLength (same shape packed or not).
    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public TDword Protocol;
        public TDword PciLength;
    }

    private sealed class Functions
    {
        public delegate* unmanaged<TDword, nint, nint, THandle*, TLong> EstablishContext;
        public delegate* unmanaged<THandle, TLong> ReleaseContext;
        public delegate* unmanaged<THandle, nint, byte*, TDword*, TLong> ListReaders;
        public delegate* unmanaged<THandle, TDword, byte*, TDword, TLong> GetStatusChange;
        public delegate* unmanaged<THandle, byte*, TDword, TDword, THandle*, TDword*, TLong> Connect;
        public delegate* unmanaged<THandle, TDword, TDword, TDword, TDword*, TLong> Reconnect;
        public delegate* unmanaged<THandle, IoRequest*, byte*, TDword, IoRequest*, byte*, TDword*, TLong> Transmit;
        public delegate* unmanaged<THandle, byte*, TDword*, TDword*, TDword*, byte*, TDword*, TLong> Status;
        public delegate* unmanaged<THandle, TDword, TLong> Disconnect;
    }

    private readonly PcscAbi _abi;
    private readonly ReaderStateLayout _layout;
    private Functions? _functions;

    public NativePcscApi(PcscAbi abi)
    {
        _abi = abi;
        _layout = new ReaderStateLayout(sizeof(TDword), abi.AtrSize, abi.PackedReaderState);
    }

    public override string LibraryName => _abi.Library;

    internal ReaderStateLayout Layout => _layout;

    private Functions F => _functions ?? throw new InvalidOperationException("PC/SC context not established");

    private Functions Load()
    {
        if (_functions is not null) return _functions;
        if (!NativeLibrary.TryLoad(_abi.Library, typeof(NativePcscApi<,,>).Assembly, null, out var lib))
        {
            throw new DllNotFoundException($"{_abi.Library} could not be loaded");
        }
        nint Export(string name) => NativeLibrary.GetExport(lib, name);
        var s = _abi.StringSuffix;
        return _functions = new Functions
        {
            EstablishContext = (delegate* unmanaged<TDword, nint, nint, THandle*, TLong>)Export("SCardEstablishContext"),
            ReleaseContext = (delegate* unmanaged<THandle, TLong>)Export("SCardReleaseContext"),
            ListReaders = (delegate* unmanaged<THandle, nint, byte*, TDword*, TLong>)Export("SCardListReaders" + s),
            GetStatusChange = (delegate* unmanaged<THandle, TDword, byte*, TDword, TLong>)Export("SCardGetStatusChange" + s),
            Connect = (delegate* unmanaged<THandle, byte*, TDword, TDword, THandle*, TDword*, TLong>)Export("SCardConnect" + s),
            Reconnect = (delegate* unmanaged<THandle, TDword, TDword, TDword, TDword*, TLong>)Export("SCardReconnect"),
            Transmit = (delegate* unmanaged<THandle, IoRequest*, byte*, TDword, IoRequest*, byte*, TDword*, TLong>)Export("SCardTransmit"),
            Status = (delegate* unmanaged<THandle, byte*, TDword*, TDword*, TDword*, byte*, TDword*, TLong>)Export("SCardStatus" + s),
            Disconnect = (delegate* unmanaged<THandle, TDword, TLong>)Export("SCardDisconnect"),
        };
    }

    // SCARD_* codes fit in 32 bits; a 64-bit LONG carries them in its low half, a 32-bit one as a negative number.
    private static uint Code(TLong result) => uint.CreateTruncating(result);

    private static TDword D(long value) => TDword.CreateTruncating(value);

    private static uint U(TDword value) => uint.CreateTruncating(value);

    // A 32-bit handle (macOS) travels in the managed nint and back unchanged.
    private static THandle H(nint handle) => THandle.CreateTruncating(handle);

    private static nint N(THandle handle) => nint.CreateTruncating(handle);

    public override uint EstablishContext(out nint context)
    {
        var f = Load();
        THandle c = default;
        var rc = Code(f.EstablishContext(D(ScopeSystem), 0, 0, &c));
        context = N(c);
        return rc;
    }

    public override uint ReleaseContext(nint context) => Code(F.ReleaseContext(H(context)));

    public override uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        TDword length = default;
        var rc = Code(F.ListReaders(H(context), 0, null, &length));
        if (rc != PcscError.Success)
        {
            return rc;
        }
        var buffer = new byte[int.CreateTruncating(length)];
        fixed (byte* p = buffer)
        {
            rc = Code(F.ListReaders(H(context), 0, p, &length));
        }
        if (rc == PcscError.Success)
        {
            readers = SplitMultiString(buffer.AsSpan(0, (int)Math.Min(ulong.CreateTruncating(length), (ulong)buffer.Length)));
        }
        return rc;
    }

    public override uint GetStatusChange(nint context, uint timeoutMs, ReaderStateIo[] states)
    {
        var names = AllocReaderNames(states);
        try
        {
            var native = new byte[_layout.Size * states.Length];
            for (var i = 0; i < states.Length; i++)
            {
                var at = i * _layout.Size;
                Unsafe.WriteUnaligned(ref native[at], names[i]);
                Unsafe.WriteUnaligned(ref native[at + _layout.CurrentState], D(states[i].CurrentState));
            }
            uint rc;
            fixed (byte* p = native)
            {
                rc = Code(F.GetStatusChange(H(context), D(timeoutMs), p, D(states.Length)));
            }
            for (var i = 0; i < states.Length; i++)
            {
                var at = i * _layout.Size;
                states[i].EventState = U(Unsafe.ReadUnaligned<TDword>(ref native[at + _layout.EventState]));
                var n = (int)Math.Min(ulong.CreateTruncating(Unsafe.ReadUnaligned<TDword>(ref native[at + _layout.AtrLength])), (ulong)_layout.AtrSize);
                states[i].Atr = native.AsSpan(at + _layout.Atr, n).ToArray();
            }
            return rc;
        }
        finally
        {
            FreeReaderNames(names);
        }
    }

    public override uint Connect(nint context, string reader, uint share, uint protocols, out nint card, out uint activeProtocol)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(reader + "\0");
        THandle c = default;
        TDword active = default;
        fixed (byte* p = name)
        {
            var rc = Code(F.Connect(H(context), p, D(share), D(protocols), &c, &active));
            card = N(c);
            activeProtocol = U(active);
            return rc;
        }
    }

    public override uint Reconnect(nint card, uint share, uint protocols, uint initialization, out uint activeProtocol)
    {
        TDword active = default;
        var rc = Code(F.Reconnect(H(card), D(share), D(protocols), D(initialization), &active));
        activeProtocol = U(active);
        return rc;
    }

    public override uint Transmit(nint card, uint protocol, byte[] command, byte[] response, out int responseLength)
    {
        var pci = new IoRequest { Protocol = D(protocol), PciLength = D(sizeof(IoRequest)) };
        var length = D(response.Length);
        fixed (byte* s = command)
        fixed (byte* r = response)
        {
            var rc = Code(F.Transmit(H(card), &pci, s, D(command.Length), null, r, &length));
            responseLength = int.CreateTruncating(length);
            return rc;
        }
    }

    public override uint Status(nint card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        var name = new byte[1024];
        var atrBuffer = new byte[_abi.AtrSize];
        var nameLength = D(name.Length);
        var atrLength = D(atrBuffer.Length);
        TDword st = default, pr = default;
        fixed (byte* n = name)
        fixed (byte* a = atrBuffer)
        {
            var rc = Code(F.Status(H(card), n, &nameLength, &st, &pr, a, &atrLength));
            state = U(st);
            protocol = U(pr);
            reader = ReadString(name);
            atr = rc == PcscError.Success ? atrBuffer.AsSpan(0, (int)Math.Min(ulong.CreateTruncating(atrLength), (ulong)atrBuffer.Length)).ToArray() : [];
            return rc;
        }
    }

    public override uint Disconnect(nint card, uint disposition) => Code(F.Disconnect(H(card), D(disposition)));
}
