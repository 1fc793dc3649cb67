using System.Text.Json;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Validation;

/// <summary>
/// One reference configuration of fixtures/validation/: a device (a DUT profile, optionally
/// overlaid, with SimFemto faults where the device is SimFemto) and the verdicts a correct suite
/// gives against it. <see cref="Conformant"/> says whether the device meets the requirements:
/// a conformant configuration shows the suite's soundness (it must FAIL nothing), a
/// non-conformant one its sensitivity (it must FAIL what it breaks).
/// </summary>
/// <param name="File">The file, relative to the validation directory ('/' separated), e.g. strongswan/rsa-device-certificate.json.</param>
/// <param name="Name">The configuration's name, unique across the directory.</param>
/// <param name="DutProfile">The base DUT profile, relative to the repository root.</param>
/// <param name="Overlay">Merged over the base profile (objects field by field, anything else replaced); null: the profile as it is.</param>
/// <param name="Faults">SimFemto fault switches (empty for other devices).</param>
/// <param name="Conformant">Whether the device meets every requirement the suite decides.</param>
/// <param name="TestCases">The test cases this configuration runs (a subset, to bound CI time); null: all.</param>
/// <param name="Verdicts">The expected verdict per test case (of <see cref="TestCases"/> where given).</param>
/// <param name="ReasonContains">Text the reason of a test case's verdict must contain.</param>
public sealed record ReferenceConfiguration(
    string File,
    string Name,
    string DutProfile,
    JsonObject? Overlay,
    IReadOnlyList<string> Faults,
    bool Conformant,
    IReadOnlyList<string>? TestCases,
    IReadOnlyDictionary<string, string> Verdicts,
    IReadOnlyDictionary<string, string> ReasonContains)
{
    /// <summary>The schema of a reference configuration file.</summary>
    public const string Schema = "femtoscas.validation/1";

    /// <summary>The verdicts an expected table may name.</summary>
    public static readonly IReadOnlyList<string> Verdict = ["PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "ERROR"];

    /// <summary>
    /// The test cases whose expected verdict this configuration states as a deviation from its
    /// file's base table (the cases its faults break); empty for a base configuration.
    /// </summary>
    public IReadOnlyList<string> DeviatingCases { get; init; } = [];

    /// <summary>
    /// The configuration narrowed to the test cases its faults break, for a quick run: a
    /// configuration with faults, no <see cref="TestCases"/> of its own and at least one deviation
    /// runs only its deviating cases, with their expected verdicts and reason pins; any other
    /// configuration (the clean base, a conformant overlay, a chosen subset) is returned as it is.
    /// What the narrowed run no longer shows is that the fault leaves every other case's verdict
    /// alone; the full run (`femtoscas validate` without --targeted) still does.
    /// </summary>
    public ReferenceConfiguration Targeted()
    {
        if (Faults.Count == 0 || TestCases is not null || DeviatingCases.Count == 0) return this;
        var keep = DeviatingCases.ToHashSet(StringComparer.Ordinal);
        return this with
        {
            TestCases = DeviatingCases,
            Verdicts = Verdicts.Where(v => keep.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
            ReasonContains = ReasonContains.Where(r => keep.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Where a run's verdicts depart from this configuration's table: missing, different or
    /// unexpected verdicts, and reasons that do not name what they must. Test cases outside
    /// <see cref="TestCases"/> (when given) are not compared.
    /// </summary>
    /// <param name="decided">The run's verdict and reason per test case, NOT_EXECUTED left out.</param>
    public IReadOnlyList<string> Differences(IReadOnlyDictionary<string, (string Verdict, string Reason)> decided)
    {
        var differences = new List<string>();
        foreach (var (id, verdict) in Verdicts)
        {
            if (!decided.TryGetValue(id, out var got)) differences.Add($"{id}: expected {verdict}, not decided");
            else if (got.Verdict != verdict) differences.Add($"{id}: expected {verdict}, got {got.Verdict} ({got.Reason})");
        }
        foreach (var id in decided.Keys.Where(k => !Verdicts.ContainsKey(k) && (TestCases is null || TestCases.Contains(k))).Order(StringComparer.Ordinal))
            differences.Add($"{id}: decided ({decided[id].Verdict}) but missing from the expected table of '{Name}'");
        foreach (var (id, text) in ReasonContains)
            if (decided.TryGetValue(id, out var got) && !got.Reason.Contains(text, StringComparison.Ordinal))
                differences.Add($"{id}: reason should name '{text}': {got.Reason}");
        return differences;
    }

    /// <summary>The decided verdicts (NOT_EXECUTED left out) of a run's compliance.json.</summary>
    public static IReadOnlyDictionary<string, (string Verdict, string Reason)> Decided(string complianceJson)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(complianceJson));
        return doc.RootElement.GetProperty("results").EnumerateArray()
            // Decided by a test case: records no test ran (NOT_EXECUTED, or NOT_APPLICABLE by the PICS) carry no test name.
            .Where(r => r.TryGetProperty("testName", out var t) && t.ValueKind == JsonValueKind.String)
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => (r.GetProperty("verdict").GetString()!, r.GetProperty("reason").GetString() ?? ""), StringComparer.Ordinal);
    }

    /// <summary>
    /// Every reference configuration of <paramref name="directory"/> and its subfolders (*.json,
    /// in path order): nothing in code lists the files. Names are unique across the directory.
    /// </summary>
    public static IReadOnlyList<ReferenceConfiguration> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DataFileException(directory, "(directory)", "the validation directory does not exist");
        var list = new List<ReferenceConfiguration>();
        foreach (var path in Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            foreach (var c in Load(path, relative))
            {
                if (list.FirstOrDefault(o => o.Name == c.Name) is { } other)
                    throw new DataFileException(relative, "name", $"configuration '{c.Name}' is also in {other.File}: names are unique across the validation directory");
                list.Add(c);
            }
        }
        return list;
    }

    /// <summary>
    /// Reads one femtoscas.validation/1 file: a base configuration with its full verdict table,
    /// then optionally further configurations listing only where their verdicts deviate from the
    /// base table (the SimFemto fault sets). Returns full tables, the base first. Every problem is
    /// a <see cref="DataFileException"/> naming the file and the field.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="name">How errors and reports name it (relative to the validation directory).</param>
    public static IReadOnlyList<ReferenceConfiguration> Load(string path, string? name = null)
    {
        name ??= Path.GetFileName(path);
        using var doc = JsonObjectReader.Parse(name, JsonObjectReader.ReadText(path, "the reference configuration"));
        var top = new JsonObjectReader(name, "", doc.RootElement);
        var schema = top.String("schema");
        if (schema != Schema) throw new DataFileException(name, "schema", $"expected '{Schema}', found '{schema}'");
        var profile = top.String("dutProfile");

        var b = top.Object("base");
        var baseTable = Table(b.Object("verdicts"));
        var testCases = TestCaseSubset(b, baseTable);
        var baseConfig = new ReferenceConfiguration(name, b.String("name"), b.OptionalString("dutProfile") ?? profile, ReadOverlay(b),
            b.OptionalStrings("faults"), b.OptionalBool("conformant", true), testCases, baseTable, Reasons(b, baseTable));
        b.RejectUnknown();
        Check(name, "base", baseConfig);
        var list = new List<ReferenceConfiguration> { baseConfig };

        foreach (var c in top.Has("configurations") ? top.Objects("configurations") : [])
        {
            var deviations = c.Object("deviations");
            var verdicts = new Dictionary<string, string>(baseTable, StringComparer.Ordinal);
            foreach (var id in deviations.FieldNames())
            {
                var verdict = VerdictValue(deviations, id);
                if (!baseTable.TryGetValue(id, out var clean))
                    throw new DataFileException(name, deviations.FieldPath(id), "names a test case the base table does not list");
                if (clean == verdict)
                    throw new DataFileException(name, deviations.FieldPath(id), $"repeats the base verdict {clean}: list only deviations");
                verdicts[id] = verdict;
            }
            deviations.RejectUnknown();
            var faults = c.OptionalStrings("faults");
            var config = new ReferenceConfiguration(name, c.String("name"), c.OptionalString("dutProfile") ?? profile, ReadOverlay(c),
                faults, c.OptionalBool("conformant", faults.Count == 0), TestCaseSubset(c, verdicts) ?? testCases, verdicts, Reasons(c, verdicts))
            {
                DeviatingCases = deviations.FieldNames().Where(verdicts.ContainsKey).ToList(),
            };
            c.RejectUnknown();
            Check(name, c.Path, config);
            list.Add(config);
        }
        top.RejectUnknown();
        var duplicate = list.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataFileException(name, "configurations", $"two configurations are named '{duplicate.Key}'");
        return list;
    }

    // A conformant device FAILs nothing: an expected FAIL in it is a contradiction, not a finding.
    private static void Check(string file, string path, ReferenceConfiguration c)
    {
        // The name is also the run's results folder: no path separators, no leading dot.
        if (c.Name.StartsWith('.') || !c.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '+' or '.'))
            throw new DataFileException(file, path + ".name", $"'{c.Name}' may hold only letters, digits, '-', '_', '+' and '.' (not first): it names the results folder");
        if (c.Conformant && c.Verdicts.FirstOrDefault(v => v.Value == "FAIL") is { Key: not null } fail)
            throw new DataFileException(file, path + ".verdicts." + fail.Key, $"configuration '{c.Name}' is conformant but expects FAIL: a conformant device must not FAIL (set \"conformant\": false if it is not)");
        // A non-conformant configuration without an expected FAIL is allowed (a hostile-input fault the
        // suite answers with INCONCLUSIVE): it checks its verdicts but adds to no case's sensitivity.
    }

    private static string VerdictValue(JsonObjectReader o, string id)
    {
        var v = o.String(id);
        return Verdict.Contains(v) ? v : throw new DataFileException(o.File, o.FieldPath(id), $"'{v}' is not a verdict ({string.Join(", ", Verdict)})");
    }

    private static Dictionary<string, string> Table(JsonObjectReader o)
    {
        var table = o.FieldNames().ToDictionary(k => k, k => VerdictValue(o, k), StringComparer.Ordinal);
        o.RejectUnknown();
        if (table.Count == 0) throw new DataFileException(o.File, o.Path, "lists no test case");
        return table;
    }

    private static Dictionary<string, string> Reasons(JsonObjectReader c, IReadOnlyDictionary<string, string> verdicts)
    {
        if (c.OptionalObject("reasonContains") is not { } r) return [];
        var table = r.FieldNames().ToDictionary(k => k, r.String, StringComparer.Ordinal);
        foreach (var id in table.Keys.Where(k => !verdicts.ContainsKey(k)))
            throw new DataFileException(c.File, r.FieldPath(id), "pins the reason of a test case the configuration does not decide");
        r.RejectUnknown();
        return table;
    }

    private static IReadOnlyList<string>? TestCaseSubset(JsonObjectReader c, Dictionary<string, string> verdicts)
    {
        if (!c.Has("testCases")) return null;
        var ids = c.Strings("testCases");
        if (ids.Count == 0) throw new DataFileException(c.File, c.FieldPath("testCases"), "is empty: leave it out to run every test case");
        foreach (var id in ids.Where(i => !verdicts.ContainsKey(i)))
            throw new DataFileException(c.File, c.FieldPath("testCases"), $"'{id}' has no expected verdict in this configuration");
        // Only the chosen cases run: the expected table shrinks to them.
        foreach (var id in verdicts.Keys.Where(k => !ids.Contains(k)).ToList()) verdicts.Remove(id);
        return ids;
    }

    private static JsonObject? ReadOverlay(JsonObjectReader c)
    {
        if (!c.Has("overlay")) return null;
        c.Object("overlay"); // type check: an object, named in the error otherwise
        return c.RawObject("overlay");
    }
}
