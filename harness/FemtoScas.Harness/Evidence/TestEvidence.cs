using System.Security.Cryptography;
using System.Text;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The evidence of one test case: a folder under the results directory holding its step log,
/// attachments and captures. Every text that enters it is masked for secrets first; every file
/// is hashed (SHA-256) when the test case closes.
/// </summary>
public sealed class TestEvidence
{
    private readonly string resultsDirectory;
    private readonly List<StepEntry> steps = [];
    private readonly List<(string Path, string Kind, string Description)> files = [];
    private readonly List<Finding> findings = [];
    private readonly List<EvidenceTable> tables = [];
    private readonly List<CryptoProfileSection> cryptoProfiles = [];
    private readonly StreamWriter stepLog;
    private readonly Lock gate = new();

    public TestEvidence(string resultsDirectory, string requirementId, string testName)
    {
        this.resultsDirectory = resultsDirectory;
        Directory = System.IO.Path.Combine(resultsDirectory, "evidence", Safe(requirementId), Safe(testName));
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        System.IO.Directory.CreateDirectory(Directory);
        var logPath = System.IO.Path.Combine(Directory, "steps.log");
        stepLog = new StreamWriter(logPath, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        files.Add((logPath, "step-log", "the test case's step log"));
    }

    public string Directory { get; }
    public IReadOnlyList<StepEntry> Steps { get { lock (gate) return [.. steps]; } }
    public IReadOnlyList<Finding> Findings { get { lock (gate) return [.. findings]; } }
    public IReadOnlyList<EvidenceTable> Tables { get { lock (gate) return [.. tables]; } }
    public IReadOnlyList<CryptoProfileSection> CryptoProfiles { get { lock (gate) return [.. cryptoProfiles]; } }
    public string? LastStep { get { lock (gate) return steps.Count == 0 ? null : steps[^1].Text; } }

    public void Step(string text)
    {
        var masked = EvidenceText.Clean(text);
        var entry = new StepEntry(DateTimeOffset.UtcNow, masked);
        lock (gate)
        {
            steps.Add(entry);
            stepLog.WriteLine($"{entry.At:yyyy-MM-ddTHH:mm:ss.fffZ} {masked}");
        }
    }

    public void Finding(Finding finding)
    {
        lock (gate)
            findings.Add(finding with
            {
                Subject = EvidenceText.Clean(finding.Subject),
                Expected = EvidenceText.Clean(finding.Expected),
                Observed = EvidenceText.Clean(finding.Observed),
            });
    }

    public void Table(EvidenceTable table)
    {
        lock (gate)
            tables.Add(table with
            {
                Rows = [.. table.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(EvidenceText.Clean)])],
            });
    }

    /// <summary>A crypto-profile section (structured; the report renders it in its own section).</summary>
    public void CryptoProfile(CryptoProfileSection section)
    {
        static string C(string s) => EvidenceText.Clean(s);
        lock (gate)
            cryptoProfiles.Add(section with
            {
                Rows = [.. section.Rows.Select(r => r with
                {
                    Transform = C(r.Transform), OfferedByDut = C(r.OfferedByDut), Probe = C(r.Probe), DutReaction = C(r.DutReaction),
                })],
            });
    }

    /// <summary>A path inside the evidence folder for a file the caller will write (e.g. a capture).</summary>
    public string NewFile(string fileName, string kind, string description)
    {
        var path = System.IO.Path.Combine(Directory, Safe(fileName));
        lock (gate) files.Add((path, kind, description));
        return path;
    }

    /// <summary>Writes a text attachment, masked for secrets.</summary>
    public string AttachText(string fileName, string kind, string description, string content)
    {
        var path = NewFile(fileName, kind, description);
        File.WriteAllText(path, EvidenceText.Clean(content), new UTF8Encoding(false));
        return path;
    }

    /// <summary>Closes the step log and hashes every file that exists.</summary>
    public IReadOnlyList<EvidenceFile> Seal()
    {
        lock (gate)
        {
            stepLog.Dispose();
            var sealedFiles = new List<EvidenceFile>();
            foreach (var (path, kind, description) in files)
            {
                if (!File.Exists(path)) continue;
                using var s = File.OpenRead(path);
                var hash = Convert.ToHexStringLower(SHA256.HashData(s));
                var rel = System.IO.Path.GetRelativePath(resultsDirectory, path).Replace('\\', '/');
                sealedFiles.Add(new EvidenceFile(rel, hash, new FileInfo(path).Length, kind, description));
            }
            return sealedFiles;
        }
    }

    private static string Safe(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return sb.ToString();
    }
}
