using System.Diagnostics;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>Runs the openssl command line as an independent oracle, in the test PKI's directory; ignores the test when openssl is missing.</summary>
internal static class OpenSslTool
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = PkiFixtures.Directory };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("openssl is not installed on this machine; the independent oracle cannot run");
            throw; // unreachable: Assert.Ignore throws
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                Assert.Fail($"openssl {string.Join(' ', args)} did not finish within 30 s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
