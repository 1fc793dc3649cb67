using System.Text.RegularExpressions;
using FemtoScas.Harness.Http;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The unpredictability measure of TS 33.117 4.2.5.3 over a bounded sample of session identifiers
/// from consecutive logins. Each identifier is read as bits by its alphabet (hex: 4 bits a character,
/// base64/base64url: 6, anything else: 8). Thresholds: all distinct; at least 128 bits long; between
/// consecutive identifiers on average at least 35 % of the bits differ (independent random
/// identifiers differ in 50 %, a counter or a clock in a few); and at most 10 % of the character
/// positions are the same in every sample (a fixed prefix or a slowly moving field).
/// </summary>
public static partial class SessionIdRandomness
{
    public const int MinBits = 128;
    public const double MinChangedFraction = 0.35;
    public const double MaxConstantPositions = 0.10;

    public sealed record Measure(int Samples, int Distinct, int Bits, double ChangedFraction, int ConstantPositions, int Length, string Alphabet)
    {
        public override string ToString() =>
            $"{Samples} identifiers, {Distinct} distinct, {Bits} bits ({Length} {Alphabet} characters), {ChangedFraction:P0} of the bits change between consecutive ones, {ConstantPositions} of {Length} positions constant";
    }

    public static Measure Of(IReadOnlyList<string> ids)
    {
        var alphabet = ids.All(i => HexOnly().IsMatch(i)) ? ("hex", 4) : ids.All(i => Base64Only().IsMatch(i)) ? ("base64", 6) : ("octets", 8);
        var length = ids.Count == 0 ? 0 : ids.Min(i => i.Length);
        var changed = new List<double>();
        for (var k = 1; k < ids.Count; k++)
        {
            var (a, b) = (Bits(ids[k - 1], alphabet.Item2), Bits(ids[k], alphabet.Item2));
            var n = Math.Min(a.Length, b.Length);
            if (n > 0) changed.Add(Enumerable.Range(0, n).Count(i => a[i] != b[i]) / (double)n);
        }
        var constant = ids.Count < 2 ? length : Enumerable.Range(0, length).Count(p => ids.All(i => i[p] == ids[0][p]));
        return new Measure(ids.Count, ids.Distinct(StringComparer.Ordinal).Count(), length * alphabet.Item2, changed.Count == 0 ? 0 : changed.Average(), constant, length, alphabet.Item1);
    }

    /// <summary>Null when the sample meets every threshold, else what failed.</summary>
    public static string? Defect(Measure m)
    {
        if (m.Samples < 2) return $"only {m.Samples} identifier(s) sampled";
        if (m.Distinct < m.Samples) return $"only {m.Distinct} of {m.Samples} identifiers are distinct";
        if (m.Bits < MinBits) return $"identifiers are {m.Bits} bits long, below {MinBits}";
        if (m.ChangedFraction < MinChangedFraction) return $"only {m.ChangedFraction:P0} of the bits change between consecutive identifiers (threshold {MinChangedFraction:P0}; random ones change 50 %)";
        if (m.ConstantPositions > MaxConstantPositions * m.Length) return $"{m.ConstantPositions} of {m.Length} character positions are the same in every identifier (threshold {MaxConstantPositions:P0})";
        return null;
    }

    private static bool[] Bits(string id, int perChar)
    {
        var bits = new bool[id.Length * perChar];
        for (var i = 0; i < id.Length; i++)
        {
            var v = perChar switch
            {
                4 => Convert.ToInt32(id[i].ToString(), 16),
                6 => B64.IndexOf(id[i], StringComparison.Ordinal) is var x and >= 0 ? x : B64Url.IndexOf(id[i], StringComparison.Ordinal) & 63,
                _ => id[i] & 0xff,
            };
            for (var b = 0; b < perChar; b++) bits[i * perChar + b] = ((v >> (perChar - 1 - b)) & 1) == 1;
        }
        return bits;
    }

    private const string B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string B64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex HexOnly();

    [GeneratedRegex("^[A-Za-z0-9+/_=-]+$")]
    private static partial Regex Base64Only();
}

/// <summary>What a black box can see of the web server's identity, listings and files (TS 33.117 4.3.4.10-4.3.4.14).</summary>
public static partial class WebServerDisclosure
{
    /// <summary>Headers that name a server, framework or module.</summary>
    public static readonly string[] IdentityHeaders = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator", "X-Runtime", "X-Version", "Via"];

    /// <summary>Header fields that disclose the server or its version: Server/Via only when they carry a version, the others whenever present.</summary>
    public static IEnumerable<string> InHeaders(HttpResponse r) =>
        IdentityHeaders.SelectMany(name => r.All(name).Where(v => name is not ("Server" or "Via") || ProductVersion().IsMatch(v) || KnownServer().IsMatch(v))
            .Select(v => $"{name}: {HttpResponseReader.Printable(v, 80)}"));

    /// <summary>A product/version token or a known server name in an error page, or null.</summary>
    public static string? InBody(string body) =>
        ProductVersion().Match(body) is { Success: true } m ? m.Value : KnownServer().Match(body) is { Success: true } k ? k.Value : null;

    public static bool LooksLikeListing(string body) => Listing().IsMatch(body);

    /// <summary>The marker of a file read outside the web root (a Unix passwd line, a Windows ini), or null.</summary>
    public static string? FileMarker(string body) => SystemFile().Match(body) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9_.-]{1,30}/v?\d+(\.\d+)+", RegexOptions.CultureInvariant)]
    private static partial Regex ProductVersion();

    [GeneratedRegex(@"\b(apache|nginx|lighttpd|boa|goahead|mini_httpd|thttpd|microsoft-iis|jetty|tomcat|kestrel|mongoose|civetweb|openssl|php)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownServer();

    [GeneratedRegex(@"<title>\s*(Index of|Directory listing for)|\[To Parent Directory\]|<h1>\s*Index of ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Listing();

    [GeneratedRegex(@"root:[^:\r\n]*:0:0:|\[boot loader\]|\[extensions\]", RegexOptions.CultureInvariant)]
    private static partial Regex SystemFile();
}
