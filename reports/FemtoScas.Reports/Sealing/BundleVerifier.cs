using System.Formats.Tar;
using System.IO.Compression;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Sealing;

/// <summary>
/// What <c>femtoscas verify</c> found: every problem names a file (added, missing, changed, a bad
/// signature, an evidence hash the journal disagrees with); notes say what was checked.
/// </summary>
public sealed record BundleCheck(IReadOnlyList<string> Problems, IReadOnlyList<string> Notes, string? Signer)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Checks a results folder or its hand-off archive against its manifest: every file present and
/// unchanged, no file added, the CMS signature (when there is one) over the manifest's octets, and
/// every evidence file against the SHA-256 the journal recorded. Whether the signer is the lab is
/// for the trust anchor: the notes give the openssl command that checks it independently.
/// </summary>
public static class BundleVerifier
{
    /// <summary>An archive bigger than this when unpacked is refused, not unpacked without limit.</summary>
    public const long MaxArchiveBytes = 8L << 30;

    /// <summary>
    /// Verifies <paramref name="path"/> (a results folder or its .tar.gz). With <paramref name="signerCa"/> the CMS
    /// signer must chain to it (an unsigned bundle is then a problem too); with <paramref name="tsaCa"/> (or
    /// <paramref name="signerCa"/> when no separate one is given) the TSA of manifest.tsr must chain to it.
    /// </summary>
    public static BundleCheck Verify(string path, bool requireSignature, TrustAnchor? signerCa = null, TrustAnchor? tsaCa = null)
    {
        var full = Path.GetFullPath(path);
        var trust = new Anchors(signerCa, tsaCa ?? signerCa, RequireTimestamp: tsaCa is not null);
        if (Directory.Exists(full)) return VerifyDirectory(full, requireSignature, full, trust);
        if (!File.Exists(full)) return new BundleCheck([$"{path}: no such folder or archive"], [], null);
        var temp = Directory.CreateTempSubdirectory("femtoscas-verify-");
        try
        {
            var problems = new List<string>();
            var top = Unpack(full, temp.FullName, problems);
            if (top is null) return new BundleCheck(problems, [], null);
            var check = VerifyDirectory(top, requireSignature, full, trust);
            return check with { Problems = [.. problems, .. check.Problems] };
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private sealed record Anchors(TrustAnchor? Signer, TrustAnchor? Tsa, bool RequireTimestamp);

    private static BundleCheck VerifyDirectory(string root, bool requireSignature, string shown, Anchors trust)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var manifestPath = Path.Combine(root, RunManifest.FileName);
        if (!File.Exists(manifestPath))
            return new BundleCheck([$"missing: {RunManifest.FileName}: the bundle {shown} is not sealed"], [], null);
        var manifestBytes = File.ReadAllBytes(manifestPath);
        var manifest = RunManifest.Parse(manifestBytes, problems);
        var actual = RunManifest.Scan(root, problems);
        if (manifest is not null)
        {
            problems.AddRange(manifest.Compare(actual));
            notes.Add($"{RunManifest.FileName}: run {manifest.RunId}, {RunManifest.Describe(manifest.Files)} sealed at {manifest.CreatedAt:u}");
        }

        string? signer = null;
        var signaturePath = Path.Combine(root, RunManifest.SignatureFileName);
        if (File.Exists(signaturePath))
        {
            var check = CmsDetachedSignature.Verify(manifestBytes, File.ReadAllBytes(signaturePath));
            if (check.Valid)
            {
                signer = check.Signer;
                notes.Add($"{RunManifest.SignatureFileName}: a valid CMS signature over {RunManifest.FileName} by '{check.Signer}'" +
                          (manifest?.Signer is { } named && named != check.Signer ? $", though the manifest names '{named}'" : ""));
                if (manifest?.Signer is { } declared && declared != check.Signer)
                    problems.Add($"{RunManifest.SignatureFileName}: signed by '{check.Signer}', but {RunManifest.FileName} names '{declared}'");
                if (trust.Signer is { } anchor)
                {
                    if (anchor.CheckCmsSigner(File.ReadAllBytes(signaturePath)) is { } why)
                        problems.Add($"untrusted signer: {RunManifest.SignatureFileName}: {why}");
                    else notes.Add($"{RunManifest.SignatureFileName}: the signer chains to {anchor.File}");
                }
                else
                    notes.Add($"whether that key is the lab's: --ca LABROOT.pem, or openssl cms -verify -binary -content {RunManifest.FileName} -in {RunManifest.SignatureFileName} -inform DER -CAfile LABROOT.pem -out /dev/null");
            }
            else problems.Add($"bad signature: {RunManifest.SignatureFileName}: {check.Problem}");
        }
        else if (manifest?.Signer is not null)
            problems.Add($"missing: {RunManifest.SignatureFileName} ({RunManifest.FileName} says it is signed by '{manifest.Signer}')");
        else if (requireSignature || trust.Signer is not null)
            problems.Add($"missing: {RunManifest.SignatureFileName}: the bundle is not signed and a signature was required" +
                         (trust.Signer is null ? "" : $" (--ca {trust.Signer.File})"));
        else
            notes.Add("UNSIGNED: without a signature the manifest shows only that files did not change after it was written; whoever can edit the folder can write a new one");

        if (trust.RequireTimestamp && !File.Exists(Path.Combine(root, RunManifest.TimestampFileName)))
            problems.Add($"missing: {RunManifest.TimestampFileName}: no RFC 3161 timestamp, and --tsa-ca {trust.Tsa!.File} asked for one");
        CheckTimestamp(root, manifestBytes, signaturePath, trust.Tsa, problems, notes);
        if (manifest?.TimestampDeviation is { } deviation)
            notes.Add($"{RunManifest.FileName}: DEVIATION recorded at sealing: {deviation}");
        CheckJournalEvidence(root, actual, problems);
        return new BundleCheck(problems, notes, signer);
    }

    /// <summary>
    /// manifest.tsr, when present: its imprint must be the SHA-256 of the signature (or of the manifest
    /// when unsigned) and its signature must verify with the TSA certificate it carries. Whether that
    /// TSA is one the auditor trusts is openssl's question, printed as a note.
    /// </summary>
    private static void CheckTimestamp(string root, byte[] manifestBytes, string signaturePath, TrustAnchor? tsaCa, List<string> problems, List<string> notes)
    {
        var path = Path.Combine(root, RunManifest.TimestampFileName);
        if (!File.Exists(path)) return;
        var signed = File.Exists(signaturePath);
        var coveredName = signed ? RunManifest.SignatureFileName : RunManifest.FileName;
        var length = new FileInfo(path).Length;
        if (length > RunTimestamp.MaxResponseBytes)
        {
            problems.Add($"bad timestamp: {RunManifest.TimestampFileName}: {length} octets, more than the {RunTimestamp.MaxResponseBytes} accepted");
            return;
        }
        var covered = signed ? File.ReadAllBytes(signaturePath) : manifestBytes;
        var check = RunTimestamp.Check(File.ReadAllBytes(path), null, RunTimestamp.Imprint(covered), null);
        if (!check.Valid)
        {
            problems.Add($"bad timestamp: {RunManifest.TimestampFileName} over {coveredName}: {check.Problem}");
            return;
        }
        notes.Add($"{RunManifest.TimestampFileName}: an RFC 3161 timestamp over {coveredName}: {check.Time:yyyy-MM-dd HH:mm:ss} UTC by '{check.Tsa}'");
        if (tsaCa is null)
            notes.Add($"whether that TSA is trusted: --tsa-ca TSA-CA.pem, or openssl ts -verify -data {coveredName} -in {RunManifest.TimestampFileName} -CAfile TSA-CA.pem");
        else if (tsaCa.CheckTimestampSigner(File.ReadAllBytes(path)) is { } why)
            problems.Add($"untrusted timestamp: {RunManifest.TimestampFileName}: {why}");
        else notes.Add($"{RunManifest.TimestampFileName}: the TSA chains to {tsaCa.File}");
    }

    /// <summary>
    /// The journal's own hashes, checked independently of the manifest: an evidence file changed
    /// together with its hash in the manifest still disagrees with the journal, and one changed
    /// together with the journal changes the journal's sealed hash.
    /// </summary>
    private static void CheckJournalEvidence(string root, IReadOnlyList<ManifestEntry> actual, List<string> problems)
    {
        var journalPath = Path.Combine(root, JournalSchema.FileName);
        if (!File.Exists(journalPath)) return;
        RunJournal journal;
        try
        {
            journal = RunJournal.Read(journalPath);
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"changed: {JournalSchema.FileName}: unreadable ({ex.Message})");
            return;
        }
        var byPath = actual.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var e in journal.Tests.SelectMany(t => t.Evidence ?? []).DistinctBy(e => e.Path))
        {
            var relative = (e.Path ?? "").Replace('\\', '/');
            if (!byPath.TryGetValue(relative, out var file))
                problems.Add($"missing: {relative} (evidence listed in {JournalSchema.FileName})");
            else if (!string.Equals(file.Sha256, e.Sha256, StringComparison.OrdinalIgnoreCase))
                problems.Add($"changed: {relative} (SHA-256 {file.Sha256}, {JournalSchema.FileName} recorded {e.Sha256})");
        }
    }

    /// <summary>
    /// Unpacks regular files, folders and hard-link entries, each path checked to stay inside
    /// <paramref name="destination"/>; a symbolic link, device or escaping path is a problem naming the entry.
    /// A hard-link entry (the seal stores identical files once) is unpacked as a copy of the member it
    /// names, which must be a regular file unpacked before it: a link leaving the archive, to a missing
    /// member or to a folder is a named problem and nothing is written for it.
    /// Returns the single top folder, or null when the archive has none.
    /// </summary>
    private static string? Unpack(string archive, string destination, List<string> problems)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        long total = 0;
        var tops = new HashSet<string>(StringComparer.Ordinal);
        var unpackedFiles = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.Replace('\\', '/').TrimStart('.', '/');
                var target = Path.GetFullPath(Path.Combine(root, name));
                if (name.Length == 0 || !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(entry.Name))
                {
                    problems.Add($"added: archive entry '{entry.Name}' leaves the bundle folder; not unpacked");
                    continue;
                }
                tops.Add(name.Split('/')[0]);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        total += entry.Length;
                        if (total > MaxArchiveBytes)
                        {
                            problems.Add($"{archive}: unpacks to more than {MaxArchiveBytes >> 30} GiB; verification stopped");
                            return null;
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        entry.ExtractToFile(target, overwrite: true);
                        unpackedFiles.Add(target);
                        break;
                    case TarEntryType.HardLink:
                        if (LinkedMember(root, entry.LinkName, unpackedFiles) is not { } source)
                        {
                            problems.Add($"added: archive entry '{entry.Name}' is a hard link to '{entry.LinkName}', " +
                                         (Inside(root, entry.LinkName) ? "which is no regular file earlier in the archive" : "which is outside the archive") + "; not unpacked");
                            break;
                        }
                        total += new FileInfo(source).Length;
                        if (total > MaxArchiveBytes)
                        {
                            problems.Add($"{archive}: unpacks to more than {MaxArchiveBytes >> 30} GiB; verification stopped");
                            return null;
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        // A copy, not a link: the unpacked files are checked one by one, as a reader of the archive would see them.
                        if (!string.Equals(source, target, StringComparison.Ordinal)) File.Copy(source, target, overwrite: true);
                        unpackedFiles.Add(target);
                        break;
                    default:
                        problems.Add($"added: archive entry '{entry.Name}' is a {entry.EntryType}, not a regular file; not unpacked");
                        break;
                }
            }
        }
        // NotSupportedException: an entry type TarReader refuses while reading its header (a GNU sparse file; found by the
        // bundle-archive fuzz target).
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or NotSupportedException)
        {
            problems.Add($"{archive}: not a readable tar.gz archive ({ex.Message})");
            return null;
        }
        if (tops.Count != 1)
        {
            problems.Add($"{archive}: expected one top folder (the results folder), found {tops.Count}");
            return null;
        }
        return Path.Combine(root, tops.Single());
    }

    /// <summary>The unpacked file a hard-link entry names, or null when it leaves the archive or names no regular file unpacked before it.</summary>
    private static string? LinkedMember(string root, string? linkName, HashSet<string> unpackedFiles)
    {
        if (!Inside(root, linkName)) return null;
        var source = LinkTarget(root, linkName!);
        return unpackedFiles.Contains(source) && File.Exists(source) ? source : null;
    }

    private static bool Inside(string root, string? linkName)
    {
        if (string.IsNullOrEmpty(linkName) || Path.IsPathRooted(linkName) || linkName.Contains('\0', StringComparison.Ordinal)) return false;
        return LinkTarget(root, linkName).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Where a link name points, '..' resolved (not trimmed: a link climbing out of the archive must be seen as such).</summary>
    private static string LinkTarget(string root, string linkName)
    {
        var name = linkName.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        return Path.GetFullPath(Path.Combine(root, name));
    }
}
