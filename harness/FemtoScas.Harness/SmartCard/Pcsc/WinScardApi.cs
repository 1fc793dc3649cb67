using System.Runtime.InteropServices;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// Microsoft winscard.dll: DWORD and LONG are 32-bit, SCARDCONTEXT/SCARDHANDLE are ULONG_PTR
/// (pointer-sized), the ANSI entry points carry an "A" suffix, and SCARD_READERSTATEA ends with
/// rgbAtr[36] under natural alignment. Not exercised on this Linux build machine.
/// </summary>
internal sealed unsafe class WinScardApi : PcscApi
{
    private const string Lib = "winscard.dll";
    private const int MaxAtrSize = 36;

    [StructLayout(LayoutKind.Sequential)]
    private struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [DllImport(Lib)] private static extern int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, out nint context);
    [DllImport(Lib)] private static extern int SCardReleaseContext(nint context);
    [DllImport(Lib, EntryPoint = "SCardListReadersA")] private static extern int SCardListReaders(nint context, nint groups, byte* readers, ref uint length);
    [DllImport(Lib, EntryPoint = "SCardGetStatusChangeA")] private static extern int SCardGetStatusChange(nint context, uint timeout, ReaderState* states, uint count);
    [DllImport(Lib, EntryPoint = "SCardConnectA")] private static extern int SCardConnect(nint context, byte* reader, uint share, uint protocols, out nint card, out uint active);
    [DllImport(Lib)] private static extern int SCardReconnect(nint card, uint share, uint protocols, uint initialization, out uint active);
    [DllImport(Lib)] private static extern int SCardTransmit(nint card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* recvPci, byte* recv, ref uint recvLength);
    [DllImport(Lib, EntryPoint = "SCardStatusA")] private static extern int SCardStatus(nint card, byte* reader, ref uint readerLength, out uint state, out uint protocol, byte* atr, ref uint atrLength);
    [DllImport(Lib)] private static extern int SCardDisconnect(nint card, uint disposition);

    public override string LibraryName => Lib;

    // LONG is 32-bit here; SCARD_* codes come back negative.
    private static uint Code(int result) => unchecked((uint)result);

    public override uint EstablishContext(out nint context) => Code(SCardEstablishContext(ScopeSystem, 0, 0, out context));

    public override uint ReleaseContext(nint context) => Code(SCardReleaseContext(context));

    public override uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        uint length = 0;
        var rc = Code(SCardListReaders(context, 0, null, ref length));
        if (rc != PcscError.Success)
        {
            return rc;
        }
        var buffer = new byte[(int)length];
        fixed (byte* p = buffer)
        {
            rc = Code(SCardListReaders(context, 0, p, ref length));
        }
        if (rc == PcscError.Success)
        {
            readers = SplitMultiString(buffer.AsSpan(0, (int)Math.Min(length, (uint)buffer.Length)));
        }
        return rc;
    }

    public override uint GetStatusChange(nint context, uint timeoutMs, ReaderStateIo[] states)
    {
        var names = AllocReaderNames(states);
        try
        {
            var native = new ReaderState[states.Length];
            for (var i = 0; i < states.Length; i++)
            {
                native[i].Reader = names[i];
                native[i].CurrentState = states[i].CurrentState;
            }
            uint rc;
            fixed (ReaderState* p = native)
            {
                rc = Code(SCardGetStatusChange(context, timeoutMs, p, (uint)native.Length));
            }
            for (var i = 0; i < states.Length; i++)
            {
                states[i].EventState = (uint)native[i].EventState;
                var n = (int)Math.Min(native[i].AtrLength, MaxAtrSize);
                var atr = new byte[n];
                for (var k = 0; k < n; k++)
                {
                    atr[k] = native[i].Atr[k];
                }
                states[i].Atr = atr;
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
        fixed (byte* p = name)
        {
            var rc = Code(SCardConnect(context, p, share, protocols, out card, out var active));
            activeProtocol = (uint)active;
            return rc;
        }
    }

    public override uint Reconnect(nint card, uint share, uint protocols, uint initialization, out uint activeProtocol)
    {
        var rc = Code(SCardReconnect(card, share, protocols, initialization, out var active));
        activeProtocol = (uint)active;
        return rc;
    }

    public override uint Transmit(nint card, uint protocol, byte[] command, byte[] response, out int responseLength)
    {
        var pci = new IoRequest { Protocol = protocol, PciLength = (uint)sizeof(IoRequest) };
        uint length = (uint)response.Length;
        fixed (byte* s = command)
        fixed (byte* r = response)
        {
            var rc = Code(SCardTransmit(card, &pci, s, (uint)command.Length, null, r, ref length));
            responseLength = (int)length;
            return rc;
        }
    }

    public override uint Status(nint card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        var name = new byte[1024];
        var atrBuffer = new byte[MaxAtrSize];
        uint nameLength = (uint)name.Length;
        uint atrLength = MaxAtrSize;
        fixed (byte* n = name)
        fixed (byte* a = atrBuffer)
        {
            var rc = Code(SCardStatus(card, n, ref nameLength, out var st, out var pr, a, ref atrLength));
            state = (uint)st;
            protocol = (uint)pr;
            reader = ReadString(name);
            atr = rc == PcscError.Success ? atrBuffer.AsSpan(0, (int)Math.Min(atrLength, MaxAtrSize)).ToArray() : [];
            return rc;
        }
    }

    public override uint Disconnect(nint card, uint disposition) => Code(SCardDisconnect(card, disposition));
}
