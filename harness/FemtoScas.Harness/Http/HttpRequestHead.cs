using System.Text;

namespace FemtoScas.Harness.Http;

/// <summary>
/// The head of an HTTP/1.x request from a peer (RFC 9112 2-3, 6): method, target, version, the body
/// length it states and whether it wants the connection kept. Read leniently, never throwing: a head
/// this reader cannot use comes back with <see cref="Problem"/> set and the HTTP status to answer.
/// </summary>
public sealed record HttpRequestHead(string Method, string Target, string Version, long? ContentLength, bool Chunked, bool KeepAlive, string? ContentType)
{
    /// <summary>Set when the head is unusable; <see cref="Status"/> is then the status to answer with.</summary>
    public string? Problem { get; init; }
    public int Status { get; init; } = 200;

    /// <summary>Longest head accepted: request line and headers together.</summary>
    public const int MaxHead = 8 * 1024;

    private const int MaxHeaders = 64;

    /// <summary>The offset just past the empty line that ends a head in <paramref name="buffer"/>, or -1.</summary>
    public static int EndOf(ReadOnlySpan<byte> buffer) => buffer.IndexOf("\r\n\r\n"u8) is var i and >= 0 ? i + 4 : -1;

    public static HttpRequestHead Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length > MaxHead)
            return Bad($"the request head is longer than {MaxHead} octets", 431);
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        if (lines.Length == 0 || lines[0].Split(' ') is not [var method, var target, var version])
            return Bad("the request line is not 'METHOD TARGET VERSION'", 400);
        if (version is not ("HTTP/1.0" or "HTTP/1.1"))
            return Bad($"version '{Printable(version)}' is not HTTP/1.0 or HTTP/1.1", 505);
        long? length = null;
        bool chunked = false, closeAsked = false, keepAliveAsked = false;
        string? contentType = null;
        var count = 0;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            if (++count > MaxHeaders) return Bad($"more than {MaxHeaders} header fields", 431);
            var colon = line.IndexOf(':');
            if (colon <= 0) return Bad($"header line without a name: '{Printable(line)}'", 400);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || (length is { } earlier && earlier != n))
                    return Bad($"Content-Length '{Printable(value)}' is not one decimal number", 400);
                length = n;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                chunked = true;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Contains("close", StringComparison.OrdinalIgnoreCase)) closeAsked = true;
                if (value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)) keepAliveAsked = true;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                contentType = value;
        }
        // RFC 9112 9.3: HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked.
        var keepAlive = !closeAsked && (version == "HTTP/1.1" || keepAliveAsked);
        return new HttpRequestHead(method, target, version, length, chunked, keepAlive, contentType);
    }

    private static HttpRequestHead Bad(string why, int status) => new("", "", "", null, false, false, null) { Problem = why, Status = status };

    private static string Printable(string s) =>
        new([.. s.Take(80).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
