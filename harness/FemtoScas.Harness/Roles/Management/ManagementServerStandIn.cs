using System.Net;
using System.Net.Sockets;
using System.Text;
using FemtoScas.Harness.Crypto.Tls;

namespace FemtoScas.Harness.Roles.Management;

/// <summary>How the stand-in serves TLS for one trial: versions, cipher suites (null: the modern set), certificate, and whether it asks for the client's.</summary>
public sealed record StandInSetup(string Name, IReadOnlyList<string> Versions, IReadOnlyList<int>? Suites, TlsServerCredentials Credentials, string Description,
    bool AskClientCertificate = false);

/// <summary>One connection the DUT made to the stand-in, under the setup in force when it arrived.</summary>
/// <remarks><see cref="ReceivedOctets"/> counts every octet the DUT sent (0: it connected and said nothing, so the trial saw no attempt).</remarks>
public sealed record StandInConnection(string Setup, IPEndPoint From, DateTimeOffset At, bool HandshakeCompleted, string Detail, int ApplicationOctets, long ReceivedOctets = 0)
{
    /// <summary>The certificate chain the DUT sent when asked (DER, end entity first); empty when it sent none or was not asked.</summary>
    public IReadOnlyList<byte[]> ClientChain { get; init; } = [];

    /// <summary>Whether the DUT got as far as sending a TLS record (a connection it dropped before that tells nothing).</summary>
    public bool Attempted => ReceivedOctets > 0;
}

/// <summary>
/// The harness standing in for the operator's management server (e.g. a TR-069 ACS over HTTPS)
/// at the address the DUT uses: it accepts TCP there, runs the TLS server handshake under the
/// current <see cref="StandInSetup"/>, reads what the DUT sends after it, answers an HTTP request
/// with 204 and records every connection. The setup can be switched between trials; one
/// listener serves them all. Connections are handled one at a time with bounded timeouts.
/// </summary>
public sealed class ManagementServerStandIn : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<StandInConnection> _connections = [];
    private readonly Task _loop;
    private readonly TimeSpan _ioTimeout;
    private volatile StandInSetup _setup;

    private ManagementServerStandIn(TcpListener listener, StandInSetup setup, TimeSpan ioTimeout)
    {
        _listener = listener;
        _setup = setup;
        _ioTimeout = ioTimeout;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Listens at <paramref name="at"/>; null and <paramref name="whyNot"/> when the address cannot be bound.</summary>
    public static ManagementServerStandIn? TryStart(IPEndPoint at, StandInSetup setup, TimeSpan ioTimeout, out string? whyNot)
    {
        var listener = new TcpListener(at);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            whyNot = $"cannot listen on {at}: {ex.Message}";
            return null;
        }
        whyNot = null;
        return new ManagementServerStandIn(listener, setup, ioTimeout);
    }

    public StandInSetup Setup => _setup;

    /// <summary>Where it listens (the bound port when asked for port 0).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Switch(StandInSetup setup) => _setup = setup;

    public IReadOnlyList<StandInConnection> Connections
    {
        get { lock (_connections) return [.. _connections]; }
    }

    /// <summary>Waits (bounded) for a connection under <paramref name="setup"/> that satisfies <paramref name="enough"/>; null when none came.</summary>
    public async Task<StandInConnection?> WaitForAsync(string setup, Func<StandInConnection, bool> enough, TimeSpan wait, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var hit = Connections.FirstOrDefault(c => c.Setup == setup && enough(c));
            if (hit is not null || DateTimeOffset.UtcNow >= until) return hit;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            using (client)
            {
                var setup = _setup;
                var from = (IPEndPoint)client.Client.RemoteEndPoint!;
                var at = DateTimeOffset.UtcNow;
                client.ReceiveTimeout = (int)_ioTimeout.TotalMilliseconds;
                client.SendTimeout = (int)_ioTimeout.TotalMilliseconds;
                var counted = new CountingStream(client.GetStream());
                var chain = setup.AskClientCertificate ? new List<byte[]>() : null;
                var (stream, detail) = TlsTestServer.TryAccept(counted, setup.Credentials, setup.Versions, setup.Suites, chain);
                int octets = 0;
                if (stream is not null)
                {
                    octets = ReadRequest(stream);
                    detail += octets > 0 ? $"; then {octets} octet(s) of application data" : "; no application data followed";
                    try { stream.Dispose(); } catch (Exception e) when (e is IOException or ObjectDisposedException) { }
                }
                if (counted.Received == 0) detail = "the DUT connected but sent nothing";
                lock (_connections) _connections.Add(new StandInConnection(setup.Name, from, at, stream is not null, detail, octets, counted.Received) { ClientChain = chain ?? [] });
            }
        }
    }

    /// <summary>Reads one request (bounded by size and the I/O timeout) and answers an HTTP one with 204.</summary>
    private static int ReadRequest(Stream stream)
    {
        var buffer = new byte[8192];
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer, total, buffer.Length - total);
                if (n <= 0) break;
                total += n;
                if (Encoding.ASCII.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
            }
            if (total > 0 && Encoding.ASCII.GetString(buffer, 0, Math.Min(total, 8)).StartsWith("POST", StringComparison.Ordinal))
                stream.Write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The DUT closing or going silent ends the request; what arrived counts.
        }
        return total;
    }

    /// <summary>Counts what the DUT sent, so a connection dropped before its ClientHello is told apart from a refused handshake.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Received { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            Received += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
