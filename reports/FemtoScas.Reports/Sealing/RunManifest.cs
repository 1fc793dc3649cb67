using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FemtoScas.Reports.Sealing;

/// <summary>One file of a sealed run: path relative to the results folder ('/'-separated), SHA-256, size.</summary>
public sealed record ManifestEntry(string Path, string Sha256, long Bytes);

/// <summary>
/// manifest.json, schema <see cref="Schema"/>: every file of a results folder (journal, reports,
/// evidence, logs) with its SHA-256, written last. The manifest and its own signature and
/// timestamp are the only files it cannot list; the signature covers the manifest's octets.
/// </summary>
public sealed record RunManifest(string RunId, DateTimeOffset CreatedAt, IReadOnlyList<ManifestEntry> Files, string? Signer)
{
    public const string Schema = "femtoscas.manifest/1";
    public const string FileName = "manifest.json";
    public const string SignatureFileName = "manifest.p7s";
    public const string TimestampFileName = "manifest.tsr";

    /// <summary>
    /// Why there is no manifest.tsr although the lab file named a TSA (field "timestampDeviation", present only then):
    /// the same text as the deviation the reports listed in this manifest carry.
    /// </summary>
    public string? TimestampDeviation { get; init; }

    /// <summary>Files of the seal itself: never listed in the manifest.</summary>
    public static bool IsSealFile(string relativePath) => relativePath is FileName or SignatureFileName or TimestampFileName;

    /// <summary>
    /// Files <c>femtoscas report</c> rewrites from the journal (legitimately different after a
    /// rebuild); every other file is an input of the report and must still match an earlier seal.
    /// </summary>
    public static bool IsRebuiltByReport(string relativePath) =>
        relativePath.StartsWith("compliance.", StringComparison.Ordinal) && !relativePath.Contains('/', StringComparison.Ordinal)
        || relativePath == JUnitWriter.FileName
        // The lab's documentation-review answers may be given or amended after the run; the new seal covers them.
        || relativePath == Harness.Evidence.DocumentationReviewFile.FileName
        || relativePath.StartsWith(AllureWriter.DirectoryName + "/", StringComparison.Ordinal);

    /// <summary>Hashes every regular file under <paramref name="directory"/> except the seal files, in ordinal path order.</summary>
    public static IReadOnlyList<ManifestEntry> Scan(string directory, List<string> problems)
    {
        var root = System.IO.Path.GetFullPath(directory);
        var entries = new List<ManifestEntry>();
        foreach (var full in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = System.IO.Path.GetRelativePath(root, full).Replace('\\', '/');
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                problems.Add($"{relative}: a symbolic link (to '{info.LinkTarget}'); a sealed bundle holds regular files only");
                continue;
            }
            if (Directory.Exists(full) || IsSealFile(relative)) continue;
            entries.Add(new ManifestEntry(relative, HashFile(full), info.Length));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The manifest's octets: indented UTF-8 JSON, LF line ends, fields in a fixed order.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("runId", RunId);
            w.WriteString("createdAt", CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteString("hashAlgorithm", "SHA-256");
            if (Signer is null) w.WriteNull("signature");
            else
            {
                w.WriteStartObject("signature");
                w.WriteString("file", SignatureFileName);
                w.WriteString("format", "CMS SignedData (RFC 5652), detached, DER, over this file's octets");
                w.WriteString("signer", Signer);
                w.WriteEndObject();
            }
            if (TimestampDeviation is not null) w.WriteString("timestampDeviation", TimestampDeviation);
            w.WriteStartArray("files");
            foreach (var f in Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("sha256", f.Sha256);
                w.WriteNumber("bytes", f.Bytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return [.. buffer.ToArray(), (byte)'\n'];
    }

    /// <summary>
    /// Reads a manifest leniently: a damaged one yields null and a problem naming the field, never
    /// an exception (a bundle under review may have been tampered with in any way).
    /// </summary>
    public static RunManifest? Parse(byte[] bytes, List<string> problems)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problems.Add($"{FileName}: not a JSON object"); return null; }
            // GetString throws on a lone surrogate escape (valid JSON syntax, no text) and on octets that are not UTF-8
            // inside a string, which JsonDocument.Parse lets through (both found by the run-manifest fuzz target).
            if (Harness.Data.JsonObjectReader.FirstUndecodableText(root) is { } bad)
            {
                problems.Add($"{FileName}: {bad.Problem}");
                return null;
            }
            if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != Schema)
            {
                problems.Add($"{FileName}: field 'schema' is not '{Schema}'");
                return null;
            }
            var runId = root.TryGetProperty("runId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            var created = root.TryGetProperty("createdAt", out var c) && c.ValueKind == JsonValueKind.String
                          && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
            string? signer = root.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object
                             && sig.TryGetProperty("signer", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{FileName}: field 'files' is missing or not an array");
                return null;
            }
            var list = new List<ManifestEntry>();
            var i = 0;
            foreach (var f in files.EnumerateArray())
            {
                if (f.ValueKind == JsonValueKind.Object
                    && f.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String
                    && f.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String
                    && f.TryGetProperty("bytes", out var b) && b.ValueKind == JsonValueKind.Number && b.TryGetInt64(out var n))
                    list.Add(new ManifestEntry(p.GetString()!, h.GetString()!, n));
                else problems.Add($"{FileName}: files[{i}] lacks a string 'path', a string 'sha256' or an integer 'bytes'");
                i++;
            }
            var deviation = root.TryGetProperty("timestampDeviation", out var td) && td.ValueKind == JsonValueKind.String ? td.GetString() : null;
            return new RunManifest(runId, created, list, signer) { TimestampDeviation = deviation };
        }
        catch (JsonException ex)
        {
            problems.Add($"{FileName}: not valid JSON ({ex.Message})");
            return null;
        }
    }

    /// <summary>Added, missing and changed files of <paramref name="actual"/> against this manifest, one line each, naming the file.</summary>
    public IEnumerable<string> Compare(IReadOnlyList<ManifestEntry> actual, Func<string, bool>? only = null)
    {
        only ??= _ => true;
        var sealedFiles = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var f in Files) sealedFiles.TryAdd(f.Path, f);
        var present = actual.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var f in actual.Where(f => only(f.Path)))
        {
            if (!sealedFiles.TryGetValue(f.Path, out var expected)) yield return $"added: {f.Path} (not in {FileName})";
            else if (!string.Equals(expected.Sha256, f.Sha256, StringComparison.OrdinalIgnoreCase))
                yield return $"changed: {f.Path} (SHA-256 {f.Sha256}, sealed {expected.Sha256})";
        }
        foreach (var f in sealedFiles.Values.Where(f => only(f.Path) && !present.ContainsKey(f.Path)))
            yield return $"missing: {f.Path} (listed in {FileName})";
    }

    internal static string Describe(IReadOnlyList<ManifestEntry> files) =>
        string.Create(CultureInfo.InvariantCulture, $"{files.Count} files, {files.Sum(f => f.Bytes)} bytes");

    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
