using System.Diagnostics;
using System.Text;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Reports.Decryption;

/// <summary>One evidence folder with Wireshark key tables: its captures and the SeGW ports its step log names.</summary>
public sealed record KeyedEvidence(string Directory, IReadOnlyList<string> Captures, SegwPorts Ports);

/// <summary>What showing a case's evidence printed or started, and the exit code for the command line.</summary>
public sealed record DecryptionOutcome(int ExitCode, IReadOnlyList<string> Notes);

/// <summary>
/// <c>femtoscas open-evidence</c>: shows a case's capture decrypted, with the key tables the run
/// wrote beside it. Wireshark reads its decryption tables (ikev2_decryption_table, esp_sa) only
/// from a configuration folder, so the tables are copied into a throw-away one
/// (XDG_CONFIG_HOME and WIRESHARK_CONFIG_DIR point there) that is deleted afterwards: nothing is
/// written into the evidence, whose hashes the journal and the seal hold. The decode-as rules
/// come from the ports the step log names (<see cref="DecryptionGuide"/>); ESP decryption is a
/// preference (esp.enable_encryption_decode) that is off by default.
/// </summary>
public static class EvidenceDecryption
{
    /// <summary>The step log is read up to this size; a longer one is read in part (the port lines come first).</summary>
    public const int MaxStepLogBytes = 16 * 1024 * 1024;

    /// <summary>Bound on one tshark run.</summary>
    public static readonly TimeSpan TsharkLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The evidence folders to show: <paramref name="path"/> itself when it holds key tables; else,
    /// for a results folder (or its evidence/ folder), every folder under evidence/ with key tables,
    /// narrowed to those of <paramref name="caseId"/> (the requirement ID, or a test's folder name).
    /// </summary>
    public static IReadOnlyList<KeyedEvidence> Find(string path, string? caseId)
    {
        var root = Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(root)) throw new DirectoryNotFoundException($"{path}: no such folder");
        if (HasKeyTables(root)) return [Inspect(root)];
        var evidence = System.IO.Directory.Exists(Path.Combine(root, "evidence")) ? Path.Combine(root, "evidence") : root;
        return System.IO.Directory.EnumerateFiles(evidence, WiresharkKeyTables.IkeV2TableFileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 })
            .Select(f => Path.GetDirectoryName(f)!)
            .Where(d => HasKeyTables(d) && (caseId is null || Path.GetRelativePath(evidence, d).Replace('\\', '/').Split('/').Contains(caseId, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(Inspect)
            .ToList();
    }

    public static bool HasKeyTables(string directory) =>
        File.Exists(Path.Combine(directory, WiresharkKeyTables.IkeV2TableFileName)) || File.Exists(Path.Combine(directory, WiresharkKeyTables.EspTableFileName));

    /// <summary>Captures (*.pcapng, *.pcap) and the ports of <see cref="DecryptionGuide.StepLogFileName"/>, read up to <see cref="MaxStepLogBytes"/>.</summary>
    public static KeyedEvidence Inspect(string directory)
    {
        var captures = System.IO.Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".pcapng", StringComparison.Ordinal) || f.EndsWith(".pcap", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var stepLog = Path.Combine(directory, DecryptionGuide.StepLogFileName);
        var ports = File.Exists(stepLog) ? DecryptionGuide.ParsePorts(ReadBounded(stepLog)) : new SegwPorts([], []);
        return new KeyedEvidence(directory, captures, ports);
    }

    /// <summary>tshark's arguments: the capture, decode-as for the SeGW's ports, ESP decryption on, verbose IKE (and ESP) packets.</summary>
    public static IReadOnlyList<string> TsharkArguments(string capture, SegwPorts ports, string displayFilter = "isakmp || esp")
    {
        var args = new List<string> { "-n", "-r", capture };
        foreach (var rule in DecryptionGuide.DecodeAs(ports)) args.AddRange(["-d", rule]);
        args.AddRange(["-o", "esp.enable_encryption_decode:TRUE", "-Y", displayFilter, "-V"]);
        return args;
    }

    /// <summary>
    /// A throw-away Wireshark configuration folder holding copies of the key tables: the returned
    /// folder is XDG_CONFIG_HOME, its wireshark/ subfolder WIRESHARK_CONFIG_DIR. The caller deletes it.
    /// </summary>
    public static string CreateConfiguration(string evidenceDirectory)
    {
        var home = System.IO.Directory.CreateTempSubdirectory("femtoscas-wireshark-").FullName;
        var config = System.IO.Directory.CreateDirectory(Path.Combine(home, "wireshark")).FullName;
        foreach (var table in new[] { WiresharkKeyTables.IkeV2TableFileName, WiresharkKeyTables.EspTableFileName })
        {
            var source = Path.Combine(evidenceDirectory, table);
            if (File.Exists(source)) File.Copy(source, Path.Combine(config, table));
        }
        return home;
    }

    /// <summary>
    /// Shows every folder of <paramref name="folders"/>: with <paramref name="print"/> (or without a
    /// display, or without Wireshark) tshark's decoded packets to <paramref name="output"/>; otherwise
    /// Wireshark opens on each capture.
    /// </summary>
    public static DecryptionOutcome Show(IReadOnlyList<KeyedEvidence> folders, bool print, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(output);
        var notes = new List<string>();
        var tshark = ToolVersions.Which("tshark");
        var wireshark = ToolVersions.Which("wireshark");
        var display = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
        var gui = !print && display && wireshark is not null;
        if (!print && !gui) notes.Add(wireshark is null ? "no wireshark installed: printing with tshark" : "no display: printing with tshark");
        if (!gui && tshark is null)
            return new DecryptionOutcome(2, [.. notes, "tshark is not installed (Debian package tshark; ./femtoscas installs it as root)"]);
        var exit = 0;
        foreach (var folder in folders)
        {
            if (folder.Captures.Count == 0)
            {
                notes.Add($"{folder.Directory}: key tables but no capture (*.pcapng) to decrypt");
                exit = 1;
                continue;
            }
            if (folder.Ports.Ike.Count == 0)
                notes.Add($"{folder.Directory}: the step log names no SeGW port; only Wireshark's own ports (UDP 500, 4500) are decoded as IKE");
            var home = CreateConfiguration(folder.Directory);
            try
            {
                foreach (var capture in folder.Captures)
                {
                    var args = TsharkArguments(capture, folder.Ports);
                    if (gui)
                    {
                        // Wireshark takes the same preferences and decode-as; no display filter, so the whole exchange shows.
                        var guiArgs = args.Take(args.Count - 3).ToList();
                        using var process = Start(wireshark!, guiArgs, home, redirect: false);
                        process.WaitForExit();
                        continue;
                    }
                    output.WriteLine($"=== {capture}");
                    output.WriteLine($"=== tshark {string.Join(' ', args.Select(Quote))}  (key tables from {folder.Directory}, read through a temporary configuration folder)");
                    output.Flush();
                    var (code, stdout, stderr) = RunTshark(tshark!, args, home, cancellationToken);
                    output.Write(stdout);
                    if (code != 0)
                    {
                        notes.Add($"tshark exited {code} on {capture}: {stderr.Trim()}");
                        exit = 1;
                    }
                }
            }
            finally
            {
                System.IO.Directory.Delete(home, recursive: true);
            }
        }
        return new DecryptionOutcome(exit, notes);
    }

    private static (int Code, string Stdout, string Stderr) RunTshark(string tshark, IReadOnlyList<string> args, string home, CancellationToken cancellationToken)
    {
        using var process = Start(tshark, args, home, redirect: true);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (!process.WaitForExit(TsharkLimit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (124, stdout.Result, $"killed after {TsharkLimit.TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Process Start(string tool, IReadOnlyList<string> args, string home, bool redirect)
    {
        var psi = new ProcessStartInfo(tool)
        {
            UseShellExecute = false, RedirectStandardOutput = redirect, RedirectStandardError = redirect,
            // tshark may write recent files into its configuration: the throw-away folder, never the evidence.
            WorkingDirectory = home,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = home;
        psi.Environment["XDG_CONFIG_HOME"] = home;
        psi.Environment["WIRESHARK_CONFIG_DIR"] = Path.Combine(home, "wireshark");
        return Process.Start(psi) ?? throw new InvalidOperationException($"{tool} could not be started");
    }

    private static string Quote(string a) => a.Contains(' ', StringComparison.Ordinal) || a.Contains('|', StringComparison.Ordinal) ? $"'{a}'" : a;

    private static string ReadBounded(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(stream.Length, MaxStepLogBytes)];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return new UTF8Encoding(false, false).GetString(buffer, 0, read);
    }
}
