using System.Text.Json;
using FemtoScas.Harness.Data;

namespace FemtoScas.SuiteSelfTests;

/// <summary>fixtures/expected/*.json: the verdict table each configuration of a reference DUT (SimFemto, the strongSwan stand-in) must produce.</summary>
/// <remarks>
/// <see cref="DutProfile"/> (optional, relative to the repository root) runs the configuration on
/// another profile than the file's top-level dutProfile, e.g. SimFemto with a non-default option
/// such as managementTransport 'tls' (fixtures/duts/simfemto-oam-tls.json); null: the default profile.
/// </remarks>
public sealed record ExpectedConfiguration(string Name, IReadOnlyList<string> Faults, IReadOnlyDictionary<string, string> Verdicts,
    IReadOnlyDictionary<string, string> ReasonContains, string? DutProfile = null)
{
    public const string Schema = "femtoscas.expected/2";

    public override string ToString() => Name;

    /// <summary>Where a run's compliance.json departs from this configuration's table: missing, different or unexpected verdicts, and reasons that do not name what they must.</summary>
    public IReadOnlyList<string> Differences(string complianceJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(complianceJson));
        var decided = doc.RootElement.GetProperty("results").EnumerateArray()
            // Decided by a test case: catalogue records no test ran (NOT_EXECUTED, or NOT_APPLICABLE by the PICS) carry no test name.
            .Where(r => r.GetProperty("testName").ValueKind == JsonValueKind.String)
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => (Verdict: r.GetProperty("verdict").GetString()!, Reason: r.GetProperty("reason").GetString()!));

        var differences = new List<string>();
        foreach (var (id, verdict) in Verdicts)
        {
            if (!decided.TryGetValue(id, out var got)) differences.Add($"{id}: expected {verdict}, not decided");
            else if (got.Verdict != verdict) differences.Add($"{id}: expected {verdict}, got {got.Verdict} ({got.Reason})");
        }
        foreach (var id in decided.Keys.Where(k => !Verdicts.ContainsKey(k)))
            differences.Add($"{id}: decided ({decided[id].Verdict}) but missing from the expected table of '{Name}'");
        foreach (var (id, text) in ReasonContains)
            if (decided.TryGetValue(id, out var got) && !got.Reason.Contains(text, StringComparison.Ordinal))
                differences.Add($"{id}: reason should name '{text}': {got.Reason}");
        return differences;
    }

    /// <summary>
    /// Reads a femtoscas.expected/2 file: the clean configuration's full table once ("clean"), then
    /// each configuration as its faults (optionally another SimFemto profile) and only where its
    /// verdicts deviate from the clean table. Returns full tables, the clean one first. A deviation
    /// that repeats the clean verdict, or names a test case the clean table lacks, is a data error:
    /// the file grows only by what is new.
    /// </summary>
    public static IReadOnlyList<ExpectedConfiguration> Load(string path)
    {
        var name = Path.GetFileName(path);
        using var doc = JsonObjectReader.Parse(name, File.ReadAllText(path));
        var top = new JsonObjectReader(name, "", doc.RootElement);
        if (top.String("schema") != Schema) throw new DataFileException(name, "schema", $"expected '{Schema}'");
        top.String("dutProfile");

        var c0 = top.Object("clean");
        var cleanVerdicts = Table(c0.Object("verdicts"));
        var cleanReasons = c0.OptionalObject("reasonContains") is { } r0 ? Table(r0) : new Dictionary<string, string>();
        var list = new List<ExpectedConfiguration> { new(c0.String("name"), [], cleanVerdicts, cleanReasons) };
        c0.RejectUnknown();

        foreach (var c in top.Objects("configurations"))
        {
            var deviations = c.Object("deviations");
            var verdicts = new Dictionary<string, string>(cleanVerdicts, StringComparer.Ordinal);
            foreach (var id in deviations.FieldNames())
            {
                var verdict = deviations.String(id);
                if (!cleanVerdicts.TryGetValue(id, out var clean))
                    throw new DataFileException(name, deviations.FieldPath(id), "names a test case the clean table does not list");
                if (clean == verdict)
                    throw new DataFileException(name, deviations.FieldPath(id), $"repeats the clean verdict {clean}: list only deviations");
                verdicts[id] = verdict;
            }
            deviations.RejectUnknown();
            var reasons = c.OptionalObject("reasonContains");
            list.Add(new ExpectedConfiguration(
                c.String("name"),
                c.Strings("faults"),
                verdicts,
                reasons is null ? new Dictionary<string, string>() : Table(reasons),
                c.OptionalString("dutProfile")));
            c.RejectUnknown();
        }
        top.RejectUnknown();
        var duplicate = list.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataFileException(name, "configurations", $"two configurations are named '{duplicate.Key}'");
        return list;
    }

    private static Dictionary<string, string> Table(JsonObjectReader o)
    {
        var table = o.FieldNames().ToDictionary(k => k, o.String, StringComparer.Ordinal);
        o.RejectUnknown();
        return table;
    }
}
