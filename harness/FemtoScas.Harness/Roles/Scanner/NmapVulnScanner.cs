using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Scanning.Vulnerability;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// nmap's NSE scripts against the DUT's documented TCP services, after a light service detection
/// (so HTTP scripts know a port speaks TLS), bounded by --host-timeout and --script-timeout (and a
/// hard limit on the process). The script selection is the PIXIT's (vulnerabilityScan.nmapScripts); by default
/// the <c>vuln</c> category's TLS and HTTP checks (ssl-*, tls-*, http-vuln-*): the rest of the
/// category crawls web servers for minutes. Scripts that need the internet (<c>external</c>: vulners
/// and the like) or that flood (<c>dos</c>, <c>brute</c>, <c>broadcast</c>) are never selected. NSE
/// scripts carry no version of their own: the evidence records nmap's version and the SHA-256 of
/// script.db and of every script that ran.
/// </summary>
public sealed class NmapVulnScanner(TimeSpan hostTimeout, TimeSpan scriptTimeout, string scripts = ScannerDefaults.NmapScripts,
    string nmapDataDirectory = "/usr/share/nmap") : IVulnerabilityScanner
{
    private const string NeverRun = "not (dos or brute or broadcast or external)";
    private string Scripts => $"({scripts}) and {NeverRun}";

    public string Name => "nmap";

    public string? Unavailable => ExternalTool.IsInstalled("nmap") ? null : "nmap is not installed (Debian package nmap; ./femtoscas set-up installs it as root)";

    public async Task<ScannerRun> ScanAsync(VulnerabilityScanTarget target, EvidenceFileFactory newFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newFile);
        if (Unavailable is { } why) return new(ScannerReport.Failed(Name, "absent", why), "absent", "", [], TimeSpan.Zero);
        if (target.TcpPorts.Count == 0) return new(ScannerReport.Failed(Name, "", "the PIXIT documents no TCP service to scan"), "", "", [], TimeSpan.Zero);
        var xml = newFile("nmap-vuln.xml", "nmap NSE vuln/ssl-* XML output (-oX)");
        var root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        // -sV at intensity 0 (the probes that name the port, ~20 s less than --version-light on
        // SimFemto): without it nmap's http scripts speak plain HTTP to a TLS port and check nothing.
        List<string> args = ["-n", "-Pn", root ? "-sS" : "-sT", "-sV", "--version-intensity", "0", "--reason",
            "--host-timeout", $"{(int)hostTimeout.TotalSeconds}s", "--script-timeout", $"{(int)scriptTimeout.TotalSeconds}s",
            // vulns.showall: checks that found nothing say so ("NOT VULNERABLE"), so the evidence shows what ran.
            "--script", Scripts, "--script-args", "vulns.showall", "-p", "T:" + string.Join(",", target.TcpPorts.Order()), "-oX", xml, target.Address.ToString()];
        // The host timeout bounds nmap's own work; the process limit adds its start-up and exit.
        var run = await ExternalTool.RunAsync("nmap", args, hostTimeout + TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        var text = newFile("nmap-vuln.txt", "nmap version, command line and raw output");
        var parsed = File.Exists(xml) ? NmapVulnReport.Parse(await File.ReadAllTextAsync(xml, cancellationToken).ConfigureAwait(false)) : null;
        var versions = VersionDetail(run.Version, parsed?.ScriptsRun ?? []);
        await File.WriteAllTextAsync(text, versions + "\n" + run.EvidenceText(), cancellationToken).ConfigureAwait(false);
        string? problem = run.TimedOut ? $"nmap did not finish within {(hostTimeout + TimeSpan.FromSeconds(15)).TotalSeconds:0} s"
            : run.ExitCode != 0 ? $"nmap exited with {run.ExitCode}: {VulnerabilityFinding.Excerpt(run.StandardError)}"
            : parsed is null ? "nmap wrote no XML output"
            : parsed.Problem;
        if (problem is null && run.StandardOutput.Contains("Skipping host", StringComparison.Ordinal))
            problem = "nmap skipped the host (--host-timeout reached): the scripts did not all run";
        if (problem is null && parsed!.ScriptsRun.Count == 0)
            problem = "no NSE script ran against the documented services (nothing to judge)";
        var report = new ScannerReport(Name, run.Version, parsed?.Findings ?? [], problem) { Notes = parsed?.Notes ?? [] };
        return new(report, versions, run.CommandLine, [xml, text], run.Duration);
    }

    private string VersionDetail(string version, IReadOnlyList<string> scripts)
    {
        var b = new StringBuilder($"nmap: {version}\n");
        var db = Path.Combine(nmapDataDirectory, "scripts", "script.db");
        b.Append($"script.db SHA-256: {Sha256(db) ?? "not found at " + db}\n");
        foreach (var s in scripts)
        {
            if (!s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) continue; // a name from the XML, not a path
            var file = Path.Combine(nmapDataDirectory, "scripts", s + ".nse");
            b.Append($"script {s} SHA-256: {Sha256(file) ?? "not found"}\n");
        }
        return b.ToString();
    }

    private static string? Sha256(string file)
    {
        try { return File.Exists(file) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
