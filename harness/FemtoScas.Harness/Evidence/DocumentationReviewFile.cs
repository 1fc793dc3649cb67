using System.Security.Cryptography;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The lab's verdict on one documentation-review record of the catalogue (a requirement the
/// SCAS leaves to a review of the vendor's documentation): who reviewed which documents, when,
/// and what they concluded.
/// </summary>
public sealed record DocumentationReview(string Id, Verdict Verdict, string Reviewer, DateOnly ReviewedOn, IReadOnlyList<string> Documents, string? Note);

/// <summary>
/// The answers file of documentation reviews (schema <see cref="Schema"/>), read strictly like the
/// lab file: a missing, misspelt or malformed field is a <see cref="DataFileException"/> naming
/// file and field. Its SHA-256 is kept so every report names the exact file the verdicts came from.
/// <code>
/// { "schema": "femtoscas.documentation-review/1",
///   "reviews": [ { "id": "NRF-DOC", "verdict": "PASS", "reviewer": "A. Reviewer", "reviewedOn": "2026-11-20",
///                  "documents": ["Vendor security guide v3.2, 4.1"], "note": "key store described" } ] }
/// </code>
/// </summary>
public sealed record DocumentationReviewFile(string File, string Sha256, IReadOnlyList<DocumentationReview> Reviews)
{
    public const string Schema = "femtoscas.documentation-review/1";

    /// <summary>The copy's name in a results folder, where the reports and the manifest find it.</summary>
    public const string FileName = "documentation-review.json";

    // The verdicts a reviewer may give: ERROR is the harness's, NOT_EXECUTED is the absence of a review.
    private static readonly IReadOnlyDictionary<string, Verdict> Verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal)
    {
        ["PASS"] = Verdict.Pass,
        ["FAIL"] = Verdict.Fail,
        ["INCONCLUSIVE"] = Verdict.Inconclusive,
        ["NOT_APPLICABLE"] = Verdict.NotApplicable,
    };

    /// <summary>Reads and checks an answers file; a problem is a <see cref="DataFileException"/> naming file and field.</summary>
    public static DocumentationReviewFile Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var bytes = JsonObjectReader.ReadBytes(full, "the documentation-review answers file");
        string text;
        try { text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (System.Text.DecoderFallbackException) { throw new DataFileException(full, "(file)", "is not UTF-8 text"); }
        using var doc = JsonObjectReader.Parse(full, text);
        var root = new JsonObjectReader(full, "", doc.RootElement);
        var schema = root.String("schema");
        if (schema != Schema) throw new DataFileException(full, "schema", $"expected '{Schema}', found '{schema}'");
        var reviews = new List<DocumentationReview>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in root.Objects("reviews"))
        {
            var id = NonEmpty(r, "id");
            if (!seen.Add(id)) throw new DataFileException(full, r.FieldPath("id"), $"'{id}' is reviewed twice");
            var verdict = r.Enum("verdict", Verdicts);
            var reviewer = NonEmpty(r, "reviewer");
            var on = NonEmpty(r, "reviewedOn");
            if (!DateOnly.TryParseExact(on, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                throw new DataFileException(full, r.FieldPath("reviewedOn"), $"'{on}' is not a date (YYYY-MM-DD)");
            var documents = r.Strings("documents");
            if (documents.Count == 0) throw new DataFileException(full, r.FieldPath("documents"), "names no document: a review verdict rests on the documents reviewed");
            for (var i = 0; i < documents.Count; i++)
                if (string.IsNullOrWhiteSpace(documents[i])) throw new DataFileException(full, r.FieldPath($"documents[{i}]"), "must not be empty");
            var note = r.OptionalString("note");
            r.RejectUnknown();
            reviews.Add(new DocumentationReview(id, verdict, reviewer, date, documents, note));
        }
        root.RejectUnknown();
        return new DocumentationReviewFile(full, Convert.ToHexStringLower(SHA256.HashData(bytes)), reviews);
    }

    /// <summary>
    /// Every review must name a documentation-review record of <paramref name="catalogue"/> (the
    /// run's catalogue snapshot): a verdict on a record a test case decides would overrule the test.
    /// </summary>
    public void CheckAgainst(IReadOnlyList<RequirementRecord> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var byId = new Dictionary<string, RequirementRecord>(StringComparer.Ordinal);
        foreach (var c in catalogue) byId.TryAdd(c.Id, c);
        for (var i = 0; i < Reviews.Count; i++)
        {
            if (!byId.TryGetValue(Reviews[i].Id, out var record))
                throw new DataFileException(File, $"reviews[{i}].id", $"'{Reviews[i].Id}' is not a record of the catalogue");
            if (record.Automation != AutomationLevel.DocumentationReview)
                throw new DataFileException(File, $"reviews[{i}].id", $"'{Reviews[i].Id}' is not a documentation-review record (it is decided by a test case)");
        }
    }

    private static string NonEmpty(JsonObjectReader r, string name)
    {
        var value = r.String(name);
        return string.IsNullOrWhiteSpace(value) ? throw new DataFileException(r.File, r.FieldPath(name), "must not be empty") : value;
    }
}
