using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Validation;

/// <summary>One configuration's part in a test case's validation.</summary>
/// <param name="Configuration">The configuration's name.</param>
/// <param name="Expected">The verdict it must give.</param>
/// <param name="Actual">The verdict it gave; null when the configuration did not run or the case was not decided.</param>
/// <param name="Held">Whether the check held: a FAIL where sensitivity needs one, no FAIL where soundness forbids one.</param>
public sealed record CaseCheck(string Configuration, string Expected, string? Actual, bool Held);

/// <summary>
/// A test case's validation: the non-conformant configurations that must FAIL it (sensitivity),
/// the conformant ones that must not (soundness), which independent peers decide it, and every
/// deviation of a configuration on it.
/// </summary>
public sealed record TestCaseValidation(
    string Id,
    IReadOnlyList<CaseCheck> Sensitivity,
    IReadOnlyList<CaseCheck> Soundness,
    IReadOnlyList<string> IndependentPeers,
    IReadOnlyList<string> IndependentConfigurations,
    IReadOnlyList<string> Deviations);

/// <summary>The outcome of a validation: per configuration and per test case.</summary>
public sealed record ValidationSummary(IReadOnlyList<ConfigurationOutcome> Outcomes, IReadOnlyList<TestCaseValidation> TestCases)
{
    /// <summary>Every deviation, prefixed with its configuration's name.</summary>
    public IReadOnlyList<string> Deviations => [.. Outcomes.SelectMany(o => o.Differences.Select(d => $"{o.Configuration.Name}: {d}"))];

    /// <summary>Builds the per-test-case view from the configurations' outcomes.</summary>
    public static ValidationSummary Of(IReadOnlyList<ConfigurationOutcome> outcomes)
    {
        var ids = outcomes.SelectMany(o => o.Configuration.Verdicts.Keys).Distinct().Order(StringComparer.Ordinal);
        var cases = new List<TestCaseValidation>();
        foreach (var id in ids)
        {
            var sensitivity = new List<CaseCheck>();
            var soundness = new List<CaseCheck>();
            var peers = new SortedSet<string>(StringComparer.Ordinal);
            var independent = new List<string>();
            var deviations = new List<string>();
            foreach (var o in outcomes)
            {
                if (!o.Configuration.Verdicts.TryGetValue(id, out var expected)) continue;
                string? actual = o.Decided.TryGetValue(id, out var got) ? got.Verdict : null;
                if (!o.Configuration.Conformant && expected == "FAIL")
                    sensitivity.Add(new CaseCheck(o.Configuration.Name, expected, actual, actual == "FAIL"));
                if (o.Configuration.Conformant)
                    soundness.Add(new CaseCheck(o.Configuration.Name, expected, actual, actual is not null && actual != "FAIL"));
                // A peer covers the case where one of its configurations decides it (PASS or FAIL expected).
                if (o.IndependentPeer is { } peer && expected is "PASS" or "FAIL")
                {
                    peers.Add(peer);
                    independent.Add(o.Configuration.Name);
                }
                deviations.AddRange(o.Differences.Where(d => d.StartsWith(id + ":", StringComparison.Ordinal)).Select(d => $"{o.Configuration.Name}: {d}"));
                if (o.NotRun is { } why) deviations.Add($"{o.Configuration.Name}: not run: {why}");
            }
            cases.Add(new TestCaseValidation(id, sensitivity, soundness, [.. peers], independent, deviations));
        }
        return new ValidationSummary(outcomes, cases);
    }
}

/// <summary>What identifies the tool that was validated: a lab files this with the report.</summary>
public sealed record ToolIdentification(
    string FemtoScasVersion,
    string TreeState,
    string CatalogueSha256,
    IReadOnlyList<(string Name, string Sha256)> CryptoProfiles,
    IReadOnlyDictionary<string, string> ToolVersions,
    string Host,
    DateTimeOffset Date)
{
    /// <summary>Collects the identification of the tree at <paramref name="root"/> and this host's tools.</summary>
    public static ToolIdentification Collect(string root, Catalogue catalogue)
    {
        var version = typeof(ToolIdentification).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var catalogueHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(catalogue.Files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}:{f.Sha256}\n")))));
        var profiles = Directory.GetFiles(Path.Combine(root, "fixtures", "crypto-profiles"), "*.json").Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p))))).ToList();
        return new ToolIdentification(version, TreeStateOf(root), catalogueHash, profiles, Tools.ToolVersions.Collect(), Environment.MachineName, DateTimeOffset.UtcNow);
    }

    /// <summary>The git commit of the tree and whether tracked files differ from it ("modified"); "unknown" without git.</summary>
    private static string TreeStateOf(string root)
    {
        var head = Git(root, "rev-parse", "HEAD");
        if (head is null) return "unknown (no git repository or no git)";
        var status = Git(root, "status", "--porcelain", "--untracked-files=no");
        return status is null ? $"{head.Trim()} (modification state unknown)"
            : status.Trim().Length == 0 ? $"{head.Trim()} (unmodified)" : $"{head.Trim()} (MODIFIED: tracked files differ from the commit)";
    }

    private static string? Git(string root, params string[] args)
    {
        if (Tools.ToolVersions.Which("git") is not { } git) return null;
        var psi = new ProcessStartInfo(git) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi);
        if (p is null) return null;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        if (!p.WaitForExit(10_000))
        {
            p.Kill(entireProcessTree: true);
            return null;
        }
        return p.ExitCode == 0 ? output : null;
    }
}
