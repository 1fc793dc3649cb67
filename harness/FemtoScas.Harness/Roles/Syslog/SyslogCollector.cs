using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Roles.Syslog;

/// <summary>One datagram the collector took: when, from where, what it read (or why not), and the raw text (printable, cut).</summary>
public sealed record ReceivedSyslog(DateTimeOffset ReceivedAt, IPEndPoint From, SyslogMessage? Message, string? Problem, string Raw);

/// <summary>
/// A bounded syslog receiver (UDP, RFC 5426) the security logging cases run on the harness address
/// the PIXIT names as the DUT's log destination: it keeps at most the bound given to <see cref="Start"/>
/// datagrams (later ones are counted, not kept) and runs until disposed, which a case does within its
/// own time bound.
/// </summary>
public sealed class SyslogCollector : IAsyncDisposable
{
    private readonly UdpClient socket;
    private readonly CancellationTokenSource stop = new();
    private readonly List<ReceivedSyslog> received = [];
    private readonly int maxMessages;
    private readonly Task loop;

    private SyslogCollector(UdpClient socket, int maxMessages)
    {
        this.socket = socket;
        this.maxMessages = maxMessages;
        loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)socket.Client.LocalEndPoint!;

    /// <summary>Datagrams beyond the bound, counted only.</summary>
    public int Dropped { get; private set; }

    /// <summary>Binds <paramref name="listen"/>; a bind failure is a <see cref="SocketException"/> for the caller to judge.</summary>
    public static SyslogCollector Start(IPEndPoint listen, int maxMessages = 500) => new(new UdpClient(listen), Math.Clamp(maxMessages, 1, 10_000));

    public IReadOnlyList<ReceivedSyslog> Received { get { lock (received) return [.. received]; } }

    /// <summary>Waits until <paramref name="done"/> holds over what was received, or <paramref name="timeout"/>; polls every 50 ms.</summary>
    public async Task<IReadOnlyList<ReceivedSyslog>> WaitAsync(Func<IReadOnlyList<ReceivedSyslog>, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var now = Received;
            if (done(now) || DateTimeOffset.UtcNow >= until) return now;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try { datagram = await socket.ReceiveAsync(stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (!stop.IsCancellationRequested) { continue; }
            catch (SocketException) { return; }
            var at = DateTimeOffset.UtcNow;
            var message = SyslogMessage.Parse(datagram.Buffer, at, out var problem);
            var raw = SyslogMessage.Printable(System.Text.Encoding.UTF8.GetString(datagram.Buffer, 0, Math.Min(datagram.Buffer.Length, 600)), 500);
            lock (received)
            {
                if (received.Count >= maxMessages) { Dropped++; continue; }
                received.Add(new ReceivedSyslog(at, datagram.RemoteEndPoint, message, problem, raw));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        try { await loop.ConfigureAwait(false); } catch (ObjectDisposedException) { }
        stop.Dispose();
    }
}
