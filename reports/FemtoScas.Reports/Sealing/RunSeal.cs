using System.Formats.Tar;
using System.IO.Compression;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Sealing;

/// <summary>What sealing a results folder wrote, and what it could not do (each with the reason).</summary>
public sealed record SealResult(string Manifest, string? Signature, string Archive, string? Signer, IReadOnlyList<string> Gaps)
{
    /// <summary>Why the run has no RFC 3161 timestamp although the lab file names a TSA; null when it has one or none was asked for.</summary>
    public string? TimestampDeviation { get; init; }
    /// <summary>Archive members stored as hard-link entries to an earlier member with the same octets (no second copy).</summary>
    public int ArchiveLinks { get; init; }
}

/// <summary>
/// Seals a results folder after its reports are written: manifest.json over every file, a detached
/// CMS signature with the lab's key when the lab file names one, and one hand-off archive
/// (<c>DIR.tar.gz</c>, beside the folder, so it never lists itself). A lab file naming a TSA gets an
/// RFC 3161 timestamp over the signature (or the unsigned manifest) in manifest.tsr; a TSA that fails
/// is a stated deviation, never a silent absence.
/// </summary>
public static class RunSeal
{
    public const string ArchiveExtension = ".tar.gz";

    /// <summary>The hand-off archive of <paramref name="resultsDirectory"/>: a sibling named after the folder.</summary>
    public static string ArchivePathFor(string resultsDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(resultsDirectory)) + ArchiveExtension;

    /// <summary>
    /// Seals <paramref name="resultsDirectory"/>. With <paramref name="knownTimestampDeviation"/> the TSA is not asked
    /// again: the reports already state that deviation (written after a first seal's TSA failed, see
    /// <see cref="ReportWriter.WriteAndSeal"/>) and the manifest records the same text, so reports and seal agree.
    /// </summary>
    public static SealResult Seal(string resultsDirectory, string runId, LabFile? lab, DateTimeOffset now, string? knownTimestampDeviation = null)
    {
        var root = Path.GetFullPath(resultsDirectory);
        var gaps = new List<string>();
        // An earlier seal is replaced whole: a stale signature must not sit beside a new manifest.
        foreach (var f in new[] { RunManifest.SignatureFileName, RunManifest.TimestampFileName })
            File.Delete(Path.Combine(root, f));
        var scanProblems = new List<string>();
        var files = RunManifest.Scan(root, scanProblems);
        gaps.AddRange(scanProblems);

        string? signer = null;
        if (lab?.Signing is { } signing)
        {
            // The subject goes into the manifest before signing, so the signed octets name their signer.
            signer = CmsDetachedSignature.SignerSubject(signing.CertificateFile);
        }
        var manifest = new RunManifest(runId, now, files, signer) { TimestampDeviation = knownTimestampDeviation };
        var bytes = manifest.ToBytes();
        var manifestPath = Path.Combine(root, RunManifest.FileName);
        File.WriteAllBytes(manifestPath, bytes);
        string? signaturePath = null;
        if (lab?.Signing is { } s)
        {
            signaturePath = Path.Combine(root, RunManifest.SignatureFileName);
            File.WriteAllBytes(signaturePath, CmsDetachedSignature.Sign(bytes, s.KeyFile, s.CertificateFile, s.ChainFiles));
        }
        string? timestampDeviation = null;
        if (lab?.TimestampUrl is not null && knownTimestampDeviation is not null)
        {
            timestampDeviation = knownTimestampDeviation;
            gaps.Add("DEVIATION: " + knownTimestampDeviation);
        }
        else if (lab?.TimestampUrl is { } tsa)
        {
            // The timestamp covers the signature when there is one (RFC 3161 appendix A's use), else the manifest.
            var covered = signaturePath is null ? bytes : File.ReadAllBytes(signaturePath);
            var (response, check) = RunTimestamp.Request(tsa, RunTimestamp.Imprint(covered), lab.TimestampCaFile);
            if (response is not null) File.WriteAllBytes(Path.Combine(root, RunManifest.TimestampFileName), response);
            else
            {
                timestampDeviation = TimestampDeviationText(check.Problem!);
                gaps.Add("DEVIATION: " + timestampDeviation);
            }
        }
        var archive = ArchivePathFor(root);
        var links = WriteArchive(root, archive, files);
        return new SealResult(manifestPath, signaturePath, archive, signer, gaps) { TimestampDeviation = timestampDeviation, ArchiveLinks = links };
    }

    /// <summary>The deviation a failed TSA is, worded for the reports' deviations list and the manifest.</summary>
    public static string TimestampDeviationText(string problem) =>
        $"no RFC 3161 timestamp: {problem}; the manifest carries no trusted time";

    /// <summary>
    /// A gzip'd POSIX tar of the folder, entries under the folder's name; written beside and renamed, so a reader never sees half an archive.
    /// A file whose octets (SHA-256 and size, from the manifest's scan) equal an earlier member's is stored once: a
    /// hard-link entry naming that member (allure-results/ attachments are hard links to the evidence files on disk,
    /// and would otherwise be stored twice). GNU tar unpacks them as hard links; <see cref="BundleVerifier"/> as copies.
    /// Returns the number of hard-link entries.
    /// </summary>
    private static int WriteArchive(string root, string archive, IReadOnlyList<ManifestEntry> scanned)
    {
        var name = Path.GetFileName(root);
        var partial = archive + ".partial";
        var byPath = scanned.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var firstWithOctets = new Dictionary<(string Sha256, long Bytes), string>();
        var links = 0;
        using (var file = File.Create(partial))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            var paths = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(p => new FileInfo(p).LinkTarget is null)
                .Select(p => (Full: p, Relative: Path.GetRelativePath(root, p).Replace('\\', '/')))
                // allure-results/ last: its attachments are the links, the evidence files keep their content.
                .OrderBy(p => p.Relative.StartsWith(AllureWriter.DirectoryName + "/", StringComparison.Ordinal))
                .ThenBy(p => p.Relative, StringComparer.Ordinal);
            foreach (var (full, relative) in paths)
            {
                // Seal files (not in the scan) and empty files are always stored as themselves.
                if (byPath.TryGetValue(relative, out var entry) && entry.Bytes > 0)
                {
                    if (firstWithOctets.TryGetValue((entry.Sha256, entry.Bytes), out var first))
                    {
                        tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name + "/" + relative) { LinkName = name + "/" + first });
                        links++;
                        continue;
                    }
                    firstWithOctets.Add((entry.Sha256, entry.Bytes), relative);
                }
                tar.WriteEntry(full, name + "/" + relative);
            }
        }
        File.Move(partial, archive, overwrite: true);
        return links;
    }
}
