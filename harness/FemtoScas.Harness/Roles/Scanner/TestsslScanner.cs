using System.Text;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Scanning.Vulnerability;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// testssl.sh (Debian package testssl.sh, binary <c>testssl</c>) against each TLS port of the DUT,
/// with a bounded subset of its checks in groups that run side by side (each group one testssl
/// process: most of its time is waiting for the server). The default groups, sized for the CI
/// budget on a shared 2-core host: LOGJAM with the DH groups, Heartbleed, CCS injection (-J -H -I);
/// cipher categories (-s: NULL, anonymous, export, LOW, 3DES), RC4, SWEET32 (-s -4 -W). Protocol
/// versions are TS33117-4.2.3.2.4's; forward secrecy with its curve list (-f, ~30 s on SimFemto) and
/// the rest are the lab's to add (PIXIT testsslChecks). No DNS, no OCSP/CRL fetches (it stays
/// offline), every connection bounded, and each process under a hard time limit. Output: --jsonfile
/// (parsed) and --csvfile per group; the version comes from the run's own banner (testssl --version
/// takes seconds of its own).
/// </summary>
public sealed partial class TestsslScanner(TimeSpan limit, IReadOnlyList<string>? checkGroups = null) : IVulnerabilityScanner
{
    public static IReadOnlyList<string> DefaultCheckGroups => ScannerDefaults.TestsslCheckGroups;


    private readonly IReadOnlyList<string> groups = checkGroups ?? DefaultCheckGroups;

    public string Name => "testssl";

    public string? Unavailable => ExternalTool.IsInstalled("testssl") ? null : "testssl is not installed (Debian package testssl.sh; ./femtoscas set-up installs it as root)";

    public async Task<ScannerRun> ScanAsync(VulnerabilityScanTarget target, EvidenceFileFactory newFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newFile);
        if (Unavailable is { } why) return new(ScannerReport.Failed(Name, "absent", why), "absent", "", [], TimeSpan.Zero);
        if (target.TlsPorts.Count == 0) return new(ScannerReport.Failed(Name, "", "the PIXIT documents no TLS service to scan"), "", "", [], TimeSpan.Zero);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var jobs = target.TlsPorts.Order().SelectMany(port => groups.Select((g, i) => RunGroupAsync(target, port, i, g, newFile, cancellationToken))).ToList();
        var results = await Task.WhenAll(jobs).ConfigureAwait(false);
        var versions = results.Select(r => r.Version).FirstOrDefault(v => v is not null) ?? "testssl (no version line in its output)";
        var findings = results.SelectMany(r => r.Findings).ToList();
        var notes = results.SelectMany(r => r.Notes).Distinct().ToList();
        var problems = results.Where(r => r.Problem is not null).Select(r => r.Problem!).ToList();
        var report = new ScannerReport(Name, versions.Split('\n')[0], findings, problems.Count == 0 ? null : string.Join("; ", problems)) { Notes = notes };
        return new(report, versions, string.Join("\n", results.Select(r => r.CommandLine)), [.. results.SelectMany(r => r.Files)], watch.Elapsed);
    }

    private sealed record GroupResult(string CommandLine, IReadOnlyList<string> Files, IReadOnlyList<VulnerabilityFinding> Findings, IReadOnlyList<string> Notes, string? Problem, string? Version);

    private async Task<GroupResult> RunGroupAsync(VulnerabilityScanTarget target, int port, int index, string group, EvidenceFileFactory newFile, CancellationToken ct)
    {
        var name = $"testssl-{port}-{index + 1}";
        var json = newFile(name + ".json", $"testssl --jsonfile output, port {port}, checks {group}");
        var csv = newFile(name + ".csv", $"testssl --csvfile output, port {port}, checks {group}");
        // testssl refuses to overwrite an output file it did not create in this run.
        File.Delete(json);
        File.Delete(csv);
        var host = target.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString();
        // No --quiet: the banner names testssl's version and the OpenSSL it uses.
        List<string> args = ["--color", "0", "--warnings", "off", "--nodns", "none", "--connect-timeout", "5", "--openssl-timeout", "5",
            "--jsonfile", json, "--csvfile", csv, .. group.Split(' ', StringSplitOptions.RemoveEmptyEntries), $"{host}:{port}"];
        var run = await ExternalTool.RunAsync("testssl", args, limit, ct, knownVersion: "see the banner in the output").ConfigureAwait(false);
        var version = VersionFrom(run.StandardOutput);
        var text = newFile(name + ".txt", $"testssl version, command line and raw output, port {port}, checks {group}");
        await File.WriteAllTextAsync(text, (version ?? "testssl: no version line in the output") + "\n" + run.EvidenceText(), ct).ConfigureAwait(false);
        string? problem = null;
        TestsslReport.Parsed? parsed = null;
        if (run.TimedOut) problem = $"port {port}, checks {group}: testssl did not finish within {limit.TotalSeconds:0} s";
        else if (!File.Exists(json)) problem = $"port {port}, checks {group}: testssl wrote no JSON output (exit {run.ExitCode}): {VulnerabilityFinding.Excerpt(run.StandardError + run.StandardOutput)}";
        else
        {
            parsed = TestsslReport.Parse(await File.ReadAllTextAsync(json, ct).ConfigureAwait(false));
            // testssl reports a target it could not reach or speak TLS with as scanProblem (FATAL); its findings then mean nothing.
            problem = parsed.Problem is { } p ? $"port {port}, checks {group}: {p}"
                : parsed.Notes.FirstOrDefault(n => n.StartsWith("scanProblem", StringComparison.Ordinal)) is { } fatal ? $"port {port}, checks {group}: {fatal}"
                : parsed.Entries == 0 ? $"port {port}, checks {group}: testssl reported nothing"
                : null;
        }
        return new(run.CommandLine, [json, csv, text], parsed?.Findings ?? [], parsed?.Notes ?? [], problem, version);
    }

    /// <summary>testssl's version line and the OpenSSL it uses (its banner's "Using ..." line), colour codes removed; null when the banner has none.</summary>
    internal static string? VersionFrom(string output)
    {
        var lines = Colour().Replace(output, "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(40).ToList();
        var tool = lines.FirstOrDefault(l => l.StartsWith("testssl", StringComparison.Ordinal) && l.Any(char.IsDigit));
        if (tool is null) return null;
        var b = new StringBuilder(tool);
        foreach (var l in lines.Where(l => l.StartsWith("Using ", StringComparison.Ordinal) || l.StartsWith("(built", StringComparison.Ordinal)))
            b.Append('\n').Append(l);
        return b.ToString();
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Colour();
}
