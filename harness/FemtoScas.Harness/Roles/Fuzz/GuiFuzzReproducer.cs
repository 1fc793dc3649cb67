using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Roles.Gui;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// The GUI fuzz reproducer TS33117-4.4.4 saves (gui-fuzz-reproducer.txt): per request a description
/// line, then its method, target and header lines as JSON strings, exactly as sent. Read back it is
/// replayed by <c>femtoscas replay</c>. A lab file reader: at most 1 MiB and 1000 requests; anything
/// else is a <see cref="DataFileException"/> naming the file and the request.
/// </summary>
public static partial class GuiFuzzReproducer
{
    public const int MaxOctets = 1 << 20;
    public const int MaxRequests = 1000;

    /// <summary>The reproducer text of <paramref name="inputs"/>.</summary>
    public static string ToText(IEnumerable<GuiFuzzInput> inputs) =>
        string.Join("\n", inputs.Select(r => $"{r}\n  method: {JsonSerializer.Serialize(r.Method)}\n  target: {JsonSerializer.Serialize(r.Target)}\n  headers: {JsonSerializer.Serialize(r.Headers.Select(h => $"{h.Key}: {h.Value}"))}")) + "\n";

    public static IReadOnlyList<GuiFuzzInput> Load(string path)
    {
        var octets = JsonObjectReader.ReadBytes(path, "the GUI fuzz reproducer");
        if (octets.Length > MaxOctets) throw new DataFileException(path, "(file)", $"{octets.Length} octets, more than {MaxOctets}");
        return Parse(System.Text.Encoding.UTF8.GetString(octets), path);
    }

    [GeneratedRegex(@"^#(\d{1,6}) ([A-Za-z]{1,40}):", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Description();

    /// <summary>Reads reproducer text; <paramref name="file"/> names it in errors.</summary>
    public static IReadOnlyList<GuiFuzzInput> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxOctets) throw new DataFileException(file, "(file)", $"longer than {MaxOctets} characters");
        var lines = text.Split('\n');
        var inputs = new List<GuiFuzzInput>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var field = $"request {inputs.Count + 1} (line {i + 1})";
            if (inputs.Count == MaxRequests) throw new DataFileException(file, field, $"more than {MaxRequests} requests");
            var d = Description().Match(line);
            if (!d.Success) throw new DataFileException(file, field, "expected a description line '#<index> <mutation>: ...'");
            if (!Enum.TryParse<GuiMutation>(d.Groups[2].Value, ignoreCase: false, out var mutation) || !Enum.IsDefined(mutation))
                throw new DataFileException(file, field, $"'{d.Groups[2].Value}' is not a GUI mutation ({string.Join(", ", Enum.GetNames<GuiMutation>())})");
            var method = JsonField<string>(lines, ++i, "  method: ", file, field);
            var target = JsonField<string>(lines, ++i, "  target: ", file, field);
            var headerLines = JsonField<string[]>(lines, ++i, "  headers: ", file, field);
            if (headerLines.Length > 1000) throw new DataFileException(file, field, "more than 1000 header lines");
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var h in headerLines)
            {
                var colon = h?.IndexOf(": ", StringComparison.Ordinal) ?? -1;
                if (colon < 0) throw new DataFileException(file, field, "a header line is not 'name: value'");
                headers.Add(new(h![..colon], h[(colon + 2)..]));
            }
            inputs.Add(new GuiFuzzInput(int.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture), mutation, method, target, headers));
        }
        if (inputs.Count == 0) throw new DataFileException(file, "(file)", "holds no request");
        return inputs;
    }

    private static T JsonField<T>(string[] lines, int index, string prefix, string file, string field) where T : class
    {
        if (index >= lines.Length || !lines[index].StartsWith(prefix, StringComparison.Ordinal))
            throw new DataFileException(file, field, $"line {index + 1} should start with '{prefix.Trim()}'");
        try
        {
            return JsonSerializer.Deserialize<T>(lines[index][prefix.Length..].TrimEnd('\r')) ?? throw new DataFileException(file, field, $"{prefix.Trim()} is null");
        }
        catch (JsonException ex)
        {
            throw new DataFileException(file, field, $"{prefix.Trim()} is not a JSON {(typeof(T) == typeof(string) ? "string" : "array of strings")}: {ex.Message}");
        }
    }

    /// <summary>
    /// Sends <paramref name="inputs"/> to the GUI at <paramref name="gui"/>, one request per
    /// connection as the campaign did, with the login page as liveness before (control) and after.
    /// Reproduced: the page answered before and not after.
    /// </summary>
    public static async Task<(bool? Reproduced, string Detail, string Log)> ReplayAsync(IPEndPoint gui, string? hostName, string loginPath, IReadOnlyList<GuiFuzzInput> inputs,
        TimeSpan requestTimeout, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var client = new GuiHttpClient(gui, hostName, new GuiProbeBounds(inputs.Count + 2, requestTimeout, requestTimeout * (inputs.Count + 2)));
        var before = await client.SendAsync("GET", loginPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (before.Outcome != GuiExchangeOutcome.Answered)
            return (null, $"the login page did not answer before the replay ({before.Outcome}: {before.Detail})", client.LogText());
        foreach (var input in inputs)
        {
            var e = await client.SendAsync(input.Method, input.Target, extraHeaders: input.Headers, cancellationToken: cancellationToken).ConfigureAwait(false);
            progress?.Invoke($"  {input}: {e.Outcome}{(e.Response is null ? " " + e.Detail : " " + e.Status)}");
        }
        var after = await client.SendAsync("GET", loginPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        return after.Outcome == GuiExchangeOutcome.Answered
            ? (false, $"GET {loginPath} still answered {after.Status} after {inputs.Count} request(s)", client.LogText())
            : (true, $"GET {loginPath} answered before and not after {inputs.Count} request(s): {after.Outcome} ({after.Detail})", client.LogText());
    }
}
