using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Tests;

/// <summary>
/// One bounded tshark run for the oracle tests: its standard output, or an exception naming the
/// exit code and standard error; a run over 30 s is killed. <see cref="SplitFrames"/> cuts a
/// <c>-V</c> dissection into one string per frame.
/// </summary>
internal static class TsharkRun
{
    public const string Path = "/usr/bin/tshark";

    /// <param name="arguments">tshark's arguments.</param>
    /// <param name="environment">Extra environment variables (e.g. XDG_CONFIG_HOME for a private profile).</param>
    /// <param name="keepVariable">When this environment variable names a file, the output is also written there.</param>
    public static string Output(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? keepVariable = null)
    {
        var start = new ProcessStartInfo(Path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{Path} did not finish within 30 s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path} exited {process.ExitCode}: {stderr.Result}");
        if (keepVariable is not null && Environment.GetEnvironmentVariable(keepVariable) is { Length: > 0 } keep) File.WriteAllText(keep, stdout.Result);
        return stdout.Result;
    }

    public static List<string> SplitFrames(string output) =>
        [.. Regex.Split(output, @"^Frame \d+: ", RegexOptions.Multiline).Skip(1)];
}
