using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// One SCTP association (a one-to-one usrsctp socket): messages with stream id and PPID both ways, association
/// events as typed <see cref="SctpAssociationEvent"/>s, receive with a time limit. Every call on the native socket
/// holds one lock, so closing never races a read; the stack's upcall only wakes the reader task.
/// </summary>
public sealed class SctpAssociation : ISctpSocketOwner, IDisposable
{
    private const int ReadBufferBytes = 64 * 1024;
    private const int ShutWr = 1;
    private const ushort UnorderedFlag = 0x0400;
    private const int MaxEventsKept = 4096;

    private readonly Lock nativeGate = new();
    private readonly Lock eventGate = new();
    private readonly List<SctpAssociationEvent> events = [];
    private readonly Channel<SctpMessage> messages;
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SctpOptions options;
    private readonly nint id;
    private TaskCompletionSource eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private nint socket;
    private string? closedReason;
    // Up once: SCTP_COMM_UP seen, or an accepted socket. Before that, usrsctp_recvv's ENOTCONN means
    // "not connected yet" (the drain runs from construction, before usrsctp_connect), not an end.
    private volatile bool cameUp;

    private unsafe SctpAssociation(SctpEndpoint endpoint, nint socket, SctpOptions options, bool connected)
    {
        Endpoint = endpoint;
        this.socket = socket;
        this.options = options;
        cameUp = connected;
        messages = Channel.CreateBounded<SctpMessage>(new BoundedChannelOptions(Math.Max(1, options.ReceiveQueueCapacity)) { SingleWriter = true });
        id = SctpStack.RegisterSocket(this);
        UsrSctpNative.usrsctp_set_upcall(socket, SctpStack.UpcallPointer, id);
        _ = Task.Run(DrainAsync);
        Signal();
    }

    public SctpEndpoint Endpoint { get; }

    /// <summary>Raised on the reader task for every event; a handler's exception is swallowed, never reaches the stack.</summary>
    public event Action<SctpAssociationEvent>? EventRaised;

    /// <summary>Every event so far, oldest first.</summary>
    public IReadOnlyList<SctpAssociationEvent> Events
    {
        get
        {
            lock (eventGate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>The event that ended the association (ABORT, loss, shutdown complete), or null.</summary>
    public SctpAssociationEvent? EndedBy { get; private set; }

    /// <summary>Events beyond the first 4096, counted but not kept.</summary>
    public long EventsNotKept { get; private set; }

    /// <summary>Why the association ended, or null while it is open.</summary>
    public string? ClosedReason => Volatile.Read(ref closedReason);

    internal static async Task<SctpConnectOutcome> ConnectAsync(SctpEndpoint endpoint, ushort localPort, ushort remotePort, SctpOptions options,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = SctpSocket.Create(options, out var errno);
        if (socket == 0)
        {
            return new(SctpConnectStatus.Failed, null, $"usrsctp_socket: {SctpSocket.Describe(errno)}");
        }

        errno = SctpSocket.Bind(socket, endpoint.Token, localPort);
        if (errno != 0)
        {
            UsrSctpNative.usrsctp_close(socket);
            return new(SctpConnectStatus.Failed, null, $"bind to port {localPort}: {SctpSocket.Describe(errno)}");
        }

        var association = new SctpAssociation(endpoint, socket, options, connected: false);
        errno = association.StartConnect(remotePort);
        if (errno != 0 && errno != UsrSctpNative.EInProgress)
        {
            association.Dispose();
            return new(SctpConnectStatus.Failed, null, $"connect to port {remotePort}: {SctpSocket.Describe(errno)}");
        }

        var up = await association.WaitForEventAsync(e => e.Kind == SctpEventKind.Up || e.IsTerminal, timeout, cancellationToken)
            .ConfigureAwait(false);
        if (up.Status == SctpEventWaitStatus.TimedOut)
        {
            association.Abort();
            return new(SctpConnectStatus.TimedOut, null, $"no answer to INIT from port {remotePort} within {timeout.TotalMilliseconds:0} ms");
        }

        if (up.Event!.Kind != SctpEventKind.Up)
        {
            association.Dispose();
            return new(SctpConnectStatus.Refused, null, $"association to port {remotePort} did not come up: {up.Event}", up.Event);
        }

        return new(SctpConnectStatus.Up, association, $"association up: {up.Event}");
    }

    private unsafe int StartConnect(ushort remotePort)
    {
        var address = SctpSocket.Address(Endpoint.Token, remotePort);
        lock (nativeGate)
        {
            var rc = UsrSctpNative.usrsctp_connect(socket, &address, (uint)sizeof(UsrSctpNative.SockAddrConn));
            return rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    internal static SctpAssociation Adopt(SctpEndpoint endpoint, nint socket, SctpOptions options) => new(endpoint, socket, options, connected: true);

    /// <summary>
    /// Sends one message on <paramref name="streamId"/> with <paramref name="ppid"/> (RFC 9260 3.3.1; the PPID goes on
    /// the wire in network byte order). Waits at most <paramref name="timeout"/> for room in the send buffer.
    /// </summary>
    public async Task<SctpSendOutcome> SendAsync(ushort streamId, uint ppid, ReadOnlyMemory<byte> payload, TimeSpan timeout,
        bool unordered = false, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (rc, errno) = TrySend(streamId, ppid, payload.Span, unordered);
            if (rc >= 0)
            {
                return new(SctpSendStatus.Sent, 0, $"{payload.Length} bytes on stream {streamId}");
            }

            if (ClosedReason is { } reason)
            {
                return new(SctpSendStatus.Closed, errno, reason);
            }

            if (errno != UsrSctpNative.EWouldBlock)
            {
                return new(SctpSendStatus.Refused, errno, $"usrsctp_sendv: {SctpSocket.Describe(errno)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                return new(SctpSendStatus.TimedOut, errno, $"send buffer full for {timeout.TotalMilliseconds:0} ms");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    private unsafe (long Rc, int Errno) TrySend(ushort streamId, uint ppid, ReadOnlySpan<byte> payload, bool unordered)
    {
        var info = new UsrSctpNative.SndInfo
        {
            Sid = streamId,
            Flags = unordered ? UnorderedFlag : (ushort)0,
            PpidNetworkOrder = BinaryPrimitives.ReverseEndianness(ppid),
        };
        lock (nativeGate)
        {
            if (socket == 0)
            {
                return (-1, 107);
            }

            fixed (byte* data = payload)
            {
                var rc = (long)UsrSctpNative.usrsctp_sendv(socket, data, (nuint)payload.Length, 0, 0, &info,
                    (uint)sizeof(UsrSctpNative.SndInfo), UsrSctpNative.SctpSendvSndInfo, 0);
                return (rc, rc < 0 ? Marshal.GetLastPInvokeError() : 0);
            }
        }
    }

    /// <summary>The next message, or <see cref="SctpReceiveStatus.TimedOut"/> after <paramref name="timeout"/> of silence,
    /// or <see cref="SctpReceiveStatus.Closed"/> once the association has ended and every message was read.</summary>
    public async Task<SctpReceiveOutcome> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (messages.Reader.TryRead(out var ready))
        {
            return new(SctpReceiveStatus.Message, ready, "");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            if (await messages.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false) && messages.Reader.TryRead(out var message))
            {
                return new(SctpReceiveStatus.Message, message, "");
            }

            return new(SctpReceiveStatus.Closed, null, ClosedReason ?? "association closed", EndedBy);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(SctpReceiveStatus.TimedOut, null, $"nothing received within {timeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>Waits for the first event of <paramref name="kind"/> (already seen or still to come).</summary>
    public Task<SctpEventOutcome> WaitForEventAsync(SctpEventKind kind, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForEventAsync(e => e.Kind == kind, timeout, cancellationToken);

    public async Task<SctpEventOutcome> WaitForEventAsync(Func<SctpAssociationEvent, bool> match, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task arrived;
            lock (eventGate)
            {
                foreach (var e in events)
                {
                    if (match(e))
                    {
                        return new(SctpEventWaitStatus.Seen, e, e.ToString());
                    }
                }

                arrived = eventArrived.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return new(SctpEventWaitStatus.TimedOut, null, $"no such event within {timeout.TotalMilliseconds:0} ms");
            }

            await Task.WhenAny(arrived, Task.Delay(left, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Graceful close: SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE (RFC 9260 9.2); waits for the stack to report it.</summary>
    public async Task<SctpEventOutcome> ShutdownAsync(TimeSpan timeout)
    {
        lock (nativeGate)
        {
            if (socket != 0)
            {
                UsrSctpNative.usrsctp_shutdown(socket, ShutWr);
            }
        }

        return await WaitForEventAsync(SctpEventKind.ShutdownComplete, timeout).ConfigureAwait(false);
    }

    /// <summary>Sends ABORT (RFC 9260 9.1) and releases the socket.</summary>
    public void Abort() => Close(abort: true, "aborted by the harness");

    /// <summary>Releases the socket; an established association is shut down by the stack.</summary>
    public void Dispose() => Close(abort: false, "closed by the harness");

    private unsafe void Close(bool abort, string reason)
    {
        nint closing;
        lock (nativeGate)
        {
            closing = socket;
            socket = 0;
            if (closing != 0)
            {
                UsrSctpNative.usrsctp_set_upcall(closing, null, 0);
                if (abort)
                {
                    SctpSocket.Abort(closing);
                }
                else
                {
                    UsrSctpNative.usrsctp_close(closing);
                }
            }
        }

        SctpStack.UnregisterSocket(id);
        Terminate(reason);
        wake.Writer.TryComplete();
    }

    void ISctpSocketOwner.Signal() => Signal();

    private void Signal() => wake.Writer.TryWrite(true);

    private void Terminate(string reason)
    {
        if (Interlocked.CompareExchange(ref closedReason, reason, null) is null)
        {
            messages.Writer.TryComplete();
        }
    }

    private async Task DrainAsync()
    {
        var buffer = new byte[ReadBufferBytes];
        var assembler = new SctpReadAssembler(options.MaxMessageBytes);
        try
        {
            while (await wake.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                wake.Reader.TryRead(out _);
                while (true)
                {
                    var (n, flags, info, errno) = ReadOnce(buffer);
                    if (n < 0)
                    {
                        // ENOTCONN before the association came up: a wake-up while connecting (the
                        // drain starts before usrsctp_connect); ending here made a loaded SimFemto's
                        // NG Setup answer arrive on an association already marked closed.
                        var connecting = errno == UsrSctpNative.ENotConn && !cameUp;
                        if (errno != UsrSctpNative.EWouldBlock && !connecting && Volatile.Read(ref socket) != 0)
                        {
                            Terminate($"usrsctp_recvv: {SctpSocket.Describe(errno)}");
                        }

                        break;
                    }

                    if (n == 0)
                    {
                        Terminate(ClosedReason ?? "peer closed the association");
                        return;
                    }

                    var (message, e) = assembler.Add(buffer.AsSpan(0, n), (flags & UsrSctpNative.MsgNotification) != 0,
                        (flags & UsrSctpNative.MsgEor) != 0, info);
                    if (e is not null)
                    {
                        Record(e);
                    }

                    if (message is not null)
                    {
                        await messages.Writer.WriteAsync(message).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The association was closed while a message waited for room; nothing more to deliver.
        }
        catch (Exception e)
        {
            Terminate($"reader failed: {e.Message}");
        }
    }

    private unsafe (int Count, int Flags, UsrSctpNative.RcvInfo Info, int Errno) ReadOnce(byte[] buffer)
    {
        var info = default(UsrSctpNative.RcvInfo);
        var infoLength = (uint)sizeof(UsrSctpNative.RcvInfo);
        var infoType = 0u;
        var flags = 0;
        var from = stackalloc byte[128];
        var fromLength = 128u;
        lock (nativeGate)
        {
            if (socket == 0)
            {
                return (-1, 0, info, 0);
            }

            fixed (byte* data = buffer)
            {
                var n = (long)UsrSctpNative.usrsctp_recvv(socket, data, (nuint)buffer.Length, from, &fromLength, &info, &infoLength, &infoType, &flags);
                if (n < 0)
                {
                    return (-1, 0, info, Marshal.GetLastPInvokeError());
                }

                if (infoType != UsrSctpNative.SctpRecvvRcvInfo || infoLength < sizeof(UsrSctpNative.RcvInfo))
                {
                    info = default;
                }

                return ((int)Math.Min(n, buffer.Length), flags, info, 0);
            }
        }
    }

    private void Record(SctpAssociationEvent e)
    {
        TaskCompletionSource arrived;
        lock (eventGate)
        {
            // A peer can provoke events without end (ERROR chunks); the first ones are kept, the rest counted.
            if (e.Kind == SctpEventKind.Up)
            {
                cameUp = true;
            }

            if (events.Count < MaxEventsKept)
            {
                events.Add(e);
            }
            else
            {
                EventsNotKept++;
            }

            arrived = eventArrived;
            eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
        try
        {
            EventRaised?.Invoke(e);
        }
        catch (Exception)
        {
            // A subscriber's fault must not stop the reader.
        }

        if (e.IsTerminal)
        {
            EndedBy ??= e;
            Terminate(e.ToString());
        }
    }

    public override string ToString() => $"SCTP association on {Endpoint.Name}{(ClosedReason is { } r ? $" (closed: {r})" : "")}";
}
