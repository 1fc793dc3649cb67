using FemtoScas.Harness.Data;

namespace FemtoScas.SuiteSelfTests;

/// <summary>fixtures/expected/*.json: the verdict table each SimFemto configuration must produce.</summary>
public sealed record ExpectedConfiguration(string Name, IReadOnlyList<string> Faults, IReadOnlyDictionary<string, string> Verdicts,
    IReadOnlyDictionary<string, string> ReasonContains)
{
    public const string Schema = "femtoscas.expected/1";

    public override string ToString() => Name;

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
                reasons?.FieldNames().ToDictionary(k => k, reasons.String, StringComparer.Ordinal) ?? new Dictionary<string, string>()));
            verdicts.RejectUnknown();
            reasons?.RejectUnknown();
            c.RejectUnknown();
        }
        top.RejectUnknown();
        return list;
    }
}
