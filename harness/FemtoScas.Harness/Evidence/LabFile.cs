using System.Security.Cryptography;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The testing laboratory as ISO/IEC 17025 (7.8.2.1) wants it named on every report: lab name and
/// address, accreditation, customer. Recorded in the journal, so a rebuilt report still shows it.
/// The signing key's location is deliberately not part of this record: it never reaches an output.
/// </summary>
public sealed record LabIdentity
{
    public required string Name { get; init; }
    public required string Address { get; init; }
    /// <summary>The accreditation body and number (e.g. "DAkkS D-PL-12345-01-00"), or "none".</summary>
    public required string AccreditationId { get; init; }
    public required string Customer { get; init; }
    /// <summary>The lab file's name (no folder) and SHA-256, so the report says which lab file was used.</summary>
    public required string File { get; init; }
    public required string Sha256 { get; init; }
}

/// <summary>How the lab seals a run: a PEM key and certificate (and optional chain) for a detached CMS signature, an RFC 3161 TSA.</summary>
public sealed record LabSigning(string KeyFile, string CertificateFile, IReadOnlyList<string> ChainFiles);

/// <summary>A lab file (fixtures/lab.template.json): identity, optional signing key and TSA.</summary>
public sealed record LabFile(LabIdentity Identity, LabSigning? Signing, string? TimestampUrl, string? TimestampCaFile = null)
{
    /// <summary>
    /// Reads and checks a lab file; paths inside it are relative to its folder. A missing field,
    /// a misspelt one or a signing file that does not exist is a <see cref="DataFileException"/>
    /// naming file and field, raised before a run starts.
    /// </summary>
    public static LabFile Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var bytes = JsonObjectReader.ReadBytes(full, "the lab file");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        using var doc = JsonObjectReader.Parse(full, text);
        var root = new JsonObjectReader(full, "", doc.RootElement);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var identity = new LabIdentity
        {
            Name = NonEmpty(root, "name"),
            Address = NonEmpty(root, "address"),
            AccreditationId = NonEmpty(root, "accreditationId"),
            Customer = NonEmpty(root, "customer"),
            File = System.IO.Path.GetFileName(full),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
        LabSigning? signing = null;
        if (root.OptionalObject("signing") is { } s)
        {
            signing = new LabSigning(
                ExistingFile(s, "key", folder),
                ExistingFile(s, "certificate", folder),
                s.OptionalStrings("chain").Select((c, i) => Existing(s, $"chain[{i}]", c, folder)).ToList());
            s.RejectUnknown();
        }
        var tsa = root.OptionalString("timestampUrl");
        if (tsa is not null && !(Uri.TryCreate(tsa, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new DataFileException(full, "timestampUrl", $"'{tsa}' is not an http or https URL");
        // The certificate that issued the TSA's signing certificate: its tokens are checked against it.
        string? tsaCa = null;
        if (root.OptionalString("timestampCaCertificate") is { } ca)
        {
            if (tsa is null) throw new DataFileException(full, "timestampCaCertificate", "names a TSA CA certificate but no timestampUrl");
            tsaCa = Existing(root, "timestampCaCertificate", ca, folder);
        }
        root.RejectUnknown();
        return new LabFile(identity, signing, tsa, tsaCa);
    }

    private static string NonEmpty(JsonObjectReader r, string name)
    {
        var value = r.String(name);
        return string.IsNullOrWhiteSpace(value) ? throw new DataFileException(r.File, r.FieldPath(name), "must not be empty") : value;
    }

    private static string ExistingFile(JsonObjectReader r, string name, string folder) => Existing(r, name, r.String(name), folder);

    private static string Existing(JsonObjectReader r, string field, string value, string folder)
    {
        var full = System.IO.Path.GetFullPath(value, folder);
        return System.IO.File.Exists(full) ? full : throw new DataFileException(r.File, r.FieldPath(field), $"file '{value}' does not exist (paths are relative to the lab file)");
    }
}

/// <summary>The source tree FemtoScas was built from: commit and whether it had uncommitted changes (a "modified tree").</summary>
public sealed record SourceTreeState(string Commit, bool Modified, string Detail);
