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
    public const string Schema = "femtoscas.expected/1";

    public override string ToString() => Name;

    /// <summary>Where a run's compliance.json departs from this configuration's table: missing, different or unexpected verdicts, and reasons that do not name what they must.</summary>
    public IReadOnlyList<string> Differences(string complianceJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(complianceJson));
        var decided = doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("verdict").GetString() != "NOT_EXECUTED")
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

    public static IReadOnlyList<ExpectedConfiguration> Load(string path)
    {
        var name = Path.GetFileName(path);
        using var doc = JsonObjectReader.Parse(name, File.ReadAllText(path));
        var top = new JsonObjectReader(name, "", doc.RootElement);
        if (top.String("schema") != Schema) throw new DataFileException(name, "schema", $"expected '{Schema}'");
        top.String("dutProfile");
        var list = new List<ExpectedConfiguration>();
        foreach (var c in top.Objects("configurations"))
        {
            var verdicts = c.Object("verdicts");
            var reasons = c.OptionalObject("reasonContains");
            list.Add(new ExpectedConfiguration(
                c.String("name"),
                c.Strings("faults"),
                verdicts.FieldNames().ToDictionary(k => k, verdicts.String, StringComparer.Ordinal),
                reasons?.FieldNames().ToDictionary(k => k, reasons.String, StringComparer.Ordinal) ?? new Dictionary<string, string>(),
                c.OptionalString("dutProfile")));
            verdicts.RejectUnknown();
            reasons?.RejectUnknown();
            c.RejectUnknown();
        }
        top.RejectUnknown();
        return list;
    }
}
