using System.Net;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// One HTTP request the CRL distribution point saw: when, from where, which path, what status, and
/// how long the harness took from the request to the end of its answer (null: the client went away
/// first). A late answer is the harness's delay, not the DUT's: a DUT that waited less may rightly
/// have gone on without the CRL.
/// </summary>
public sealed record CrlFetch(DateTimeOffset At, string Remote, string Path, int Status, TimeSpan? AnsweredIn);

/// <summary>
/// The harness's CRL distribution point (RFC 5280 4.2.1.13): serves one DER CRL over plain HTTP
/// at the URI the certificates name (GET, application/pkix-crl, RFC 5280 4.2.1.13 / RFC 2585),
/// and records every request so a test can show whether the DUT fetched it. Any other path is
/// answered 404. Each answer closes its connection (Connection: close). Bound to the URI's host
/// and port only; runs until disposed.
/// </summary>
public sealed class CrlDistributionServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _crl;
    private readonly string _path;
    private readonly List<CrlFetch> _fetches = [];
    private readonly Task _loop;

    /// <exception cref="HttpListenerException">the URI's host and port cannot be bound here.</exception>
    public CrlDistributionServer(Uri uri, byte[] crlDer)
    {
        if (uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"only http CRL distribution points can be served, not {uri}", nameof(uri));
        Uri = uri;
        _crl = crlDer;
        _path = uri.AbsolutePath;
        _listener.Prefixes.Add($"http://{uri.Host}:{uri.Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public IReadOnlyList<CrlFetch> Fetches
    {
        get { lock (_fetches) return [.. _fetches]; }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var at = DateTimeOffset.UtcNow;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var remote = context.Request.RemoteEndPoint?.ToString() ?? "?";
            var path = context.Request.Url?.AbsolutePath ?? "";
            var found = context.Request.HttpMethod == "GET" && path == _path;
            TimeSpan? answeredIn = null;
            try
            {
                // One answer per connection: a fetch on a kept-alive connection was once left unread for 2 s (a DUT's pooled client).
                context.Response.KeepAlive = false;
                context.Response.StatusCode = found ? 200 : 404;
                if (found)
                {
                    context.Response.ContentType = "application/pkix-crl";
                    context.Response.ContentLength64 = _crl.Length;
                    await context.Response.OutputStream.WriteAsync(_crl).ConfigureAwait(false);
                }
                context.Response.Close();
                answeredIn = clock.Elapsed;
            }
            catch (HttpListenerException)
            {
                // The client went away; the request is still recorded, unanswered.
            }
            lock (_fetches)
                _fetches.Add(new CrlFetch(at, remote, path, found ? 200 : 404, answeredIn));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
