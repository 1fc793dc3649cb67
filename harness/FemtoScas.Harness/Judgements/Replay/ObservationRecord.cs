using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Harness.Judgements.Replay;

/// <summary>
/// The stored input of one case's judgement: <c>observations.json</c> in the case's evidence folder,
/// <c>{"schema": "femtoscas.observations/1", "judge": NAME, "input": {...}}</c>. A case whose decision is
/// a pure function of what it observed writes this file and then decides from the file it wrote
/// (<see cref="ReplayJudges.Decide"/>), so the live verdict and an offline re-judgement run the same
/// code on the same input, and a record that leaves out anything the judgement needs fails the live
/// run rather than a reviewer years later. The file is hashed with the rest of the evidence.
/// </summary>
public static class ObservationRecord
{
    public const string Schema = "femtoscas.observations/1";
    public const string FileName = "observations.json";
    public const string Kind = "observations";

    /// <summary>Largest record read (a 65 535-port scan with every port open is about 5 MB).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>Writes the record into <paramref name="evidence"/> (masked for secrets like every attachment); returns its path.</summary>
    public static string Write(TestEvidence evidence, string judge, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var record = new JsonObject { ["schema"] = Schema, ["judge"] = judge, ["input"] = input };
        return evidence.AttachText(FileName, Kind, $"the observations the judgement '{judge}' decided from (femtoscas rejudge replays them)",
            record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Reads a record strictly: wrong schema, a missing judge or input, a file too large or not JSON is a
    /// <see cref="DataFileException"/> naming the file and field. The caller disposes the document.
    /// </summary>
    public static (string Judge, JsonObjectReader Input, JsonDocument Document) Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DataFileException(path, "(file)", "missing");
        if (info.Length > MaxBytes) throw new DataFileException(path, "(file)", $"{info.Length} bytes, more than the {MaxBytes} an observation record may hold");
        var document = JsonObjectReader.Parse(path, Encoding.UTF8.GetString(JsonObjectReader.ReadBytes(path, "observation record")));
        try
        {
            var top = new JsonObjectReader(path, "", document.RootElement);
            var schema = top.String("schema");
            if (schema != Schema) throw new DataFileException(path, "schema", $"'{schema}' is not {Schema}");
            var judge = top.String("judge");
            var input = top.Object("input");
            top.RejectUnknown();
            return (judge, input, document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>"1-21,23,25-79": consecutive ports as ranges, so a 65 535-port scan stays a short line.</summary>
    public static string Ranges(IEnumerable<int> ports)
    {
        var sorted = ports.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? sorted[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>A text field that may be absent or empty (a scan with no closed port, a tunnel with no failure), which <see cref="JsonObjectReader.String"/> refuses.</summary>
    internal static string OptionalText(JsonObjectReader r, string name)
    {
        if (!r.Has(name)) return "";
        try { return r.String(name); }
        catch (DataFileException e) when (e.Problem == "must not be empty") { return ""; }
    }
}
