namespace FemtoScas.Harness.Http;

/// <summary>
/// One Set-Cookie field (RFC 6265 4.1): the cookie's name and value and the attributes the GUI
/// cases judge (Secure, HttpOnly, SameSite, Max-Age). Lenient: unknown attributes are kept by name.
/// </summary>
public sealed record SetCookie(string Name, string Value, IReadOnlyList<string> Attributes)
{
    public bool Secure => Has("Secure");
    public bool HttpOnly => Has("HttpOnly");
    public bool Has(string attribute) => Attributes.Any(a => a.Split('=')[0].Trim().Equals(attribute, StringComparison.OrdinalIgnoreCase));

    public static SetCookie? Parse(string field)
    {
        var parts = field.Split(';');
        var eq = parts[0].IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return null;
        return new SetCookie(parts[0][..eq].Trim(), parts[0][(eq + 1)..].Trim().Trim('"'), [.. parts.Skip(1).Select(p => p.Trim()).Where(p => p.Length > 0).Take(50)]);
    }

    /// <summary>The field with its value replaced by its length, for logs.</summary>
    public static string Redact(string field) => Parse(field) is { } c
        ? $"{HttpResponseReader.Printable(c.Name, 64)}=<redacted {c.Value.Length} chars>" + string.Concat(c.Attributes.Select(a => "; " + HttpResponseReader.Printable(a, 80)))
        : "<unparsed, redacted>";

    /// <summary>A Cookie request field (name=value; ...) with every value redacted.</summary>
    public static string RedactPairs(string cookie) =>
        string.Join("; ", cookie.Split(';').Select(p => p.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
            ? $"{HttpResponseReader.Printable(p[..eq].Trim(), 64)}=<redacted {p.Length - eq - 1} chars>" : "<redacted>"));
}
