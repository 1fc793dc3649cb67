using System.Globalization;
using System.Text;

namespace FemtoScas.Harness.Http;

/// <summary>One HTTP/1.x response as read from a DUT: status, headers in order, body (possibly cut at the bound).</summary>
public sealed record HttpResponse(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, bool BodyTruncated)
{
    public IEnumerable<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => All(name).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>What the reader made of the octets: a response, or the problem with the offset it was found at.</summary>
public sealed record HttpReading(HttpResponse? Response, string? Problem, int Offset);

/// <summary>
/// Reads an HTTP/1.1 response (RFC 9112) from octets a DUT sent: status line, header fields, then a
/// body delimited by Content-Length, chunked transfer coding, or the end of the connection. Hostile
/// input: the head is bounded (<see cref="MaxHead"/>, <see cref="MaxHeaders"/>), the body is cut at
/// the caller's bound and never sized by the peer's numbers; every defect is a problem with an offset.
/// </summary>
public static class HttpResponseReader
{
    public const int MaxHead = 32 * 1024;
    public const int MaxHeaders = 100;

    /// <param name="octets">Everything read from the connection (itself bounded by the caller).</param>
    /// <param name="maxBody">Body octets kept; more is cut and flagged.</param>
    /// <param name="complete">True when the peer closed the connection (a body to close is then whole).</param>
    public static HttpReading Read(ReadOnlySpan<byte> octets, int maxBody, bool complete = true)
    {
        var headEnd = IndexOf(octets, "\r\n\r\n"u8, MaxHead);
        if (headEnd < 0)
            return new HttpReading(null, octets.Length >= MaxHead ? $"no end of header section within {MaxHead} octets" : "no end of header section", Math.Min(octets.Length, MaxHead));
        var head = Encoding.Latin1.GetString(octets[..headEnd]);
        var lines = head.Split("\r\n");
        var status = lines[0];
        if (!status.StartsWith("HTTP/1.", StringComparison.Ordinal) || status.Length < 12 || status[8] != ' '
            || !int.TryParse(status.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100
            || (status.Length > 12 && status[12] != ' '))
            return new HttpReading(null, $"not an HTTP/1.x status line: '{Printable(status, 60)}'", 0);
        var reason = status.Length > 13 ? status[13..] : "";
        if (lines.Length - 1 > MaxHeaders) return new HttpReading(null, $"more than {MaxHeaders} header fields", 0);
        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        var offset = lines[0].Length + 2;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(ch => ch <= ' ' || ch >= 0x7f))
                return new HttpReading(null, $"malformed header field '{Printable(line, 60)}'", offset);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
            offset += line.Length + 2;
        }

        var rest = octets[(headEnd + 4)..];
        var response = new HttpResponse(code, reason, headers, [], false);
        var te = response.Header("Transfer-Encoding");
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var (body, truncated, problem, at) = Dechunk(rest, maxBody);
            return problem is null ? new HttpReading(response with { Body = body, BodyTruncated = truncated }, null, 0)
                : new HttpReading(response with { Body = body, BodyTruncated = true }, problem, headEnd + 4 + at);
        }
        if (response.Header("Content-Length") is { } cl)
        {
            if (!long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                return new HttpReading(null, $"Content-Length '{Printable(cl, 30)}' is not a number", headEnd);
            var have = (int)Math.Min(rest.Length, Math.Min(length, maxBody));
            var cut = length > maxBody;
            return new HttpReading(response with { Body = rest[..have].ToArray(), BodyTruncated = cut || have < length }, !cut && have < length && complete ? $"body ends after {have} of {length} octets" : null, headEnd + 4 + have);
        }
        var kept = Math.Min(rest.Length, maxBody);
        return new HttpReading(response with { Body = rest[..kept].ToArray(), BodyTruncated = rest.Length > maxBody || !complete }, null, 0);
    }

    private static (byte[] Body, bool Truncated, string? Problem, int Offset) Dechunk(ReadOnlySpan<byte> data, int maxBody)
    {
        var body = new List<byte>();
        var at = 0;
        for (var chunks = 0; chunks < 10_000; chunks++)
        {
            var eol = IndexOf(data[at..], "\r\n"u8, 64);
            if (eol < 0) return ([.. body], true, "chunk size line missing or longer than 64 octets", at);
            var sizeText = Encoding.Latin1.GetString(data.Slice(at, eol)).Split(';')[0].Trim();
            if (sizeText.Length is 0 or > 8 || !int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                return ([.. body], true, $"chunk size '{Printable(sizeText, 20)}' is not hexadecimal (at most 8 digits)", at);
            at += eol + 2;
            if (size == 0) return ([.. body], false, null, at);
            var have = Math.Min(size, data.Length - at);
            var keep = Math.Min(have, maxBody - body.Count);
            if (keep > 0) body.AddRange(data.Slice(at, keep).ToArray());
            if (have < size) return ([.. body], true, $"chunk of {size} octets ends after {have}", at + have);
            if (body.Count >= maxBody) return ([.. body], true, null, at);
            at += size;
            if (data.Length - at < 2 || data[at] != '\r' || data[at + 1] != '\n') return ([.. body], true, "chunk not followed by CRLF", at);
            at += 2;
        }
        return ([.. body], true, "more than 10000 chunks", at);
    }

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> what, int within)
    {
        var i = data[..Math.Min(data.Length, within + what.Length)].IndexOf(what);
        return i;
    }

    /// <summary>Printable ASCII only, for messages: a DUT's octets never reach evidence raw.</summary>
    public static string Printable(string text, int max)
    {
        var s = new StringBuilder(Math.Min(text.Length, max));
        foreach (var ch in text.Take(max)) s.Append(ch is >= ' ' and < (char)0x7f ? ch : '.');
        return text.Length > max ? s + "..." : s.ToString();
    }
}
