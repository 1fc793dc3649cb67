using System.Security.Cryptography;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Requirements;

/// <summary>
/// The requirement catalogue: every record of fixtures/requirements/*.json and the PICS items
/// of pics.json, validated as one. Nothing about a requirement lives in code comments.
/// </summary>
public sealed class Catalogue
{
    public const string CatalogueSchema = "femtoscas.catalogue/1";
    public const string PicsSchema = "femtoscas.pics/1";
    public const string PicsFileName = "pics.json";

    private static readonly Dictionary<string, AutomationLevel> LevelNames = new()
    {
        ["automated"] = AutomationLevel.Automated,
        ["operator-assisted"] = AutomationLevel.OperatorAssisted,
        ["documentation-review"] = AutomationLevel.DocumentationReview,
        ["not-implemented"] = AutomationLevel.NotImplemented,
    };

    private static readonly Dictionary<string, SourceConfidence> ConfidenceNames = new()
    {
        ["seen"] = SourceConfidence.Seen,
        ["title"] = SourceConfidence.Title,
        ["recalled"] = SourceConfidence.Recalled,
    };

    // Every field a file may hold, so a misspelling ("titel") is reported as an unknown field
    // with a suggestion before the reader complains that the real field is missing.
    private static readonly string[] TopFields = ["schema", "spec", "specVersion", "description", "records"];
    private static readonly string[] RecordFields =
    [
        "id", "clause", "clauseToBeConfirmed", "baselineClause", "testCaseName", "title", "requirement",
        "threats", "pics", "automation", "automationReason", "expectedEvidence", "confidence", "hostNeeds",
    ];

    private readonly Dictionary<string, RequirementRecord> byId;

    private Catalogue(IReadOnlyList<RequirementRecord> records, IReadOnlyList<PicsItem> pics,
        IReadOnlyList<SourceFile> files, Dictionary<string, PicsCondition> conditions)
    {
        Records = records;
        Pics = pics;
        Files = files;
        Conditions = conditions;
        byId = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<RequirementRecord> Records { get; }
    public IReadOnlyList<PicsItem> Pics { get; }
    /// <summary>The files the catalogue was read from, with their SHA-256, for the run journal.</summary>
    public IReadOnlyList<SourceFile> Files { get; }
    public IReadOnlyDictionary<string, PicsCondition> Conditions { get; }

    public sealed record SourceFile(string Name, string Sha256);

    public RequirementRecord this[string id] =>
        byId.TryGetValue(id, out var r) ? r : throw new KeyNotFoundException($"catalogue has no record '{id}'");

    public bool TryGet(string id, out RequirementRecord record) => byId.TryGetValue(id, out record!);

    public static Catalogue LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DataFileException(directory, "(directory)", "the requirement catalogue folder does not exist");
        var picsPath = System.IO.Path.Combine(directory, PicsFileName);
        if (!File.Exists(picsPath))
            throw new DataFileException(picsPath, "(file)", "the PICS list is missing");

        var files = new List<SourceFile>();
        var pics = LoadPics(picsPath, files);
        var known = pics.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var records = new List<RequirementRecord>();
        var conditions = new Dictionary<string, PicsCondition>(StringComparer.Ordinal);
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (System.IO.Path.GetFileName(path) == PicsFileName) continue;
            var name = System.IO.Path.GetFileName(path);
            var text = ReadHashed(path, name, files);
            using var doc = JsonObjectReader.Parse(name, text);
            var top = new JsonObjectReader(name, "", doc.RootElement);
            RejectUnknownFirst(top, TopFields);
            var schema = top.String("schema");
            if (schema != CatalogueSchema)
                throw new DataFileException(name, "schema", $"expected '{CatalogueSchema}', found '{schema}'");
            var spec = top.String("spec");
            var specVersion = top.String("specVersion");
            top.OptionalString("description");
            foreach (var r in top.Objects("records"))
            {
                var record = ReadRecord(r, spec, specVersion);
                var where = $"{name}: record '{record.Id}'";
                if (origin.TryGetValue(record.Id, out var first))
                    throw new DataFileException(name, r.FieldPath("id"), $"'{record.Id}' is already defined in {first}");
                origin[record.Id] = name;
                PicsCondition condition;
                try { condition = PicsCondition.Parse(record.Pics); }
                catch (FormatException ex) { throw new DataFileException(name, r.FieldPath("pics"), $"record '{record.Id}': {ex.Message}"); }
                foreach (var n in condition.Names)
                    if (!known.Contains(n))
                        throw new DataFileException(name, r.FieldPath("pics"), $"record '{record.Id}': unknown PICS item '{n}' (known: {string.Join(", ", known.Order())})");
                if (record.Automation != AutomationLevel.Automated && string.IsNullOrWhiteSpace(record.AutomationReason))
                    throw new DataFileException(name, r.FieldPath("automationReason"), $"record '{record.Id}': required when automation is not 'automated' ({where})");
                conditions[record.Id] = condition;
                records.Add(record);
            }
            top.RejectUnknown();
        }
        if (records.Count == 0)
            throw new DataFileException(directory, "(records)", "the catalogue holds no record");
        return new Catalogue(records, pics, files, conditions);
    }

    private static IReadOnlyList<HostNeed> ReadHostNeeds(JsonObjectReader r)
    {
        var needs = new List<HostNeed>();
        var names = r.OptionalStrings("hostNeeds");
        for (var i = 0; i < names.Count; i++)
        {
            if (!HostNeeds.Names.TryGetValue(names[i], out var need))
                throw new DataFileException(r.File, $"{r.FieldPath("hostNeeds")}[{i}]", $"'{names[i]}' is not one of: {string.Join(", ", HostNeeds.Names.Keys)}");
            if (!needs.Contains(need)) needs.Add(need);
        }
        return needs;
    }

    private static RequirementRecord ReadRecord(JsonObjectReader r, string spec, string specVersion)
    {
        var id = r.String("id");
        try
        {
            RejectUnknownFirst(r, RecordFields);
            var record = new RequirementRecord
            {
                Id = id,
                Spec = spec,
                SpecVersion = specVersion,
                Clause = r.OptionalString("clause"),
                ClauseToBeConfirmed = r.OptionalBool("clauseToBeConfirmed", false),
                BaselineClause = r.OptionalString("baselineClause"),
                TestCaseName = r.OptionalString("testCaseName"),
                Title = r.String("title"),
                Requirement = r.String("requirement"),
                Threats = r.OptionalStrings("threats"),
                Pics = r.Has("pics") ? r.String("pics") : "true",
                Automation = r.Enum("automation", LevelNames),
                AutomationReason = r.OptionalString("automationReason"),
                ExpectedEvidence = r.OptionalStrings("expectedEvidence"),
                Confidence = r.Enum("confidence", ConfidenceNames),
                HostNeeds = ReadHostNeeds(r),
            };
            r.RejectUnknown();
            if (record.Clause is null && !record.ClauseToBeConfirmed)
                throw new DataFileException(r.File, r.FieldPath("clause"), "missing: give the clause, or set clauseToBeConfirmed with a baselineClause");
            if (record.Clause is null && record.BaselineClause is null)
                throw new DataFileException(r.File, r.FieldPath("baselineClause"), "required when the clause is not known");
            return record;
        }
        catch (DataFileException ex) when (!ex.Problem.Contains("record '", StringComparison.Ordinal))
        {
            throw new DataFileException(ex.File, ex.Field, $"record '{id}': {ex.Problem}", ex);
        }
    }

    private static List<PicsItem> LoadPics(string path, List<SourceFile> files)
    {
        var name = System.IO.Path.GetFileName(path);
        var text = ReadHashed(path, name, files);
        using var doc = JsonObjectReader.Parse(name, text);
        var top = new JsonObjectReader(name, "", doc.RootElement);
        var schema = top.String("schema");
        if (schema != PicsSchema)
            throw new DataFileException(name, "schema", $"expected '{PicsSchema}', found '{schema}'");
        var items = new List<PicsItem>();
        foreach (var o in top.Objects("items"))
        {
            items.Add(new PicsItem(o.String("name"), o.String("description")));
            o.RejectUnknown();
        }
        top.RejectUnknown();
        var dup = items.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new DataFileException(name, "items", $"PICS item '{dup.Key}' is listed twice");
        return items;
    }

    private static void RejectUnknownFirst(JsonObjectReader reader, string[] fields)
    {
        foreach (var f in fields) reader.Has(f);
        reader.RejectUnknown();
    }

    /// <summary>
    /// Hashes the bytes on disk, not the decoded text, so the recorded SHA-256 equals what an
    /// auditor's sha256sum prints even for a file saved with a byte-order mark.
    /// </summary>
    private static string ReadHashed(string path, string name, List<SourceFile> files)
    {
        var bytes = JsonObjectReader.ReadBytes(path, "a catalogue file");
        files.Add(new SourceFile(name, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    internal static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
