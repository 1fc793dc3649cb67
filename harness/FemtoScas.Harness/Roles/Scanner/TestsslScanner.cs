using System.Text;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Scanning.Vulnerability;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// testssl.sh (Debian package testssl.sh, binary <c>testssl</c>) against each TLS port of the DUT,
/// with a bounded subset of its checks in groups that run side by side (each group one testssl
/// process: most of its time is waiting for the server). The default groups: cipher categories
/// (-s: NULL, anonymous, export, LOW, 3DES), forward secrecy with curves and DH groups (-f), LOGJAM
/// (-J), and Heartbleed, CCS injection, POODLE, SWEET32, RC4 (-H -I -O -W -4); protocol versions are
/// TS33117-4.2.3.2.4's. No DNS, no OCSP/CRL fetches (it stays offline), every connection bounded, and
/// each process under a hard time limit. Output: --jsonfile (parsed) and --csvfile per group.
/// </summary>
public sealed partial class TestsslScanner(TimeSpan limit, IReadOnlyList<string>? checkGroups = null) : IVulnerabilityScanner
{
    public static IReadOnlyList<string> DefaultCheckGroups { get; } = ["-s", "-f", "-J", "-H -I -O -W -4"];

    /// <summary>The testssl check flags a PIXIT may name (single checks; no output, proxy or file options).</summary>
    public static IReadOnlyList<string> AllowedChecks { get; } =
        ["-p", "-s", "-f", "-J", "-H", "-I", "-O", "-W", "-4", "-A", "-L", "-B", "-C", "-R", "-Z", "-D", "-T", "-S", "-P", "-h", "-E", "-e", "-U"];

    private readonly IReadOnlyList<string> groups = checkGroups ?? DefaultCheckGroups;

    public string Name => "testssl";

    public string? Unavailable => ExternalTool.IsInstalled("testssl") ? null : "testssl is not installed (Debian package testssl.sh; ./femtoscas set-up installs it as root)";

    public async Task<ScannerRun> ScanAsync(VulnerabilityScanTarget target, EvidenceFileFactory newFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newFile);
        if (Unavailable is { } why) return new(ScannerReport.Failed(Name, "absent", why), "absent", "", [], TimeSpan.Zero);
        if (target.TlsPorts.Count == 0) return new(ScannerReport.Failed(Name, "", "the PIXIT documents no TLS service to scan"), "", "", [], TimeSpan.Zero);
        var versions = Versions();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var jobs = target.TlsPorts.Order().SelectMany(port => groups.Select((g, i) => RunGroupAsync(target, port, i, g, versions, newFile, cancellationToken))).ToList();
        var results = await Task.WhenAll(jobs).ConfigureAwait(false);
        var findings = results.SelectMany(r => r.Findings).ToList();
        var notes = results.SelectMany(r => r.Notes).Distinct().ToList();
        var problems = results.Where(r => r.Problem is not null).Select(r => r.Problem!).ToList();
        var report = new ScannerReport(Name, versions.Split('\n')[0], findings, problems.Count == 0 ? null : string.Join("; ", problems)) { Notes = notes };
        return new(report, versions, string.Join("\n", results.Select(r => r.CommandLine)), [.. results.SelectMany(r => r.Files)], watch.Elapsed);
    }

    private sealed record GroupResult(string CommandLine, IReadOnlyList<string> Files, IReadOnlyList<VulnerabilityFinding> Findings, IReadOnlyList<string> Notes, string? Problem);

    private async Task<GroupResult> RunGroupAsync(VulnerabilityScanTarget target, int port, int index, string group, string versions, EvidenceFileFactory newFile, CancellationToken ct)
    {
        var name = $"testssl-{port}-{index + 1}";
        var json = newFile(name + ".json", $"testssl --jsonfile output, port {port}, checks {group}");
        var csv = newFile(name + ".csv", $"testssl --csvfile output, port {port}, checks {group}");
        // testssl refuses to overwrite an output file it did not create in this run.
        File.Delete(json);
        File.Delete(csv);
        var host = target.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString();
        List<string> args = ["--quiet", "--color", "0", "--warnings", "off", "--nodns", "none", "--connect-timeout", "5", "--openssl-timeout", "5",
            "--jsonfile", json, "--csvfile", csv, .. group.Split(' ', StringSplitOptions.RemoveEmptyEntries), $"{host}:{port}"];
        var run = await ExternalTool.RunAsync("testssl", args, limit, ct).ConfigureAwait(false);
        var text = newFile(name + ".txt", $"testssl version, command line and raw output, port {port}, checks {group}");
        await File.WriteAllTextAsync(text, versions + "\n" + run.EvidenceText(), ct).ConfigureAwait(false);
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
        return new(run.CommandLine, [json, csv, text], parsed?.Findings ?? [], parsed?.Notes ?? [], problem);
    }

    /// <summary>testssl's version line and the OpenSSL it uses (its "Using ..." line), colour codes removed.</summary>
    private static string Versions()
    {
        var path = ToolVersions.Which("testssl");
        if (path is null) return "absent";
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var outTask = p.StandardOutput.ReadToEndAsync();
            var errTask = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(15_000))
            {
                p.Kill(entireProcessTree: true);
                return "testssl (version query timed out)";
            }
            var text = Colour().Replace(outTask.Result + errTask.Result, "");
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var b = new StringBuilder();
            b.Append(lines.FirstOrDefault(l => l.StartsWith("testssl", StringComparison.Ordinal) && l.Any(char.IsDigit)) ?? "testssl (no version line)").Append('\n');
            foreach (var l in lines.Where(l => l.StartsWith("Using ", StringComparison.Ordinal) || l.StartsWith("on ", StringComparison.Ordinal) || l.StartsWith("(built", StringComparison.Ordinal)))
                b.Append(l).Append('\n');
            return b.ToString().TrimEnd();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return "testssl present but not runnable: " + ex.Message;
        }
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Colour();
}
