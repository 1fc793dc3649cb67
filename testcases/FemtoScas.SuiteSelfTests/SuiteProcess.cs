using System.Diagnostics;
using System.Text;
using FemtoScas.Harness;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// Runs the conformance suite (or the femtoscas CLI) as a user would, in a child process with a
/// hard time limit, so these self-tests check the real command line and the real files.
/// </summary>
internal static class SuiteProcess
{
    public static string Root => RepositoryRoot.Find(NUnit.Framework.TestContext.CurrentContext.TestDirectory);

    public sealed record Result(int ExitCode, string Output, bool TimedOut);

    public static ProcessStartInfo SuiteCommand(string resultsDir, string? faults = null, string? profile = null)
    {
        var psi = Dotnet("test", Path.Combine(Root, "testcases", "FemtoScas.TestCases", "FemtoScas.TestCases.csproj"),
            "--no-build", "-s", Path.Combine(Root, "runsettings", "simfemto.runsettings"), "--",
            Parameter("ResultsDir", resultsDir));
        // vstest rejects an empty parameter value on the command line; the runsettings default "" is the clean device.
        if (!string.IsNullOrEmpty(faults)) psi.ArgumentList.Add(Parameter("Faults", faults));
        if (profile is not null) psi.ArgumentList.Add(Parameter("DutProfile", profile));
        return psi;
    }

    public static ProcessStartInfo Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "femtoscas.dll");
        return Dotnet([dll, .. args]);
    }

    private static string Parameter(string name, string value) => $"TestRunParameters.Parameter(name=\"{name}\", value=\"{value}\")";

    private static ProcessStartInfo Dotnet(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A nested dotnet test must not inherit this test host's own connection to the runner.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("VSTEST_", StringComparison.Ordinal) || k.StartsWith("TESTINGPLATFORM_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        return psi;
    }

    public static Result Run(ProcessStartInfo psi, TimeSpan limit)
    {
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + psi.FileName);
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new Result(-1, output.ToString(), true);
        }
        p.WaitForExit();
        return new Result(p.ExitCode, output.ToString(), false);
    }
}
