using System.Runtime.InteropServices;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// Thin P/Invoke binding of Debian's usrsctp (package libusrsctp2, soname libusrsctp.so.2, public header
/// usrsctp.h of usrsctp 0.9.5). Only what the AF_CONN mode needs: the harness carries SCTP packets itself
/// (inside the tunnel's user-space ESP, in UDP per RFC 6951, or in memory), so the library never opens a
/// kernel socket. Struct layouts are the x86_64 Linux ABI; <c>SctpLayoutTests</c> compares them with the C
/// compiler's sizeof/offsetof over the installed header.
/// </summary>
internal static unsafe partial class UsrSctpNative
{
    internal const string Library = "libusrsctp.so.2";

    // usrsctp.h: AF_CONN is the library's own address family for caller-carried packets.
    internal const int AfConn = 123;
    internal const int SockStream = 1;
    internal const int IpProtoSctp = 132;

    // Linux <sys/socket.h> values; usrsctp uses the host's.
    internal const int SolSocket = 1;
    internal const int SoLinger = 13;
    internal const int MsgEor = 0x80;
    internal const int EWouldBlock = 11;
    internal const int EInProgress = 115;
    internal const int ENotConn = 107;

    // usrsctp.h: MSG_NOTIFICATION marks a notification returned by usrsctp_recvv.
    internal const int MsgNotification = 0x2000;

    // usrsctp.h socket options (level IPPROTO_SCTP).
    internal const int SctpRtoInfo = 0x01;
    internal const int SctpAssocInfo = 0x02;
    internal const int SctpInitMsg = 0x03;
    internal const int SctpNoDelay = 0x04;
    internal const int SctpEventOption = 0x1e;
    internal const int SctpRecvRcvInfo = 0x1f;

    internal const uint SctpRecvvRcvInfo = 1;
    internal const uint SctpSendvSndInfo = 1;

    // sinfo flags (usrsctp.h): SCTP_EOF starts SHUTDOWN, SCTP_ABORT sends ABORT (RFC 6458 5.3.4).
    internal const ushort SctpEofFlag = 0x0100;
    internal const ushort SctpAbortFlag = 0x0200;

    internal const int SctpEventRead = 0x0001;

    /// <summary>struct sockaddr_conn (Linux): family, port (network order), 4 bytes padding, opaque address pointer.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct SockAddrConn
    {
        [FieldOffset(0)] public ushort Family;
        [FieldOffset(2)] public ushort PortNetworkOrder;
        [FieldOffset(8)] public nint Address;
    }

    /// <summary>struct sctp_sndinfo (RFC 6458 5.3.4).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct SndInfo
    {
        [FieldOffset(0)] public ushort Sid;
        [FieldOffset(2)] public ushort Flags;
        [FieldOffset(4)] public uint PpidNetworkOrder;
        [FieldOffset(8)] public uint Context;
        [FieldOffset(12)] public uint AssocId;
    }

    /// <summary>struct sctp_rcvinfo (RFC 6458 5.3.5); two bytes of padding after rcv_flags.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 28)]
    internal struct RcvInfo
    {
        [FieldOffset(0)] public ushort Sid;
        [FieldOffset(2)] public ushort Ssn;
        [FieldOffset(4)] public ushort Flags;
        [FieldOffset(8)] public uint PpidNetworkOrder;
        [FieldOffset(12)] public uint Tsn;
        [FieldOffset(16)] public uint CumTsn;
        [FieldOffset(20)] public uint Context;
        [FieldOffset(24)] public uint AssocId;
    }

    /// <summary>struct sctp_initmsg (RFC 6458 8.1.3).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    internal struct InitMsg
    {
        [FieldOffset(0)] public ushort NumOstreams;
        [FieldOffset(2)] public ushort MaxInstreams;
        [FieldOffset(4)] public ushort MaxAttempts;
        [FieldOffset(6)] public ushort MaxInitTimeoMs;
    }

    /// <summary>struct sctp_rtoinfo (RFC 6458 8.1.1); zero leaves a value unchanged.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct RtoInfo
    {
        [FieldOffset(0)] public uint AssocId;
        [FieldOffset(4)] public uint InitialMs;
        [FieldOffset(8)] public uint MaxMs;
        [FieldOffset(12)] public uint MinMs;
    }

    /// <summary>struct sctp_assocparams (RFC 6458 8.1.2); zero leaves a value unchanged.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 20)]
    internal struct AssocParams
    {
        [FieldOffset(0)] public uint AssocId;
        [FieldOffset(4)] public uint PeerRwnd;
        [FieldOffset(8)] public uint LocalRwnd;
        [FieldOffset(12)] public uint CookieLifeMs;
        [FieldOffset(16)] public ushort MaxRetransmissions;
        [FieldOffset(18)] public ushort PeerDestinations;
    }

    /// <summary>struct sctp_event (RFC 6458 6.2.2).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    internal struct EventSubscription
    {
        [FieldOffset(0)] public uint AssocId;
        [FieldOffset(4)] public ushort Type;
        [FieldOffset(6)] public byte On;
    }

    /// <summary>struct linger (Linux): l_onoff, l_linger.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    internal struct Linger
    {
        [FieldOffset(0)] public int OnOff;
        [FieldOffset(4)] public int Seconds;
    }

    [DllImport(Library)]
    internal static extern void usrsctp_init_nothreads(ushort udpPort,
        delegate* unmanaged<nint, byte*, nuint, byte, byte, int> connOutput, nint debugPrintf);

    [DllImport(Library)]
    internal static extern void usrsctp_handle_timers(uint elapsedMilliseconds);

    [DllImport(Library)]
    internal static extern void usrsctp_register_address(nint address);

    [DllImport(Library)]
    internal static extern void usrsctp_deregister_address(nint address);

    [DllImport(Library)]
    internal static extern void usrsctp_conninput(nint address, byte* buffer, nuint length, byte ecnBits);

    [DllImport(Library, SetLastError = true)]
    internal static extern nint usrsctp_socket(int domain, int type, int protocol, nint receiveCallback, nint sendCallback,
        uint sbThreshold, nint ulpInfo);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_set_non_blocking(nint socket, int onoff);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_set_upcall(nint socket, delegate* unmanaged<nint, nint, int, void> upcall, nint argument);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_setsockopt(nint socket, int level, int optionName, void* optionValue, uint optionLength);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_bind(nint socket, SockAddrConn* name, uint nameLength);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_listen(nint socket, int backlog);

    [DllImport(Library, SetLastError = true)]
    internal static extern nint usrsctp_accept(nint socket, SockAddrConn* name, uint* nameLength);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_connect(nint socket, SockAddrConn* name, uint nameLength);

    [DllImport(Library, SetLastError = true)]
    internal static extern nint usrsctp_sendv(nint socket, byte* data, nuint length, nint to, int addressCount, void* info,
        uint infoLength, uint infoType, int flags);

    [DllImport(Library, SetLastError = true)]
    internal static extern nint usrsctp_recvv(nint socket, byte* buffer, nuint length, byte* from, uint* fromLength, void* info,
        uint* infoLength, uint* infoType, int* messageFlags);

    [DllImport(Library, SetLastError = true)]
    internal static extern int usrsctp_shutdown(nint socket, int how);

    [DllImport(Library)]
    internal static extern void usrsctp_close(nint socket);
}
