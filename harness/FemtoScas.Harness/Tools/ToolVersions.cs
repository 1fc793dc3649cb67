using System.Diagnostics;

namespace FemtoScas.Harness.Tools;

/// <summary>Exact versions of the libraries and external tools a run may use, for the journal.</summary>
public static class ToolVersions
{
    /// <summary>The engine's libraries and the external tools (the runner adds NUnit, which the engine does not reference).</summary>
    public static IReadOnlyDictionary<string, string> Collect()
    {
        var tools = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["SharpPcap"] = Version(typeof(SharpPcap.ICaptureDevice)),
            ["PacketDotNet"] = Version(typeof(PacketDotNet.Packet)),
            ["BouncyCastle.Cryptography"] = Version(typeof(Org.BouncyCastle.Security.SecureRandom)),
            ["nmap"] = Probe("nmap", "--version"),
            ["tshark"] = Probe("tshark", "--version"),
            ["testssl"] = Probe("testssl", "--version"),
            ["charon (strongSwan)"] = Probe("swanctl", "--version"),
            ["pcscd"] = Probe("pcscd", "--version"),
            ["openssl"] = Probe("openssl", "version"),
        };
        return tools;
    }

    /// <summary>The package version (informational), not the assembly version, which libraries often pin.</summary>
    public static string Version(Type t)
    {
        var info = t.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return info is null ? t.Assembly.GetName().Version?.ToString() ?? "unknown" : info.Split('+')[0];
    }

    /// <summary>First line of a tool's version output, or "absent" where it is not installed.</summary>
    public static string Probe(string tool, string argument)
    {
        var path = Path.IsPathRooted(tool) && File.Exists(tool) ? tool : Which(tool);
        if (path is null) return "absent";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(path, argument)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
                return "present (version query timed out)";
            }
            // Strip terminal colour codes; prefer the line naming the tool (testssl prints warnings first).
            var lines = System.Text.RegularExpressions.Regex.Replace(output, "\u001b\\[[0-9;]*m", "").Split('\n').Select(l => l.Trim()).ToList();
            var line = lines.FirstOrDefault(l => l.Contains(tool, StringComparison.OrdinalIgnoreCase) && l.Any(char.IsDigit) && !l.Contains("engine", StringComparison.OrdinalIgnoreCase))
                       ?? lines.FirstOrDefault(l => l.Length > 0 && l.Any(char.IsDigit));
            return line ?? "present (no version printed)";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return "present but not runnable: " + ex.Message;
        }
    }

    public static string? Which(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/sbin", "/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
