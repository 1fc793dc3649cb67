using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FemtoScas.Harness.Evidence;

/// <summary>Appends journal entries, one line each, flushed to disk before returning.</summary>
public sealed class RunJournalWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly Lock gate = new();

    public RunJournalWriter(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    public void Append(JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, JournalJson.Options) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (gate)
        {
            stream.Write(bytes);
            // A SIGKILL right after this must not lose the entry: flush through the OS cache.
            stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => stream.Dispose();
}

/// <summary>What a journal holds, read back leniently: a torn last line is reported, not fatal.</summary>
public sealed record RunJournal(
    RunStarted Start,
    IReadOnlyList<TestFinished> Tests,
    RunFinished? Finish,
    IReadOnlyList<string> Problems)
{
    /// <summary>Line numbers (1-based) of entries that could not be read and were skipped; a comparison refuses such a journal.</summary>
    public IReadOnlyList<int> UnreadableLines { get; init; } = [];

    public static RunJournal Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"no run journal at {path}", path);
        RunStarted? start = null;
        RunFinished? finish = null;
        var tests = new List<TestFinished>();
        var problems = new List<string>();
        var unreadable = new List<int>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line, JournalJson.Options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                problems.Add($"{System.IO.Path.GetFileName(path)} line {lineNo}: unreadable entry skipped ({ex.Message})");
                unreadable.Add(lineNo);
                continue;
            }
            switch (entry)
            {
                case RunStarted s when start is null: start = s; break;
                case RunStarted: problems.Add($"line {lineNo}: a second run-started entry was ignored"); break;
                case TestFinished t: tests.Add(t); break;
                case RunFinished f: finish = f; break;
            }
        }
        if (start is null)
            throw new InvalidDataException($"{path}: the journal has no readable run-started entry, so no report can be built from it");
        if (start.Schema != JournalSchema.Version)
            problems.Add($"journal schema is '{start.Schema}', this FemtoScas reads '{JournalSchema.Version}'");
        if (finish is null)
            problems.Add("the run did not finish (no run-finished entry): the report shows only the test cases decided before it stopped");
        return new RunJournal(start, tests, finish, problems) { UnreadableLines = unreadable };
    }
}

public static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
