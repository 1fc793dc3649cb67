using System.Diagnostics;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// The shell scripts a new user and CI start from parse (<c>bash -n</c>). A merge once left
/// <c>femtoscas</c> without a closing brace and CI failed after one second without running a
/// test; this catches it on the developer's machine, where <c>dotnet test</c> runs without the script.
/// </summary>
[TestFixture, Category("SelfTest")]
public sealed class ScriptSyntaxTests
{
    private static IEnumerable<string> Scripts()
    {
        var root = FemtoScas.Harness.RepositoryRoot.Find(AppContext.BaseDirectory);
        yield return "femtoscas";
        yield return ".ci/run";
        foreach (var sh in Directory.EnumerateFiles(root, "*.sh", SearchOption.AllDirectories)
                     .Select(p => Path.GetRelativePath(root, p))
                     .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj" or "out" or ".git" or "node_modules"))
                     .Order(StringComparer.Ordinal))
            yield return sh;
    }

    [TestCaseSource(nameof(Scripts))]
    public void Parses_with_bash_n(string script)
    {
        var path = Path.Combine(SuiteProcess.Root, script);
        Assert.That(File.Exists(path), Is.True, $"{script} is missing");
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true })!;
        var stderr = bash.StandardError.ReadToEnd();
        Assert.That(bash.WaitForExit(10_000), Is.True, $"bash -n {script} did not finish in 10 s");
        Assert.That(bash.ExitCode, Is.Zero, $"bash -n {script}: {stderr}");
    }
}
