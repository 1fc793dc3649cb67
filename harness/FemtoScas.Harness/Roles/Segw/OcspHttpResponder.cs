using System.Net;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>One OCSP request the HTTP responder saw: when, from where, how, which serials, what it answered.</summary>
public sealed record OcspQuery(DateTimeOffset At, string Remote, string Method, IReadOnlyList<string> Serials, int HttpStatus, string Answer);

/// <summary>
/// An OCSP responder over HTTP (RFC 6960 appendix A.1): POST of a DER OCSPRequest
/// (application/ocsp-request) or GET with the base64 request as the last path segment, answered
/// with application/ocsp-response by an <see cref="OcspRequestResponder"/>. Records every request.
/// For DUTs that query a configured responder or an AIA URI (the test PKI names none, so a lab
/// must point the femto here); RFC 4806 stapling in IKE_AUTH needs no HTTP. Bound to the URI's
/// host and port only; runs until disposed. Requests are served one at a time, each within
/// <see cref="RequestTimeLimit"/>: a client that sends its body slowly or never is cut off (recorded
/// with status 408) instead of holding the responder.
/// </summary>
public sealed class OcspHttpResponder : IAsyncDisposable
{
    private const int MaxRequest = 64 * 1024;

    /// <summary>How long one request may take to arrive whole (an OCSP request is a few hundred octets).</summary>
    public static readonly TimeSpan RequestTimeLimit = TimeSpan.FromSeconds(5);

    private readonly HttpListener _listener = new();
    private readonly OcspRequestResponder _responder;
    private readonly List<OcspQuery> _queries = [];
    private readonly Task _loop;

    /// <exception cref="HttpListenerException">the URI's host and port cannot be bound here.</exception>
    public OcspHttpResponder(Uri uri, OcspRequestResponder responder)
    {
        if (uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"only http OCSP responders can be served, not {uri}", nameof(uri));
        Uri = uri;
        _responder = responder;
        _listener.Prefixes.Add($"http://{uri.Host}:{uri.Port}{(uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/")}");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public IReadOnlyList<OcspQuery> Queries
    {
        get { lock (_queries) return [.. _queries]; }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var limit = new CancellationTokenSource(RequestTimeLimit);
            try
            {
                await HandleAsync(context, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                Record(new OcspQuery(DateTimeOffset.UtcNow, context.Request.RemoteEndPoint?.ToString() ?? "?", context.Request.HttpMethod, [], 408,
                    $"request not complete within {RequestTimeLimit.TotalSeconds:0} s; connection dropped"));
                context.Response.Abort();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // The client went away; what was recorded stays.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context, CancellationToken cancel)
    {
        var request = context.Request;
        var remote = request.RemoteEndPoint?.ToString() ?? "?";
        // One answer per connection, as the CRL distribution point: no query waits on a kept-alive connection.
        context.Response.KeepAlive = false;
        byte[]? der = null;
        if (request.HttpMethod == "POST")
        {
            using var body = new MemoryStream();
            var buffer = new byte[8192];
            int n;
            while ((n = await request.InputStream.ReadAsync(buffer, cancel).AsTask().WaitAsync(cancel).ConfigureAwait(false)) > 0 && body.Length <= MaxRequest)
                body.Write(buffer, 0, n);
            der = body.Length <= MaxRequest ? body.ToArray() : null;
        }
        else if (request.HttpMethod == "GET")
        {
            // RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.
            var last = Uri.UnescapeDataString(request.RawUrl?.Split('/').LastOrDefault() ?? "");
            try { der = Convert.FromBase64String(last); }
            catch (FormatException) { der = null; }
        }

        if (der is null)
        {
            Record(new OcspQuery(DateTimeOffset.UtcNow, remote, request.HttpMethod, [], 400, "not an OCSP request"));
            context.Response.StatusCode = 400;
            context.Response.Close();
            return;
        }

        var answer = _responder.Answer(der, DateTimeOffset.UtcNow);
        Record(new OcspQuery(DateTimeOffset.UtcNow, remote, request.HttpMethod, answer.SerialsAsked, 200, answer.Summary));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/ocsp-response";
        context.Response.ContentLength64 = answer.ResponseDer.Length;
        await context.Response.OutputStream.WriteAsync(answer.ResponseDer, cancel).ConfigureAwait(false);
        context.Response.Close();
    }

    private void Record(OcspQuery query)
    {
        lock (_queries) _queries.Add(query);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
