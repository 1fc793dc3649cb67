using System.Runtime.InteropServices;

namespace FemtoScas.Harness.Sctp;

/// <summary>Creating and configuring a usrsctp AF_CONN socket; errors come back as errno, never as exceptions.</summary>
internal static unsafe class SctpSocket
{
    // Notifications the association reports as typed events (RFC 6458 6.2.2).
    private static readonly ushort[] Subscribed =
    [
        SctpNotification.AssocChange, SctpNotification.RemoteErrorType, SctpNotification.ShutdownEventType,
        SctpNotification.SendFailedEventType,
    ];

    /// <summary>A non-blocking one-to-one socket with rcvinfo, events and stream counts set; 0 and errno on failure.</summary>
    public static nint Create(SctpOptions options, out int errno)
    {
        var socket = UsrSctpNative.usrsctp_socket(UsrSctpNative.AfConn, UsrSctpNative.SockStream, UsrSctpNative.IpProtoSctp, 0, 0, 0, 0);
        if (socket == 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return 0;
        }

        errno = Configure(socket, options);
        if (errno != 0)
        {
            UsrSctpNative.usrsctp_close(socket);
            return 0;
        }

        return socket;
    }

    /// <summary>Settings an accepted socket needs besides what it inherits from its listener.</summary>
    public static int MakeNonBlocking(nint socket) =>
        UsrSctpNative.usrsctp_set_non_blocking(socket, 1) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int Configure(nint socket, SctpOptions options)
    {
        var errno = MakeNonBlocking(socket);
        if (errno != 0)
        {
            return errno;
        }

        var on = 1;
        if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpRecvRcvInfo, &on, sizeof(int)) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        // NGAP messages are small and latency matters more than packing (TS 38.412 does not ask for bundling delay).
        if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpNoDelay, &on, sizeof(int)) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        var init = new UsrSctpNative.InitMsg
        {
            NumOstreams = options.OutboundStreams,
            MaxInstreams = options.MaxInboundStreams,
            MaxAttempts = options.MaxInitAttempts,
        };
        if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpInitMsg, &init,
                (uint)sizeof(UsrSctpNative.InitMsg)) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        if (options.RtoInitial is not null || options.RtoMin is not null || options.RtoMax is not null)
        {
            var rto = new UsrSctpNative.RtoInfo
            {
                InitialMs = Milliseconds(options.RtoInitial),
                MinMs = Milliseconds(options.RtoMin),
                MaxMs = Milliseconds(options.RtoMax),
            };
            if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpRtoInfo, &rto,
                    (uint)sizeof(UsrSctpNative.RtoInfo)) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }

        if (options.MaxRetransmissions != 0)
        {
            var assoc = new UsrSctpNative.AssocParams { MaxRetransmissions = options.MaxRetransmissions };
            if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpAssocInfo, &assoc,
                    (uint)sizeof(UsrSctpNative.AssocParams)) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }

        foreach (var type in Subscribed)
        {
            var subscription = new UsrSctpNative.EventSubscription { AssocId = 0, Type = type, On = 1 };
            if (UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.IpProtoSctp, UsrSctpNative.SctpEventOption, &subscription,
                    (uint)sizeof(UsrSctpNative.EventSubscription)) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }

        return 0;
    }

    private static uint Milliseconds(TimeSpan? value) =>
        value is { } v ? (uint)Math.Clamp(v.TotalMilliseconds, 1, uint.MaxValue) : 0;

    public static UsrSctpNative.SockAddrConn Address(nint token, ushort port) => new()
    {
        Family = UsrSctpNative.AfConn,
        PortNetworkOrder = (ushort)System.Net.IPAddress.HostToNetworkOrder((short)port),
        Address = token,
    };

    public static int Bind(nint socket, nint token, ushort port)
    {
        var address = Address(token, port);
        return UsrSctpNative.usrsctp_bind(socket, &address, (uint)sizeof(UsrSctpNative.SockAddrConn)) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>SO_LINGER {on, 0} then close: the stack sends ABORT (RFC 6458 8.1.4) instead of SHUTDOWN.</summary>
    public static void Abort(nint socket)
    {
        var linger = new UsrSctpNative.Linger { OnOff = 1, Seconds = 0 };
        UsrSctpNative.usrsctp_setsockopt(socket, UsrSctpNative.SolSocket, UsrSctpNative.SoLinger, &linger, (uint)sizeof(UsrSctpNative.Linger));
        UsrSctpNative.usrsctp_close(socket);
    }

    public static string Describe(int errno) => errno switch
    {
        0 => "no error",
        11 => "EWOULDBLOCK",
        22 => "EINVAL",
        32 => "EPIPE",
        107 => "ENOTCONN",
        98 => "EADDRINUSE",
        104 => "ECONNRESET",
        111 => "ECONNREFUSED",
        _ => $"errno {errno}",
    } + (errno != 0 ? $" ({errno})" : "");
}
