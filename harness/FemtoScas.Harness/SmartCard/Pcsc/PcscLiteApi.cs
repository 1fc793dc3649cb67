using System.Runtime.InteropServices;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// pcsc-lite (libpcsclite.so.1). On LP64 Linux pcsc-lite's DWORD is unsigned long and LONG is
/// long, both 64-bit, hence nuint/nint throughout; SCARDCONTEXT and SCARDHANDLE are LONG.
/// SCARD_READERSTATE: const char* szReader, void* pvUserData, DWORD dwCurrentState,
/// DWORD dwEventState, DWORD cbAtr, unsigned char rgbAtr[33] (MAX_ATR_SIZE), natural alignment.
/// </summary>
internal sealed unsafe class PcscLiteApi : PcscApi
{
    private const string Lib = "libpcsclite.so.1";
    private const int MaxAtrSize = 33;

    [StructLayout(LayoutKind.Sequential)]
    private struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [DllImport(Lib)] private static extern nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);
    [DllImport(Lib)] private static extern nint SCardReleaseContext(nint context);
    [DllImport(Lib)] private static extern nint SCardListReaders(nint context, nint groups, byte* readers, ref nuint length);
    [DllImport(Lib)] private static extern nint SCardGetStatusChange(nint context, nuint timeout, ReaderState* states, nuint count);
    [DllImport(Lib)] private static extern nint SCardConnect(nint context, byte* reader, nuint share, nuint protocols, out nint card, out nuint active);
    [DllImport(Lib)] private static extern nint SCardReconnect(nint card, nuint share, nuint protocols, nuint initialization, out nuint active);
    [DllImport(Lib)] private static extern nint SCardTransmit(nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* recvPci, byte* recv, ref nuint recvLength);
    [DllImport(Lib)] private static extern nint SCardStatus(nint card, byte* reader, ref nuint readerLength, out nuint state, out nuint protocol, byte* atr, ref nuint atrLength);
    [DllImport(Lib)] private static extern nint SCardDisconnect(nint card, nuint disposition);

    public override string LibraryName => Lib;

    // LONG return codes are 64-bit here; SCARD_* values fit in the low 32 bits.
    private static uint Code(nint result) => (uint)(ulong)result;

    public override uint EstablishContext(out nint context) => Code(SCardEstablishContext(ScopeSystem, 0, 0, out context));

    public override uint ReleaseContext(nint context) => Code(SCardReleaseContext(context));

    public override uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        nuint length = 0;
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
            readers = SplitMultiString(buffer.AsSpan(0, (int)Math.Min(length, (nuint)buffer.Length)));
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
                rc = Code(SCardGetStatusChange(context, timeoutMs, p, (nuint)native.Length));
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
        var pci = new IoRequest { Protocol = protocol, PciLength = (nuint)sizeof(IoRequest) };
        nuint length = (nuint)response.Length;
        fixed (byte* s = command)
        fixed (byte* r = response)
        {
            var rc = Code(SCardTransmit(card, &pci, s, (nuint)command.Length, null, r, ref length));
            responseLength = (int)length;
            return rc;
        }
    }

    public override uint Status(nint card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        var name = new byte[1024];
        var atrBuffer = new byte[MaxAtrSize];
        nuint nameLength = (nuint)name.Length;
        nuint atrLength = MaxAtrSize;
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
