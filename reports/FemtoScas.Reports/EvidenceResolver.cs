using System.Security.Cryptography;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports;

/// <summary>
/// Finds each evidence file the journal lists (paths are relative to the journal's folder),
/// re-hashes it, and computes the link from the report's folder. An auditor must be able to
/// trust that a linked file is the one the run hashed, so a changed or missing file is a problem,
/// and a path leaving the results folder is neither linked nor copied.
/// </summary>
internal sealed class EvidenceResolver(string journalDirectory, string outputDirectory)
{
    private readonly string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(journalDirectory));
    private readonly Dictionary<string, string> hashCache = new(StringComparer.Ordinal);

    public ReportEvidence Resolve(EvidenceFile file, string owner, List<string> problems)
    {
        var relative = file.Path.Replace('\\', '/');
        // A drive letter ("C:/…") is rooted on Windows though not here; a colon elsewhere is a legal
        // file-name character (timestamps) and is percent-encoded in the link, so it cannot act as a scheme.
        var driveRooted = relative.Length >= 2 && char.IsAsciiLetter(relative[0]) && relative[1] == ':';
        if (relative.Length == 0 || Path.IsPathRooted(relative) || driveRooted)
        {
            problems.Add($"{owner}: evidence path '{file.Path}' is not relative to the results folder; it is listed but not linked");
            return new ReportEvidence(file, EvidenceState.OutsideResults, null, null);
        }
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problems.Add($"{owner}: evidence path '{file.Path}' leaves the results folder; it is listed but not linked");
            return new ReportEvidence(file, EvidenceState.OutsideResults, null, null);
        }
        var href = RelativeHref(outputDirectory, full);
        if (!File.Exists(full))
        {
            problems.Add($"{owner}: evidence file '{file.Path}' is missing from the results folder");
            return new ReportEvidence(file, EvidenceState.Missing, full, href);
        }
        var actual = Hash(full);
        if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{owner}: evidence file '{file.Path}' has SHA-256 {actual} on disk but {file.Sha256} in the journal: it changed after the run");
            return new ReportEvidence(file, EvidenceState.HashMismatch, full, href);
        }
        return new ReportEvidence(file, EvidenceState.Verified, full, href);
    }

    private string Hash(string full)
    {
        if (hashCache.TryGetValue(full, out var known)) return known;
        using var stream = File.OpenRead(full);
        var hex = Convert.ToHexStringLower(SHA256.HashData(stream));
        hashCache[full] = hex;
        return hex;
    }

    /// <summary>
    /// A URL path from <paramref name="fromDirectory"/> to <paramref name="target"/>, each segment
    /// percent-encoded so a file name can neither break out of the attribute nor become a scheme.
    /// </summary>
    public static string RelativeHref(string fromDirectory, string target)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(fromDirectory), target);
        if (Path.IsPathRooted(relative))
            return new Uri(target).AbsoluteUri; // another drive or root: only an absolute file URI reaches it
        var segments = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        return string.Join('/', segments.Select(s => s == ".." ? s : Uri.EscapeDataString(s)));
    }
}
