using FemtoScas.Harness.Http;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Harness.Roles.Gui;

/// <summary>How far one GUI probe may go: requests, time per request, time in all, octets read per response.</summary>
public sealed record GuiProbeBounds(int MaxRequests, TimeSpan RequestTimeout, TimeSpan Budget, int MaxResponseOctets = 256 * 1024)
{
    /// <summary>A quick probe: 40 requests, 2 s each, 10 s in all.</summary>
    public static GuiProbeBounds Quick { get; } = new(40, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
}

public enum GuiExchangeOutcome
{
    /// <summary>An HTTP response was read.</summary>
    Answered,
    /// <summary>The DUT sent octets that are not an HTTP response (see the problem).</summary>
    Unreadable,
    /// <summary>No answer: connection refused or closed, TLS failed, or the request timed out.</summary>
    NoAnswer,
    /// <summary>Not sent: the probe's request or time bound was reached.</summary>
    BoundReached,
}

/// <summary>One request as sent (body shown redacted where it held a password) and what came back.</summary>
public sealed record GuiExchange(int Number, string Method, string Target, GuiExchangeOutcome Outcome, HttpResponse? Response, string Detail, TimeSpan Elapsed)
{
    public int Status => Response?.Status ?? 0;
    public bool Success => Response is { Status: >= 200 and < 300 };
}

/// <summary>
/// The bounded HTTP(S) engine of the local GUI cases: one HTTP/1.1 request per connection, sent
/// exactly as given (request-target and method untouched, so traversal and method probes reach the
/// server as written, which a URI-normalising client would not allow), over TLS 1.2/1.3 or plain
/// TCP. The GUI certificate is accepted as a hosting party clicking through the browser warning
/// would: the TLS profile is judged by TS33117-4.2.3.2.4. Every request counts against
/// <see cref="GuiProbeBounds"/>; responses go through <see cref="HttpResponseReader"/>. The exchange
/// log never holds a password or a session cookie value: both are redacted when logged, and every
/// cookie value seen is registered as a secret of the run.
/// </summary>
public sealed class GuiHttpClient(IPEndPoint endpoint, string? hostName, GuiProbeBounds bounds, bool useTls = true)
{
    private readonly List<GuiExchange> exchanges = [];
    private readonly List<string> log = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public IPEndPoint EndPoint => endpoint;
    public string Origin => $"{(useTls ? "https" : "http")}://{hostName ?? endpoint.Address.ToString()}:{endpoint.Port}";
    public IReadOnlyList<GuiExchange> Exchanges => exchanges;

    /// <summary>The local addresses this client's connections left from (what the DUT sees as their source; on loopback the kernel picks it, not the PIXIT).</summary>
    public IReadOnlyCollection<IPAddress> LocalAddresses
    {
        get { lock (localAddresses) return [.. localAddresses]; }
    }

    private readonly HashSet<IPAddress> localAddresses = [];

    public int RequestsLeft => bounds.MaxRequests - exchanges.Count(e => e.Outcome != GuiExchangeOutcome.BoundReached);

    /// <summary>Sends one request. <paramref name="form"/> is an application/x-www-form-urlencoded body; <paramref name="secretFields"/> are redacted in the log.</summary>
    public async Task<GuiExchange> SendAsync(string method, string target, string? cookie = null, IReadOnlyList<KeyValuePair<string, string>>? form = null,
        IReadOnlyCollection<string>? secretFields = null, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null, CancellationToken cancellationToken = default)
    {
        var number = exchanges.Count + 1;
        if (RequestsLeft <= 0 || clock.Elapsed >= bounds.Budget)
            return Record(new GuiExchange(number, method, target, GuiExchangeOutcome.BoundReached, null,
                RequestsLeft <= 0 ? $"request bound of {bounds.MaxRequests} reached" : $"time bound of {bounds.Budget.TotalSeconds:0.#} s reached", TimeSpan.Zero), null, form, secretFields);

        var body = form is null ? null : string.Join('&', form.Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value)));
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(hostName ?? endpoint.Address.ToString()).Append(':').Append(endpoint.Port).Append("\r\n")
            .Append("User-Agent: FemtoScas-GuiProbe\r\nAccept: */*\r\nConnection: close\r\n");
        if (cookie is not null) head.Append("Cookie: ").Append(cookie).Append("\r\n");
        foreach (var h in extraHeaders ?? []) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
        if (body is not null) head.Append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
        head.Append("\r\n");
        var request = Encoding.UTF8.GetBytes(head + (body ?? ""));

        var started = clock.Elapsed;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Min(bounds.RequestTimeout, bounds.Budget - clock.Elapsed));
        GuiExchange exchange;
        try
        {
            var (octets, closed) = await ExchangeAsync(request, timeout.Token).ConfigureAwait(false);
            var reading = HttpResponseReader.Read(octets, bounds.MaxResponseOctets, closed);
            exchange = reading.Response is { } r
                ? new GuiExchange(number, method, target, GuiExchangeOutcome.Answered, r, reading.Problem ?? "", clock.Elapsed - started)
                : new GuiExchange(number, method, target, octets.Length == 0 ? GuiExchangeOutcome.NoAnswer : GuiExchangeOutcome.Unreadable, null,
                    octets.Length == 0 ? "connection closed without an answer" : $"{reading.Problem} (offset {reading.Offset})", clock.Elapsed - started);
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            exchange = new GuiExchange(number, method, target, GuiExchangeOutcome.NoAnswer, null,
                e is OperationCanceledException ? $"no answer within {bounds.RequestTimeout.TotalSeconds:0.#} s" : $"{e.GetType().Name}: {e.Message}", clock.Elapsed - started);
        }
        return Record(exchange, cookie, form, secretFields);
    }

    private async Task<(byte[] Octets, bool Closed)> ExchangeAsync(byte[] request, CancellationToken token)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, token).ConfigureAwait(false);
        if (socket.LocalEndPoint is IPEndPoint local) lock (localAddresses) localAddresses.Add(local.Address);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            if (useTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = hostName ?? endpoint.Address.ToString(),
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, token).ConfigureAwait(false);
                stream = tls;
            }
            await stream.WriteAsync(request, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
            var limit = bounds.MaxResponseOctets + HttpResponseReader.MaxHead;
            var buffer = new byte[Math.Min(limit, 64 * 1024)];
            using var received = new MemoryStream();
            while (received.Length < limit)
            {
                int n;
                try { n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - received.Length)), token).ConfigureAwait(false); }
                catch (IOException) when (received.Length > 0) { return (received.ToArray(), true); }
                if (n == 0) return (received.ToArray(), true);
                received.Write(buffer, 0, n);
                // A complete Content-Length response ends the read even if the server keeps the connection.
                var reading = HttpResponseReader.Read(received.GetBuffer().AsSpan(0, (int)received.Length), bounds.MaxResponseOctets, complete: false);
                if (reading.Response is { } r && r.Header("Content-Length") is not null && reading.Problem is null && !r.BodyTruncated) return (received.ToArray(), false);
            }
            return (received.ToArray(), false);
        }
    }

    private GuiExchange Record(GuiExchange e, string? cookie, IReadOnlyList<KeyValuePair<string, string>>? form, IReadOnlyCollection<string>? secretFields)
    {
        exchanges.Add(e);
        foreach (var setCookie in e.Response?.All("Set-Cookie") ?? [])
            if (SetCookie.Parse(setCookie) is { Value.Length: >= 8 } c) SecretRegistry.Register(c.Value);
        var line = new StringBuilder($"#{e.Number} {e.Method} {HttpResponseReader.Printable(e.Target, 200)}");
        if (cookie is not null) line.Append("\n    > Cookie: ").Append(SetCookie.RedactPairs(cookie));
        if (form is not null)
            line.Append("\n    > body: ").Append(string.Join('&', form.Select(f => f.Key + "=" + (secretFields?.Contains(f.Key) == true ? "<redacted>" : HttpResponseReader.Printable(f.Value, 80)))));
        line.Append($"\n    < {e.Outcome}").Append(e.Response is { } r ? $" {r.Status} {HttpResponseReader.Printable(r.Reason, 60)}, body {r.Body.Length} octets{(r.BodyTruncated ? " (cut)" : "")}" : "")
            .Append($" in {e.Elapsed.TotalMilliseconds:0} ms").Append(e.Detail.Length > 0 ? $" ({HttpResponseReader.Printable(e.Detail, 200)})" : "");
        foreach (var h in e.Response?.Headers ?? [])
            line.Append("\n    < ").Append(HttpResponseReader.Printable(h.Key, 60)).Append(": ")
                .Append(h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ? SetCookie.Redact(h.Value) : HttpResponseReader.Printable(h.Value, 300));
        log.Add(line.ToString());
        return e;
    }

    /// <summary>The request/response log (headers only; cookie values and secret form fields redacted).</summary>
    public string LogText() => $"GUI probe of {Origin} ({endpoint}); bounds: {bounds.MaxRequests} requests, {bounds.RequestTimeout.TotalSeconds:0.#} s each, {bounds.Budget.TotalSeconds:0.#} s in all, {bounds.MaxResponseOctets} octets per response\n"
                               + string.Join("\n", log) + "\n";

    /// <summary>The exchanges as an evidence table.</summary>
    public EvidenceTable Table(string title) => new(title, ["#", "method", "target", "outcome", "status", "ms"],
        [.. exchanges.Select(e => (IReadOnlyList<string>)[e.Number.ToString(), e.Method, HttpResponseReader.Printable(e.Target, 120), e.Outcome.ToString(), e.Status == 0 ? "-" : e.Status.ToString(), e.Elapsed.TotalMilliseconds.ToString("0")])]);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => b < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : (a < b ? a : b);
}
