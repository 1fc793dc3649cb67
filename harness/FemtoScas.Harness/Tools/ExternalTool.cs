using System.Diagnostics;
using System.Text;

namespace FemtoScas.Harness.Tools;

/// <summary>What an external tool run leaves as evidence: exact version, command line, raw output.</summary>
public sealed record ToolRun(string Tool, string Version, string CommandLine, int ExitCode, string StandardOutput, string StandardError,
    TimeSpan Duration, bool TimedOut)
{
    public string EvidenceText() =>
        $"tool: {Tool}\nversion: {Version}\ncommand: {CommandLine}\nexit code: {ExitCode}{(TimedOut ? " (killed: time limit reached)" : "")}\n" +
        $"duration: {Duration.TotalSeconds:0.0} s\n--- standard output ---\n{StandardOutput}\n--- standard error ---\n{StandardError}\n";
}

/// <summary>Runs an external lab tool (nmap, testssl, tshark) with a hard time limit.</summary>
public static class ExternalTool
{
    public static bool IsInstalled(string tool) => ToolVersions.Which(tool) is not null;

    public static async Task<ToolRun> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken,
        string versionArgument = "--version", string? workingDirectory = null, string? knownVersion = null)
    {
        var path = (Path.IsPathRooted(tool) && File.Exists(tool) ? tool : ToolVersions.Which(tool))
            ?? throw new HarnessEnvironmentException($"{tool} is not installed");
        // A tool whose version query is itself slow (testssl: seconds) prints it in its run; the caller says so.
        var version = knownVersion ?? ToolVersions.Probe(tool, versionArgument);
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var commandLine = tool + " " + string.Join(" ", arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new HarnessEnvironmentException($"{tool} could not be started");
        // Tools that read standard input (openssl s_client) must see end-of-file, not wait for a person.
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outTask = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errTask = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        stdout.Append(await outTask.ConfigureAwait(false));
        stderr.Append(await errTask.ConfigureAwait(false));
        return new ToolRun(tool, version, commandLine, process.ExitCode, stdout.ToString(), stderr.ToString(), watch.Elapsed, timedOut);
    }
}
