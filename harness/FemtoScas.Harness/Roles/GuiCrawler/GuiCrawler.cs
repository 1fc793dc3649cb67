using System.Net;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Roles.GuiCrawler;

/// <summary>One page the crawler fetched: its path, status and body octets.</summary>
public sealed record GuiPage(string Path, int Status, byte[] Body);

/// <summary>
/// Fetches what the hosting party can read on the femto's local GUI: the start page and every
/// same-origin link reachable from it (href/src), breadth first, bounded in pages and time. The
/// GUI's certificate is accepted as a hosting party clicking through the browser warning would —
/// this crawler reads content, it does not judge TLS (TS33117-4.2.3.2.4 does).
/// </summary>
public static partial class GuiCrawler
{
    /// <summary>
    /// As the hosting party logged in: where the PIXIT documents the GUI login, the lab account logs in
    /// first (bounded, <see cref="Gui.GuiLogin"/>), the crawl sends its session cookie and never fetches
    /// the logout path, and the session is logged out at the end. Without a documented login, crawls as is.
    /// </summary>
    public static async Task<IReadOnlyList<GuiPage>> CrawlAsLabUserAsync(Dut.Pixit pixit, int maxPages, TimeSpan budget, CancellationToken cancellationToken)
    {
        var gui = pixit.ManagementGui ?? throw new HarnessEnvironmentException("the profile gives no managementGui");
        var start = new Uri($"https://{pixit.DutAddress}:{gui.Port}/");
        if (gui.Access is not { } access) return await CrawlAsync(start, maxPages, budget, cancellationToken).ConfigureAwait(false);
        var client = Gui.GuiLogin.Client(pixit, new Gui.GuiProbeBounds(4, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
        var login = await Gui.GuiLogin.LoginAsync(client, access, access.Account, verify: false, cancellationToken).ConfigureAwait(false);
        if (login.CookieHeader is null)
            return [new GuiPage(access.LoginPath, 0, System.Text.Encoding.UTF8.GetBytes($"login as the lab account failed: {login.Detail}"))];
        try
        {
            return await CrawlAsync(new Uri(start, access.Pages[0]), maxPages, budget, cancellationToken, login.CookieHeader, [access.LogoutPath]).ConfigureAwait(false);
        }
        finally
        {
            await Gui.GuiLogin.LogoutAsync(client, access, login, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<GuiPage>> CrawlAsync(Uri start, int maxPages, TimeSpan budget, CancellationToken cancellationToken,
        string? cookie = null, IReadOnlyCollection<string>? skip = null)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var pages = new List<GuiPage>();
        var queue = new Queue<string>([start.PathAndQuery]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.PathAndQuery };
        while (queue.Count > 0 && pages.Count < maxPages && !deadline.IsCancellationRequested)
        {
            var path = queue.Dequeue();
            byte[] body;
            int status;
            try
            {
                using var response = await client.GetAsync(new Uri(start, path), deadline.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                if (cancellationToken.IsCancellationRequested) throw;
                pages.Add(new GuiPage(path, 0, System.Text.Encoding.UTF8.GetBytes($"fetch failed: {e.Message}")));
                continue;
            }

            pages.Add(new GuiPage(path, status, body));
            foreach (Match link in Links().Matches(System.Text.Encoding.UTF8.GetString(body)))
            {
                if (!Uri.TryCreate(new Uri(start, path), link.Groups["url"].Value, out var target)) continue;
                if (target.Scheme != start.Scheme || target.Authority != start.Authority) continue;
                if (skip?.Contains(target.AbsolutePath) == true) continue;
                if (seen.Add(target.PathAndQuery)) queue.Enqueue(target.PathAndQuery);
            }
        }

        return pages;
    }

    [GeneratedRegex("(?:href|src)\\s*=\\s*[\"'](?<url>[^\"'#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
