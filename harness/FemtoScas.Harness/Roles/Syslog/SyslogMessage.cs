using System.Globalization;
using System.Text;

namespace FemtoScas.Harness.Roles.Syslog;

/// <summary>One SD-ELEMENT of an RFC 5424 message: its SD-ID and SD-PARAMs (names and unescaped values).</summary>
public sealed record SyslogElement(string Id, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>
/// One syslog message as a DUT sent it: RFC 5424 (PRI, version 1, timestamp, host, app-name,
/// procid, msgid, structured data, message) or, when the version is not 1, the older BSD form of
/// RFC 3164 (PRI, "Mmm dd hh:mm:ss" taken as UTC in the receiving year, the rest as text). A hostile
/// reader: at most <see cref="MaxOctets"/> octets, 32 elements of 64 parameters, every field bounded;
/// anything else is a problem string, never an exception.
/// </summary>
public sealed record SyslogMessage(int Facility, int Severity, DateTimeOffset? Timestamp, string? Host, string? AppName, string? ProcId, string? MsgId,
    IReadOnlyList<SyslogElement> Data, string Text, bool Rfc5424)
{
    /// <summary>The largest message read (RFC 5424 6.1 asks receivers to take 2048 octets; 8 KiB leaves room).</summary>
    public const int MaxOctets = 8192;

    /// <summary>Header fields, structured data values and the message text in one string, for searching what a message records.</summary>
    public string Searchable => string.Join(' ', new[] { Host, AppName, ProcId, MsgId }.OfType<string>()
        .Concat(Data.SelectMany(e => e.Parameters.Select(p => $"{p.Key}={p.Value}"))).Append(Text));

    /// <summary>Reads one datagram's octets; null with <paramref name="problem"/> when they are no syslog message.</summary>
    public static SyslogMessage? Parse(ReadOnlySpan<byte> octets, DateTimeOffset receivedAt, out string? problem)
    {
        problem = null;
        if (octets.Length == 0) { problem = "empty datagram"; return null; }
        if (octets.Length > MaxOctets) { problem = $"{octets.Length} octets, more than the {MaxOctets} read"; return null; }
        var text = new UTF8Encoding(false, false).GetString(octets);
        if (text.Length < 3 || text[0] != '<') { problem = "does not start with '<PRI>'"; return null; }
        var close = text.IndexOf('>', 1);
        if (close is < 2 or > 4 || !int.TryParse(text.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pri) || pri > 191 || (close > 2 && text[1] == '0'))
        { problem = "PRI is not 1 to 3 digits between 0 and 191 (RFC 5424 6.2.1)"; return null; }
        var rest = text[(close + 1)..];
        return rest.StartsWith("1 ", StringComparison.Ordinal)
            ? Parse5424(pri, rest[2..], out problem)
            : Parse3164(pri, rest, receivedAt);
    }

    private static SyslogMessage? Parse5424(int pri, string s, out string? problem)
    {
        problem = null;
        var pos = 0;
        string? Field(int max, string name, ref string? why)
        {
            if (why is not null) return null;
            var end = s.IndexOf(' ', pos);
            if (end < 0) { why = $"the header ends before {name} (RFC 5424 6.2)"; return null; }
            var value = s[pos..end];
            pos = end + 1;
            if (value.Length == 0 || value.Length > max || value.Any(c => c < '!' || c > '~')) { why = $"{name} is not 1 to {max} printable ASCII characters"; return null; }
            return value == "-" ? null : value;
        }
        string? why = null;
        var stamp = Field(64, "TIMESTAMP", ref why);
        var host = Field(255, "HOSTNAME", ref why);
        var app = Field(48, "APP-NAME", ref why);
        var proc = Field(128, "PROCID", ref why);
        var msgId = Field(32, "MSGID", ref why);
        if (why is not null) { problem = why; return null; }
        DateTimeOffset? timestamp = null;
        if (stamp is not null)
        {
            if (!DateTimeOffset.TryParseExact(stamp, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            { problem = $"TIMESTAMP '{Printable(stamp, 40)}' is not an RFC 3339 time (RFC 5424 6.2.3)"; return null; }
            timestamp = t;
        }
        var data = new List<SyslogElement>();
        if (pos < s.Length && s[pos] == '-') pos++;
        else
        {
            while (pos < s.Length && s[pos] == '[')
            {
                if (data.Count == 32) { problem = "more than 32 SD-ELEMENTs"; return null; }
                var element = Element(s, ref pos, out problem);
                if (element is null) return null;
                data.Add(element);
            }
            if (data.Count == 0) { problem = "STRUCTURED-DATA is neither '-' nor an SD-ELEMENT (RFC 5424 6.3)"; return null; }
        }
        if (pos < s.Length && s[pos] != ' ') { problem = "no space after STRUCTURED-DATA"; return null; }
        var message = pos < s.Length ? s[(pos + 1)..] : "";
        if (message.StartsWith('\uFEFF')) message = message[1..];
        return new SyslogMessage(pri / 8, pri % 8, timestamp, host, app, proc, msgId, data, message, true);
    }

    private static SyslogElement? Element(string s, ref int pos, out string? problem)
    {
        problem = null;
        pos++; // '['
        var idEnd = pos;
        while (idEnd < s.Length && s[idEnd] is not (' ' or ']')) idEnd++;
        var id = s[pos..idEnd];
        if (id.Length is 0 or > 32 || idEnd >= s.Length || id.Any(c => c < '!' || c > '~' || c is '=' or '"')) { problem = "an SD-ID is not 1 to 32 printable characters"; return null; }
        pos = idEnd;
        var parameters = new List<KeyValuePair<string, string>>();
        while (pos < s.Length && s[pos] == ' ')
        {
            if (parameters.Count == 64) { problem = $"SD-ELEMENT '{id}' has more than 64 parameters"; return null; }
            pos++;
            var eq = s.IndexOf('=', pos);
            if (eq < 0 || eq - pos is 0 or > 32 || eq + 1 >= s.Length || s[eq + 1] != '"') { problem = $"a parameter of '{id}' is not name=\"value\""; return null; }
            var name = s[pos..eq];
            var value = new StringBuilder();
            pos = eq + 2;
            while (true)
            {
                if (pos >= s.Length) { problem = $"the value of '{id}' {Printable(name, 32)} is not closed"; return null; }
                var c = s[pos++];
                if (c == '"') break;
                if (c == '\\' && pos < s.Length && s[pos] is '"' or '\\' or ']') c = s[pos++];
                value.Append(c);
            }
            parameters.Add(new(name, value.ToString()));
        }
        if (pos >= s.Length || s[pos] != ']') { problem = $"SD-ELEMENT '{Printable(id, 32)}' is not closed with ']'"; return null; }
        pos++;
        return new SyslogElement(id, parameters);
    }

    private static SyslogMessage Parse3164(int pri, string s, DateTimeOffset receivedAt)
    {
        DateTimeOffset? timestamp = null;
        if (s.Length >= 15 && DateTime.TryParseExact(s[..15], ["MMM d HH:mm:ss", "MMM dd HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AllowInnerWhite | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            timestamp = new DateTimeOffset(receivedAt.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);
            s = s[15..].TrimStart();
        }
        return new SyslogMessage(pri / 8, pri % 8, timestamp, null, null, null, null, [], s, false);
    }

    /// <summary>Text fit for a report line: control characters as '.', at most <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max)
    {
        var cut = text.Length > max ? text[..max] + "…" : text;
        return new string([.. cut.Select(c => char.IsControl(c) ? '.' : c)]);
    }
}
