using System.Text;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Scanning.Vulnerability;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// testssl.sh (Debian package testssl.sh, binary <c>testssl</c>) against each TLS port of the DUT,
/// with a bounded subset of its checks: protocols (-p), cipher categories (-s), forward secrecy and
/// DH groups (-f), and the vulnerability checks Heartbleed, CCS injection, POODLE, LOGJAM, SWEET32
/// and RC4 (-H -I -O -J -W -4). No DNS, no OCSP/CRL fetches (it stays offline), every connection
/// bounded, and the whole run under a hard time limit. Output: --jsonfile (parsed) and --csvfile.
/// </summary>
public sealed partial class TestsslScanner(TimeSpan limit) : IVulnerabilityScanner
{
    public static IReadOnlyList<string> Checks { get; } = ["-p", "-s", "-f", "-H", "-I", "-O", "-J", "-W", "-4"];

    public string Name => "testssl";

    public string? Unavailable => ExternalTool.IsInstalled("testssl") ? null : "testssl is not installed (Debian package testssl.sh; ./femtoscas set-up installs it as root)";

    public async Task<ScannerRun> ScanAsync(VulnerabilityScanTarget target, EvidenceFileFactory newFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newFile);
        if (Unavailable is { } why) return new(ScannerReport.Failed(Name, "absent", why), "absent", "", [], TimeSpan.Zero);
        if (target.TlsPorts.Count == 0) return new(ScannerReport.Failed(Name, "", "the PIXIT documents no TLS service to scan"), "", "", [], TimeSpan.Zero);
        var versions = Versions();
        var findings = new List<VulnerabilityFinding>();
        var notes = new List<string>();
        var files = new List<string>();
        var commands = new List<string>();
        var problems = new List<string>();
        var took = TimeSpan.Zero;
        foreach (var port in target.TlsPorts.Order())
        {
            var json = newFile($"testssl-{port}.json", $"testssl --jsonfile output, port {port}");
            var csv = newFile($"testssl-{port}.csv", $"testssl --csvfile output, port {port}");
            // testssl refuses to overwrite an output file it did not create in this run.
            File.Delete(json);
            File.Delete(csv);
            var host = target.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString();
            List<string> args = ["--quiet", "--color", "0", "--warnings", "off", "--nodns", "none", "--connect-timeout", "5", "--openssl-timeout", "5",
                "--jsonfile", json, "--csvfile", csv, .. Checks, $"{host}:{port}"];
            var run = await ExternalTool.RunAsync("testssl", args, limit, cancellationToken).ConfigureAwait(false);
            took += run.Duration;
            commands.Add(run.CommandLine);
            var text = newFile($"testssl-{port}.txt", $"testssl version, command line and raw output, port {port}");
            await File.WriteAllTextAsync(text, versions + "\n" + run.EvidenceText(), cancellationToken).ConfigureAwait(false);
            files.AddRange([json, csv, text]);
            if (run.TimedOut)
            {
                problems.Add($"port {port}: testssl did not finish within {limit.TotalSeconds:0} s");
                continue;
            }
            if (!File.Exists(json))
            {
                problems.Add($"port {port}: testssl wrote no JSON output (exit {run.ExitCode}): {VulnerabilityFinding.Excerpt(run.StandardError + run.StandardOutput)}");
                continue;
            }
            var parsed = TestsslReport.Parse(await File.ReadAllTextAsync(json, cancellationToken).ConfigureAwait(false));
            findings.AddRange(parsed.Findings);
            notes.AddRange(parsed.Notes);
            if (parsed.Problem is { } p) problems.Add($"port {port}: {p}");
            // testssl reports a target it could not reach or speak TLS with as scanProblem (FATAL); its findings then mean nothing.
            else if (parsed.Notes.FirstOrDefault(n => n.StartsWith("scanProblem (FATAL)", StringComparison.Ordinal)) is { } fatal) problems.Add($"port {port}: {fatal}");
            else if (parsed.Entries == 0) problems.Add($"port {port}: testssl reported nothing");
        }
        var report = new ScannerReport(Name, versions.Split('\n')[0], findings, problems.Count == 0 ? null : string.Join("; ", problems)) { Notes = notes };
        return new(report, versions, string.Join("\n", commands), files, took);
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
