using System.Formats.Tar;
using System.IO.Compression;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Sealing;

/// <summary>What sealing a results folder wrote, and what it could not do (each with the reason).</summary>
public sealed record SealResult(string Manifest, string? Signature, string Archive, string? Signer, IReadOnlyList<string> Gaps);

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

    public static SealResult Seal(string resultsDirectory, string runId, LabFile? lab, DateTimeOffset now)
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
        var manifest = new RunManifest(runId, now, files, signer);
        var bytes = manifest.ToBytes();
        var manifestPath = Path.Combine(root, RunManifest.FileName);
        File.WriteAllBytes(manifestPath, bytes);
        string? signaturePath = null;
        if (lab?.Signing is { } s)
        {
            signaturePath = Path.Combine(root, RunManifest.SignatureFileName);
            File.WriteAllBytes(signaturePath, CmsDetachedSignature.Sign(bytes, s.KeyFile, s.CertificateFile, s.ChainFiles));
        }
        if (lab?.TimestampUrl is { } tsa)
        {
            // The timestamp covers the signature when there is one (RFC 3161 appendix A's use), else the manifest.
            var covered = signaturePath is null ? bytes : File.ReadAllBytes(signaturePath);
            var (response, check) = RunTimestamp.Request(tsa, RunTimestamp.Imprint(covered), lab.TimestampCaFile);
            if (response is not null) File.WriteAllBytes(Path.Combine(root, RunManifest.TimestampFileName), response);
            else gaps.Add($"DEVIATION: no RFC 3161 timestamp: {check.Problem}; the manifest carries no trusted time");
        }
        var archive = ArchivePathFor(root);
        WriteArchive(root, archive);
        return new SealResult(manifestPath, signaturePath, archive, signer, gaps);
    }

    /// <summary>A gzip'd POSIX tar of the folder, entries under the folder's name; written beside and renamed, so a reader never sees half an archive.</summary>
    private static void WriteArchive(string root, string archive)
    {
        var name = Path.GetFileName(root);
        var partial = archive + ".partial";
        using (var file = File.Create(partial))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            var paths = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(p => new FileInfo(p).LinkTarget is null)
                .Select(p => (Full: p, Relative: Path.GetRelativePath(root, p).Replace('\\', '/')))
                .OrderBy(p => p.Relative, StringComparer.Ordinal);
            foreach (var (full, relative) in paths) tar.WriteEntry(full, name + "/" + relative);
        }
        File.Move(partial, archive, overwrite: true);
    }
}
