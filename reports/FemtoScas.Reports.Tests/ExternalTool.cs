using System.Diagnostics;

namespace FemtoScas.Reports.Tests;

/// <summary>Runs an external program we started, bounded in time; on timeout only its own process tree is killed.</summary>
internal static class ExternalTool
{
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
