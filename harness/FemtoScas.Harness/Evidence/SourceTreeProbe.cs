using System.Diagnostics;
using System.Security.Cryptography;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The test-method version a report states (ISO/IEC 17025 7.8.2.1): which commit FemtoScas was
/// built from, whether the tree had uncommitted changes, and the crypto-profile files in force.
/// </summary>
public static class SourceTreeProbe
{
    /// <summary>Asks git in <paramref name="repositoryRoot"/>; null when git or the repository is absent (a source export).</summary>
    public static SourceTreeState? Probe(string repositoryRoot)
    {
        var commit = Git(repositoryRoot, "rev-parse", "HEAD");
        if (commit is null) return null;
        // Untracked files count: a new test case not yet committed changes the method too. out/ is ignored by .gitignore.
        var status = Git(repositoryRoot, "status", "--porcelain");
        if (status is null) return new SourceTreeState(commit.Trim(), Modified: true, "git status failed: treated as modified");
        var changed = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new SourceTreeState(commit.Trim(), changed.Length > 0,
            changed.Length == 0 ? "clean" : $"{changed.Length} changed or untracked path(s), e.g. {changed[0].Trim()}");
    }

    /// <summary>Every *.json file of <paramref name="directory"/> with its SHA-256, by name; empty when the folder is absent.</summary>
    public static IReadOnlyList<Requirements.Catalogue.SourceFile> HashJsonFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)
                .Select(f => new Requirements.Catalogue.SourceFile(Path.GetFileName(f), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))))
                .ToList();

    private static string? Git(string directory, params string[] arguments)
    {
        var git = Tools.ToolVersions.Which("git");
        if (git is null) return null;
        var psi = new ProcessStartInfo(git) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(directory);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi);
            if (p is null) return null;
            var errTask = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
                return null;
            }
            errTask.Wait();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
