using System.Runtime.InteropServices;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// The macOS PCSC framework: DWORD and LONG are 32-bit (uint32_t/int32_t), SCARDCONTEXT and
/// SCARDHANDLE are 32-bit LONG, and SCARD_READERSTATE is packed (pack 1) with rgbAtr[33].
/// Not exercised on this Linux build machine.
/// </summary>
internal sealed unsafe class MacPcscApi : PcscApi
{
    private const string Lib = "/System/Library/Frameworks/PCSC.framework/PCSC";
    private const int MaxAtrSize = 33;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [DllImport(Lib)] private static extern int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, out int context);
    [DllImport(Lib)] private static extern int SCardReleaseContext(int context);
    [DllImport(Lib)] private static extern int SCardListReaders(int context, nint groups, byte* readers, ref uint length);
    [DllImport(Lib)] private static extern int SCardGetStatusChange(int context, uint timeout, ReaderState* states, uint count);
    [DllImport(Lib)] private static extern int SCardConnect(int context, byte* reader, uint share, uint protocols, out int card, out uint active);
    [DllImport(Lib)] private static extern int SCardReconnect(int card, uint share, uint protocols, uint initialization, out uint active);
    [DllImport(Lib)] private static extern int SCardTransmit(int card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* recvPci, byte* recv, ref uint recvLength);
    [DllImport(Lib)] private static extern int SCardStatus(int card, byte* reader, ref uint readerLength, out uint state, out uint protocol, byte* atr, ref uint atrLength);
    [DllImport(Lib)] private static extern int SCardDisconnect(int card, uint disposition);

    public override string LibraryName => Lib;

    private static int SCardEstablishContextInt(out nint context)
    {
        var rc = SCardEstablishContext(ScopeSystem, 0, 0, out int c);
        context = c;
        return rc;
    }

    // LONG is 32-bit here; SCARD_* codes come back negative.
    private static uint Code(int result) => unchecked((uint)result);

    public override uint EstablishContext(out nint context) => Code(SCardEstablishContextInt(out context));

    public override uint ReleaseContext(nint context) => Code(SCardReleaseContext((int)context));

    public override uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        uint length = 0;
        var rc = Code(SCardListReaders((int)context, 0, null, ref length));
        if (rc != PcscError.Success)
        {
            return rc;
        }
        var buffer = new byte[(int)length];
        fixed (byte* p = buffer)
        {
            rc = Code(SCardListReaders((int)context, 0, p, ref length));
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
                rc = Code(SCardGetStatusChange((int)context, timeoutMs, p, (uint)native.Length));
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
            var rc = Code(SCardConnect((int)context, p, share, protocols, out int c, out var active));
            card = c;
            activeProtocol = (uint)active;
            return rc;
        }
    }

    public override uint Reconnect(nint card, uint share, uint protocols, uint initialization, out uint activeProtocol)
    {
        var rc = Code(SCardReconnect((int)card, share, protocols, initialization, out var active));
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
            var rc = Code(SCardTransmit((int)card, &pci, s, (uint)command.Length, null, r, ref length));
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
            var rc = Code(SCardStatus((int)card, n, ref nameLength, out var st, out var pr, a, ref atrLength));
            state = (uint)st;
            protocol = (uint)pr;
            reader = ReadString(name);
            atr = rc == PcscError.Success ? atrBuffer.AsSpan(0, (int)Math.Min(atrLength, MaxAtrSize)).ToArray() : [];
            return rc;
        }
    }

    public override uint Disconnect(nint card, uint disposition) => Code(SCardDisconnect((int)card, disposition));
}
