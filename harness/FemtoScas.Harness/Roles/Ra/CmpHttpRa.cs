using System.Net;
using System.Net.Sockets;
using System.Text;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Http;

namespace FemtoScas.Harness.Roles.Ra;

/// <summary>
/// The operator's RA/CA reachable over CMP over HTTP (RFC 6712 3): POST of application/pkixcmp to
/// <see cref="Uri"/>, one CMP message per request, answered by a <see cref="CmpRegistrationAuthority"/>.
/// Bounded: the head to 8 KiB, the body to <see cref="CmpMessageReader.MaxMessage"/> (Content-Length
/// required, no chunked bodies), each connection to <see cref="MaxRequestsPerConnection"/> requests and
/// <see cref="ConnectionTime"/>, at most <see cref="MaxConnections"/> connections at once. Listens on
/// the address it is given only (the harness's loopback or slot address); runs until disposed.
/// </summary>
public sealed class CmpHttpRa : IAsyncDisposable
{
    public const int MaxConnections = 8;
    public const int MaxRequestsPerConnection = 8;
    public static readonly TimeSpan ConnectionTime = TimeSpan.FromSeconds(20);

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim slots = new(MaxConnections);
    private readonly List<CmpTransportRefusal> refusals = [];
    private readonly Task loop;
    private readonly Capture.SelfRecorder? recorder;

    /// <param name="ra">The RA/CA engine that answers every message.</param>
    /// <param name="address">Where to listen (never a wildcard address: the harness's own address).</param>
    /// <param name="port">0 for an ephemeral port (a DUT controller is told the URI), or the PIXIT's fixed port.</param>
    /// <param name="path">The request path the RA serves (RFC 6712 3.6 leaves it to the server).</param>
    /// <param name="recorder">Where every connection's octets go (the case's pcapng), or null.</param>
    public CmpHttpRa(CmpRegistrationAuthority ra, IPAddress address, int port = 0, string path = "/pkix/", Capture.SelfRecorder? recorder = null)
    {
        this.recorder = recorder;
        Ra = ra ?? throw new ArgumentNullException(nameof(ra));
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            throw new ArgumentException("the RA listens on the harness's own address, never on every interface", nameof(address));
        Path = path.StartsWith('/') ? path : "/" + path;
        listener = new TcpListener(address, port);
        listener.Start();
        var bound = (IPEndPoint)listener.LocalEndpoint;
        Uri = new Uri($"http://{(bound.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString())}:{bound.Port}{Path}");
        loop = Task.Run(AcceptAsync);
    }

    public CmpRegistrationAuthority Ra { get; }
    public Uri Uri { get; }
    public string Path { get; }

    public IReadOnlyList<CmpTransportRefusal> Refusals { get { lock (refusals) return [.. refusals]; } }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            if (!await slots.WaitAsync(0).ConfigureAwait(false))
            {
                Refuse(client.Client.RemoteEndPoint, 503, $"more than {MaxConnections} connections at once");
                client.Dispose();
                continue;
            }
            _ = Task.Run(async () =>
            {
                try { await ServeAsync(client).ConfigureAwait(false); }
                finally { client.Dispose(); slots.Release(); }
            });
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "?";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        cts.CancelAfter(ConnectionTime);
        // The case's pcapng gets the HTTP exchange (Wireshark's CMP dissector decodes application/pkixcmp).
        var flow = recorder is not null && client.Client.LocalEndPoint is IPEndPoint local && client.Client.RemoteEndPoint is IPEndPoint peer
            ? recorder.Connected(local, peer, "harness RA/CA (CMP over HTTP)") : null;
        Stream stream = flow is null ? client.GetStream() : new Capture.RecordingStream(client.GetStream(), flow);
        var buffer = new byte[HttpRequestHead.MaxHead + CmpMessageReader.MaxMessage];
        var filled = 0;
        try
        {
            for (var served = 0; served < MaxRequestsPerConnection; served++)
            {
                int end;
                while ((end = HttpRequestHead.EndOf(buffer.AsSpan(0, filled))) < 0)
                {
                    if (filled >= HttpRequestHead.MaxHead)
                    {
                        await AnswerAsync(stream, 431, null, false, remote, $"request head beyond {HttpRequestHead.MaxHead} octets", cts.Token).ConfigureAwait(false);
                        return;
                    }
                    var n = await stream.ReadAsync(buffer.AsMemory(filled, HttpRequestHead.MaxHead - filled), cts.Token).ConfigureAwait(false);
                    if (n == 0) return;
                    filled += n;
                }
                var head = HttpRequestHead.Parse(buffer.AsSpan(0, end));
                if (head.Problem is { } problem)
                {
                    await AnswerAsync(stream, head.Status, null, false, remote, problem, cts.Token).ConfigureAwait(false);
                    return;
                }
                var (status, why) = head switch
                {
                    { Method: not "POST" } => (405, $"method {head.Method}: CMP over HTTP is POST (RFC 6712 3.3)"),
                    _ when !head.Target.Split('?')[0].TrimEnd('/').Equals(Path.TrimEnd('/'), StringComparison.Ordinal) => (404, $"path {head.Target} is not {Path}"),
                    { Chunked: true } => (411, "chunked request bodies are not accepted; send Content-Length"),
                    { ContentLength: null } => (411, "no Content-Length"),
                    { ContentLength: > CmpMessageReader.MaxMessage } => (413, $"Content-Length {head.ContentLength} beyond {CmpMessageReader.MaxMessage}"),
                    _ => (200, ""),
                };
                if (status != 200)
                {
                    await AnswerAsync(stream, status, null, false, remote, why, cts.Token).ConfigureAwait(false);
                    return;
                }
                var length = (int)head.ContentLength!.Value;
                // Whatever of the body came with the head, then the rest: never more than Content-Length.
                var have = filled - end;
                while (have < length)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(end + have, length - have), cts.Token).ConfigureAwait(false);
                    if (n == 0) { Refuse(remote, 400, $"connection closed after {have} of {length} body octets"); return; }
                    have += n;
                }
                var body = buffer.AsSpan(end, length).ToArray();
                var rest = filled - end - length;
                if (rest > 0) Buffer.BlockCopy(buffer, end + length, buffer, 0, rest);
                filled = Math.Max(rest, 0);
                var answer = Ra.Handle(body);
                await AnswerAsync(stream, 200, answer, head.KeepAlive, remote, null, cts.Token).ConfigureAwait(false);
                if (!head.KeepAlive) return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            if (!stop.IsCancellationRequested && ex is OperationCanceledException)
                Refuse(remote, 408, $"connection not finished within {ConnectionTime.TotalSeconds:0} s");
        }
        finally
        {
            flow?.Close();
        }
    }

    private async Task AnswerAsync(Stream stream, int status, byte[]? body, bool keepAlive, string remote, string? refusal, CancellationToken token)
    {
        if (refusal is not null) Refuse(remote, status, refusal);
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append(body is null ? "" : $"Content-Type: {CmpHttp.ContentType}\r\n")
            .Append($"Content-Length: {body?.Length ?? 0}\r\n")
            .Append("Cache-Control: no-cache\r\n")
            .Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n")
            .Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), token).ConfigureAwait(false);
        if (body is not null) await stream.WriteAsync(body, token).ConfigureAwait(false);
        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private void Refuse(object? remote, int status, string why)
    {
        lock (refusals)
            if (refusals.Count < 256) refusals.Add(new CmpTransportRefusal(DateTimeOffset.UtcNow, remote?.ToString() ?? "?", status, why));
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 404 => "Not Found", 405 => "Method Not Allowed", 408 => "Request Timeout",
        411 => "Length Required", 413 => "Content Too Large", 431 => "Request Header Fields Too Large", 503 => "Service Unavailable",
        505 => "HTTP Version Not Supported", _ => "Error",
    };

    /// <summary>
    /// Every CMP message received and sent as a DER file (cmp-NNN-in-ir.der, ...) and one decoded
    /// table (time, direction, body, summary, checks), plus the transport's refusals.
    /// </summary>
    public void WriteEvidence(TestEvidence evidence, string prefix = "cmp")
    {
        var rows = new List<IReadOnlyList<string>>();
        var i = 0;
        foreach (var r in Ra.Records)
        {
            i++;
            var name = $"{prefix}-{i:000}-{(r.Received ? "in" : "out")}-{r.Body}.der";
            File.WriteAllBytes(evidence.NewFile(name, "cmp-message", $"CMP {r.Body} {(r.Received ? "received from the DUT" : "sent by the harness RA")} (DER)"), r.Der);
            rows.Add([r.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), r.Received ? "DUT -> RA" : "RA -> DUT", name, r.Summary,
                string.Join("; ", r.Checks.Select(c => $"{(c.Passed ? "ok" : "FAILED")} {c.Name}: {c.Detail}"))]);
        }
        foreach (var refusal in Refusals)
            rows.Add([refusal.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), "DUT -> RA", "(HTTP)", $"HTTP {refusal.Status} from {refusal.Remote}", refusal.Why]);
        evidence.Table(new EvidenceTable($"CMP messages at {Uri}", ["time", "direction", "file", "message", "RA checks"], rows));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        try { await loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
