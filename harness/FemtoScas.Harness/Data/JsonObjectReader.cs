using System.Text.Json;

namespace FemtoScas.Harness.Data;

/// <summary>
/// Reads one JSON object of a human-edited file field by field. Every field it is asked for
/// is remembered; <see cref="RejectUnknown"/> then names any field nobody asked for, which is
/// how a misspelt field ("adress") stops a run at start instead of being silently ignored.
/// </summary>
public sealed class JsonObjectReader
{
    private readonly JsonElement element;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public JsonObjectReader(string file, string path, JsonElement element)
    {
        File = file;
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            // The document itself has no field name: say so rather than field '' (found by the loader fuzz targets).
            throw new DataFileException(file, path.Length == 0 ? "(top level)" : path, $"expected an object, found {element.ValueKind.ToString().ToLowerInvariant()}");
        this.element = element;
    }

    public string File { get; }
    public string Path { get; }

    /// <summary>
    /// Parses a data file and checks every name and string in it once, so later field reads cannot
    /// fail on them: a lone surrogate escape such as <c>\ud800</c> is valid JSON syntax but no
    /// UTF-16 text (RFC 8259 8.2), and a NUL character is no part of any name, path or text a
    /// lab file holds (and the file system refuses it in a path).
    /// </summary>
    public static JsonDocument Parse(string file, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            throw new DataFileException(file, "(syntax)",
                $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}", ex);
        }

        try
        {
            if (FirstUndecodableText(doc.RootElement) is { } bad)
                throw new DataFileException(file, bad.Path, $"is not valid text ({UndecodableText.Why}): {Shorten(bad.Raw)}");
            CheckText(file, "", doc.RootElement);
        }
        catch
        {
            doc.Dispose();
            throw;
        }
        return doc;
    }

    /// <summary>
    /// Reads a data file's text; a path that cannot be read (missing, a folder, no permission, a
    /// NUL or other character the file system refuses) is a <see cref="DataFileException"/>.
    /// </summary>
    public static string ReadText(string file, string what) => Read(file, what, System.IO.File.ReadAllText);

    /// <summary>As <see cref="ReadText"/>, the file's octets (for a file whose digest is recorded).</summary>
    public static byte[] ReadBytes(string file, string what) => Read(file, what, System.IO.File.ReadAllBytes);

    private static T Read<T>(string file, string what, Func<string, T> read)
    {
        var shown = file.Replace("\0", "\\u0000", StringComparison.Ordinal);
        try
        {
            if (Directory.Exists(file)) throw new DataFileException(shown, "(file)", $"cannot read {what}: it is a folder, not a file");
            return read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            throw new DataFileException(shown, "(file)", $"cannot read {what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The first name or string in <paramref name="element"/> that holds no UTF-16 text, with its
    /// path and raw JSON; null when every one decodes. A lone surrogate escape such as <c>\ud800</c>
    /// is valid JSON syntax but no text (RFC 8259 8.2), and a document parsed from octets may hold
    /// octets that are not UTF-8 inside a string: <see cref="JsonElement.GetString"/> throws on both.
    /// Never throws itself, so a reader of a tool's output reports it as a problem and a lab file as
    /// a <see cref="DataFileException"/>. A name that cannot be decoded is named by its neighbour,
    /// which the reader can find; a document that is one string by "(top level)".
    /// </summary>
    public static UndecodableText? FirstUndecodableText(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                string? previous = null;
                foreach (var p in element.EnumerateObject())
                {
                    if (Decodes(() => p.Name) is not { } name)
                        return new(Join(path, previous is null ? "(first field)" : $"(field after '{previous}')"), Decodes(p.ToString) ?? NotText);
                    if (FirstUndecodableText(p.Value, Join(path, Label(name))) is { } inner) return inner;
                    previous = name;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (FirstUndecodableText(item, $"{path}[{i++}]") is { } inner) return inner;
                return null;
            case JsonValueKind.String:
                return Decodes(() => element.GetString()!) is null ? new(path.Length == 0 ? "(top level)" : path, Decodes(element.GetRawText) ?? NotText) : null;
            default:
                return null;
        }
    }

    /// <summary>What a raw value is shown as when it cannot be shown (octets that are not UTF-8).</summary>
    private const string NotText = "(octets that are not UTF-8)";

    private static string? Decodes(Func<string> read)
    {
        try { return read(); }
        catch (InvalidOperationException) { return null; }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>A field may be named "" (valid JSON): an error still needs a name to point at.</summary>
    private static string Label(string name) => name.Length == 0 ? "(empty name)" : name;

    /// <summary>After <see cref="FirstUndecodableText"/>: every name is said once, and no name or string holds a NUL.</summary>
    private static void CheckText(string file, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                string? previous = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                {
                    var name = p.Name;
                    NoNul(file, Join(path, previous is null ? "(first field)" : $"(field after '{previous}')"), name, p.ToString);
                    var at = Join(path, Label(name));
                    // RFC 8259 leaves a repeated name's meaning open: which value counts would be the
                    // reader's accident (found by the expected-results fuzz target: a map read as a
                    // dictionary threw on the second key).
                    if (!seen.Add(name))
                        throw new DataFileException(file, at, "appears twice in the same object: say each field once");
                    CheckText(file, at, p.Value);
                    previous = name;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) CheckText(file, $"{path}[{i++}]", item);
                break;
            case JsonValueKind.String:
                // A document that is one string has no field name either (found by the ike-fuzz-reproducer target).
                NoNul(file, path.Length == 0 ? "(top level)" : path, element.GetString()!, element.GetRawText);
                break;
        }
    }

    /// <summary><paramref name="raw"/> is only rendered for the error: a property's raw text holds its whole value.</summary>
    private static void NoNul(string file, string field, string text, Func<string> raw)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
            throw new DataFileException(file, field, $"contains a NUL character (\\u0000): {Shorten(raw())}");
    }

    private static string Shorten(string raw) => raw.Length <= 60 ? raw : raw[..60] + "...";

    public string FieldPath(string name) => Path.Length == 0 ? name : Path + "." + name;

    public bool Has(string name)
    {
        known.Add(name);
        return element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;
    }

    private JsonElement Get(string name, JsonValueKind kind, string kindName)
    {
        known.Add(name);
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            // A required field that is absent is most often a misspelt one: name the field the
            // user actually wrote, as RejectUnknown would have.
            var near = element.EnumerateObject().Select(p => p.Name)
                .FirstOrDefault(p => p != name && !known.Contains(p) && Distance(p, name) <= 2);
            if (near is not null)
                throw new DataFileException(File, FieldPath(near), $"unknown field (did you mean '{name}'?); '{name}' is required");
            throw new DataFileException(File, FieldPath(name), "is required but missing");
        }
        if (v.ValueKind != kind && !(kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False))
            throw new DataFileException(File, FieldPath(name), $"expected {kindName}, found {v.ValueKind.ToString().ToLowerInvariant()}");
        return v;
    }

    public string String(string name)
    {
        var s = Get(name, JsonValueKind.String, "a string").GetString()!;
        if (string.IsNullOrWhiteSpace(s))
            throw new DataFileException(File, FieldPath(name), "must not be empty");
        return s;
    }

    public string? OptionalString(string name) => Has(name) ? String(name) : null;

    public bool Bool(string name) => Get(name, JsonValueKind.True, "true or false").GetBoolean();

    public bool OptionalBool(string name, bool fallback) => Has(name) ? Bool(name) : fallback;

    public int Int(string name, int min, int max)
    {
        var v = Get(name, JsonValueKind.Number, "a number");
        if (!v.TryGetInt32(out var i) || i < min || i > max)
            throw new DataFileException(File, FieldPath(name), $"must be a whole number from {min} to {max}, found {v.GetRawText()}");
        return i;
    }

    public int OptionalInt(string name, int min, int max, int fallback) => Has(name) ? Int(name, min, max) : fallback;

    public IReadOnlyList<string> Strings(string name)
    {
        var v = Get(name, JsonValueKind.Array, "a list");
        var list = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                throw new DataFileException(File, $"{FieldPath(name)}[{i}]", "expected a non-empty string");
            list.Add(item.GetString()!);
            i++;
        }
        return list;
    }

    public IReadOnlyList<int> Ints(string name, int min, int max)
    {
        var v = Get(name, JsonValueKind.Array, "a list");
        var list = new List<int>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var n) || n < min || n > max)
                throw new DataFileException(File, $"{FieldPath(name)}[{i}]", $"expected a whole number from {min} to {max}");
            list.Add(n);
            i++;
        }
        return list;
    }

    public IReadOnlyList<string> OptionalStrings(string name) => Has(name) ? Strings(name) : [];

    public JsonObjectReader Object(string name) => new(File, FieldPath(name), Get(name, JsonValueKind.Object, "an object"));

    public JsonObjectReader? OptionalObject(string name) => Has(name) ? Object(name) : null;

    public IEnumerable<JsonObjectReader> Objects(string name)
    {
        var v = Get(name, JsonValueKind.Array, "a list");
        var i = 0;
        foreach (var item in v.EnumerateArray())
            yield return new JsonObjectReader(File, $"{FieldPath(name)}[{i++}]", item);
    }

    /// <summary>A field that must be an object, as a mutable copy (for overlays merged into another file before that file's own reader checks them).</summary>
    public System.Text.Json.Nodes.JsonObject RawObject(string name) =>
        System.Text.Json.Nodes.JsonObject.Create(Get(name, JsonValueKind.Object, "an object"))!.DeepClone().AsObject();

    /// <summary>The names of all fields present (for maps whose keys are data, e.g. PICS).</summary>
    public IEnumerable<string> FieldNames() => element.EnumerateObject().Select(p => p.Name);

    public T Enum<T>(string name, IReadOnlyDictionary<string, T> names)
    {
        var s = String(name);
        if (!names.TryGetValue(s, out var value))
            throw new DataFileException(File, FieldPath(name), $"'{s}' is not one of: {string.Join(", ", names.Keys)}");
        return value;
    }

    /// <summary>Fails on the first field that no reader asked for: usually a misspelling.</summary>
    public void RejectUnknown()
    {
        foreach (var p in element.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                var hint = known.OrderBy(k => Distance(k, p.Name)).FirstOrDefault();
                var suggestion = hint is not null && Distance(hint, p.Name) <= 3 ? $" (did you mean '{hint}'?)" : "";
                throw new DataFileException(File, FieldPath(p.Name), $"unknown field{suggestion}; known fields here: {string.Join(", ", known.Order())}");
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1),
                    d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }
}

/// <summary>A JSON name or string that holds no text (<see cref="JsonObjectReader.FirstUndecodableText"/>): where, and its raw JSON.</summary>
public sealed record UndecodableText(string Path, string Raw)
{
    public const string Why = "not UTF-8, or a lone UTF-16 surrogate escape";

    /// <summary>The problem a reader of a tool's output reports.</summary>
    public string Problem => $"the string at {Path} is no valid text ({Why})";
}
