using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// A listening one-to-one socket (RFC 6458 4.1.3): each association the peer opens is accepted on its own
/// <see cref="SctpAssociation"/>. An INIT for an association that already exists goes to that association
/// (restart, RFC 9260 5.2.4.1), not here.
/// </summary>
public sealed class SctpListener : ISctpSocketOwner, IDisposable
{
    private const int Backlog = 16;

    private readonly Lock nativeGate = new();
    private readonly Channel<SctpAssociation> accepted =
        Channel.CreateBounded<SctpAssociation>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SctpEndpoint endpoint;
    private readonly SctpOptions options;
    private readonly nint id;
    private nint socket;

    private unsafe SctpListener(SctpEndpoint endpoint, nint socket, ushort port, SctpOptions options)
    {
        this.endpoint = endpoint;
        this.socket = socket;
        this.options = options;
        Port = port;
        id = SctpStack.RegisterSocket(this);
        UsrSctpNative.usrsctp_set_upcall(socket, SctpStack.UpcallPointer, id);
        _ = Task.Run(AcceptLoopAsync);
        wake.Writer.TryWrite(true);
    }

    public ushort Port { get; }

    internal static unsafe SctpListener Open(SctpEndpoint endpoint, ushort port, SctpOptions options)
    {
        var socket = SctpSocket.Create(options, out var errno);
        if (socket == 0)
        {
            throw new HarnessEnvironmentException($"usrsctp_socket: {SctpSocket.Describe(errno)}");
        }

        errno = SctpSocket.Bind(socket, endpoint.Token, port);
        if (errno == 0 && UsrSctpNative.usrsctp_listen(socket, Backlog) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
        }

        if (errno != 0)
        {
            UsrSctpNative.usrsctp_close(socket);
            throw new HarnessEnvironmentException($"SCTP listen on port {port}: {SctpSocket.Describe(errno)}");
        }

        return new SctpListener(endpoint, socket, port, options);
    }

    /// <summary>The next association the peer opened, or <see cref="SctpAcceptStatus.TimedOut"/> when none came in time.</summary>
    public async Task<SctpAcceptOutcome> AcceptAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            if (await accepted.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false) && accepted.Reader.TryRead(out var association))
            {
                return new(SctpAcceptStatus.Accepted, association, "association accepted");
            }

            return new(SctpAcceptStatus.Closed, null, "listener closed");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(SctpAcceptStatus.TimedOut, null, $"no association on port {Port} within {timeout.TotalMilliseconds:0} ms");
        }
    }

    void ISctpSocketOwner.Signal() => wake.Writer.TryWrite(true);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (await wake.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                wake.Reader.TryRead(out _);
                while (TryAccept() is { } association)
                {
                    try
                    {
                        await accepted.Writer.WriteAsync(association).ConfigureAwait(false);
                    }
                    catch (ChannelClosedException)
                    {
                        association.Abort();
                        throw;
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // Listener closed.
        }
    }

    private unsafe SctpAssociation? TryAccept()
    {
        nint child;
        lock (nativeGate)
        {
            if (socket == 0)
            {
                return null;
            }

            child = UsrSctpNative.usrsctp_accept(socket, null, null);
        }

        if (child == 0)
        {
            return null;
        }

        if (SctpSocket.Configure(child, options) != 0)
        {
            SctpSocket.Abort(child);
            return null;
        }

        return SctpAssociation.Adopt(endpoint, child, options);
    }

    public unsafe void Dispose()
    {
        lock (nativeGate)
        {
            if (socket != 0)
            {
                UsrSctpNative.usrsctp_set_upcall(socket, null, 0);
                UsrSctpNative.usrsctp_close(socket);
                socket = 0;
            }
        }

        SctpStack.UnregisterSocket(id);
        wake.Writer.TryComplete();
        accepted.Writer.TryComplete();
        while (accepted.Reader.TryRead(out var pending))
        {
            pending.Abort();
        }
    }
}
