using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto.Tls;

namespace FemtoScas.Harness.Roles.Syslog;

/// <summary>How a syslog message reached the collector: UDP (RFC 5426), plain TCP (RFC 6587) or TLS (RFC 5425).</summary>
public enum SyslogTransport { Udp, Tcp, Tls }

/// <summary>
/// One message the collector took: when, from where, what it read (or why not), and the raw text
/// (printable, cut); for a stream, the transport and, over TLS, the version and suite that protected it.
/// </summary>
public sealed record ReceivedSyslog(DateTimeOffset ReceivedAt, IPEndPoint From, SyslogMessage? Message, string? Problem, string Raw)
{
    public SyslogTransport Transport { get; init; } = SyslogTransport.Udp;

    /// <summary>Over TLS: the connection's negotiated version ("TLS 1.3") and suite ("TLS_AES_128_GCM_SHA256"); else null.</summary>
    public string? TlsVersion { get; init; }

    public string? TlsSuite { get; init; }

    /// <summary>"TLS 1.3 TLS_AES_128_GCM_SHA256", or null when the message came unprotected.</summary>
    public string? Protection => TlsVersion is null ? null : $"{TlsVersion} {TlsSuite}";
}

/// <summary>One connection a stream collector accepted: from where, when, how its TLS handshake went (null for plain TCP), how it ended.</summary>
public sealed record SyslogConnection(IPEndPoint From, DateTimeOffset At, TlsAcceptance? Tls)
{
    /// <summary>Why the collector stopped reading it (a framing problem, the octet bound), or null.</summary>
    public string? Ended { get; set; }
}

/// <summary>
/// A bounded syslog receiver the security logging cases run on the harness address the PIXIT names as
/// the DUT's log destination: UDP datagrams (RFC 5426), or a TCP listener (RFC 6587) optionally under
/// TLS with the harness's certificate (RFC 5425), whose streams <see cref="SyslogFrameReader"/> splits.
/// Every message goes through the one reader, <see cref="SyslogMessage.Parse"/>. It keeps at most the
/// bound given at the start (later ones are counted, not kept), takes at most 16 connections at once
/// and 256 in all, of at most 1 MiB each, and runs until disposed, which a case does within its own time bound.
/// </summary>
public sealed class SyslogCollector : IAsyncDisposable
{
    private const int MaxConnections = 16;
    private const int MaxAccepted = 256;
    private const long MaxOctetsPerConnection = 1 << 20;
    private static readonly IReadOnlyList<string> TlsVersions = ["TLS 1.2", "TLS 1.3"];

    private readonly UdpClient? udp;
    private readonly TcpListener? tcp;
    private readonly TlsServerCredentials? tls;
    private readonly CancellationTokenSource stop = new();
    private readonly List<ReceivedSyslog> received = [];
    private readonly List<SyslogConnection> connections = [];
    private readonly List<(TcpClient Client, Task Reader)> open = [];
    private readonly int maxMessages;
    private readonly Task loop;
    private int accepted;

    private SyslogCollector(UdpClient? udp, TcpListener? tcp, TlsServerCredentials? tls, int maxMessages)
    {
        this.udp = udp;
        this.tcp = tcp;
        this.tls = tls;
        this.maxMessages = Math.Clamp(maxMessages, 1, 10_000);
        loop = udp is not null ? Task.Run(ReceiveLoopAsync) : Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)(udp?.Client.LocalEndPoint ?? tcp!.LocalEndpoint);

    public SyslogTransport Transport => udp is not null ? SyslogTransport.Udp : tls is null ? SyslogTransport.Tcp : SyslogTransport.Tls;

    /// <summary>"udp 127.0.0.1:5514", "tls 127.0.0.1:6514": where the collector listens, for reasons and evidence.</summary>
    public string Where => $"{Transport.ToString().ToLowerInvariant()} {EndPoint}";

    /// <summary>Messages beyond the bound, counted only.</summary>
    public int Dropped { get; private set; }

    /// <summary>Binds UDP <paramref name="listen"/>; a bind failure is a <see cref="SocketException"/> for the caller to judge.</summary>
    public static SyslogCollector Start(IPEndPoint listen, int maxMessages = 500) => new(new UdpClient(listen), null, null, maxMessages);

    /// <summary>
    /// Listens on TCP <paramref name="listen"/>: plain (RFC 6587, both framings) when <paramref name="tlsCredentials"/> is null,
    /// else TLS 1.2/1.3 with that certificate (RFC 5425, octet counting only); a bind failure is a <see cref="SocketException"/>.
    /// </summary>
    public static SyslogCollector StartStream(IPEndPoint listen, TlsServerCredentials? tlsCredentials, int maxMessages = 500)
    {
        var listener = new TcpListener(listen);
        listener.Start(MaxConnections);
        return new SyslogCollector(null, listener, tlsCredentials, maxMessages);
    }

    public IReadOnlyList<ReceivedSyslog> Received { get { lock (received) return [.. received]; } }

    public IReadOnlyList<SyslogConnection> Connections { get { lock (received) return [.. connections]; } }

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

    private void Take(ReadOnlySpan<byte> octets, IPEndPoint from, SyslogTransport transport, TlsAcceptance? tlsConnection)
    {
        var at = DateTimeOffset.UtcNow;
        var message = SyslogMessage.Parse(octets, at, out var problem);
        var raw = SyslogMessage.Printable(System.Text.Encoding.UTF8.GetString(octets[..Math.Min(octets.Length, 600)]), 500);
        lock (received)
        {
            if (received.Count >= maxMessages) { Dropped++; return; }
            received.Add(new ReceivedSyslog(at, from, message, problem, raw) { Transport = transport, TlsVersion = tlsConnection?.Version, TlsSuite = tlsConnection?.Suite });
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try { datagram = await udp!.ReceiveAsync(stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (!stop.IsCancellationRequested) { continue; }
            catch (SocketException) { return; }
            Take(datagram.Buffer, datagram.RemoteEndPoint, SyslogTransport.Udp, null);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await tcp!.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (!stop.IsCancellationRequested) { continue; }
            catch (SocketException) { return; }
            lock (open)
            {
                open.RemoveAll(o => o.Reader.IsCompleted);
                if (open.Count >= MaxConnections || ++accepted > MaxAccepted) { client.Dispose(); continue; }
                // Blocking reads on a thread of their own; disposing the client ends them.
                open.Add((client, Task.Run(() => ReadConnection(client))));
            }
        }
    }

    private void ReadConnection(TcpClient client)
    {
        var from = (IPEndPoint)client.Client.RemoteEndPoint!;
        client.ReceiveTimeout = 0;
        client.SendTimeout = 5000;
        try
        {
            Stream stream = client.GetStream();
            TlsAcceptance? handshake = null;
            if (tls is not null)
            {
                client.ReceiveTimeout = 5000; // the handshake is bounded; the messages after it may wait as long as the collector lives
                try { handshake = TlsTestServer.TryAcceptRecording(stream, tls, TlsVersions); }
                catch (Exception e)
                {
                    // Whatever else the TLS stack throws at a peer's bytes is that peer's failed handshake.
                    handshake = new TlsAcceptance(null, $"the handshake failed: {e.GetType().Name}: {e.Message}", null, null);
                }
            }
            var connection = new SyslogConnection(from, DateTimeOffset.UtcNow, handshake);
            lock (received) connections.Add(connection);
            if (handshake is not null)
            {
                // A failed handshake has closed the connection (the TLS stack disposes the transport).
                if (handshake.Stream is null) return;
                stream = handshake.Stream;
                client.ReceiveTimeout = 0;
            }
            var transport = tls is null ? SyslogTransport.Tcp : SyslogTransport.Tls;
            var framing = new SyslogFrameReader(octetCountingOnly: tls is not null);
            var chunk = new byte[16 * 1024];
            while (!stop.IsCancellationRequested)
            {
                var n = stream.Read(chunk, 0, chunk.Length);
                if (n <= 0) { connection.Ended = framing.Pending > 0 ? $"closed in the middle of a frame ({framing.Pending} octets)" : null; return; }
                foreach (var frame in framing.Feed(chunk.AsSpan(0, n))) Take(frame, from, transport, handshake);
                if (framing.Problem is { } problem) { connection.Ended = problem; return; }
                if (framing.Octets > MaxOctetsPerConnection) { connection.Ended = $"more than {MaxOctetsPerConnection} octets on one connection: not read further"; return; }
            }
        }
        catch (Exception e)
        {
            // The peer reset the connection, sent what the TLS stack refused, or the collector stopped:
            // what was read is kept, and nothing a DUT sends escapes the collector.
            lock (received) if (connections.LastOrDefault(c => c.From.Equals(from)) is { Ended: null } last) last.Ended = $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        udp?.Dispose();
        tcp?.Stop();
        try { await loop.ConfigureAwait(false); } catch (ObjectDisposedException) { }
        List<(TcpClient Client, Task Reader)> readers;
        lock (open) readers = [.. open];
        foreach (var (client, _) in readers) client.Dispose();
        await Task.WhenAll(readers.Select(r => r.Reader)).ConfigureAwait(false);
        stop.Dispose();
    }
}
