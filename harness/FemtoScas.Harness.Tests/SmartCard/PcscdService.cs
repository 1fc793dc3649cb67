using NUnit.Framework;
using System.Diagnostics;
using FemtoScas.Harness.SmartCard.Pcsc;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>
/// Gets a real pcscd for the integration test: uses one already running, otherwise starts
/// `pcscd -f` itself (never -a: it logs every APDU, PINs and keys included), but only as root and only when none runs, and stops exactly that PID
/// afterwards. Reports why when pcscd cannot be had, so the test is Ignored with the reason.
/// </summary>
internal sealed class PcscdService : IDisposable
{
    private const string Binary = "/usr/sbin/pcscd";
    private Process? _started;

    private PcscdService()
    {
    }

    /// <summary>How pcscd was obtained ("already running (PID …)" or "started by the test (PID …)").</summary>
    public string How { get; private set; } = string.Empty;

    public static PcscdService? TryGet(out string reason)
    {
        var service = new PcscdService();
        var running = Process.GetProcessesByName("pcscd");
        if (running.Length > 0)
        {
            service.How = $"already running (PID {running[0].Id})";
            reason = string.Empty;
            return service;
        }
        if (!OperatingSystem.IsLinux() || !File.Exists(Binary))
        {
            reason = $"pcscd is not running and {Binary} is absent (apt-get install pcscd vsmartcard-vpcd libpcsclite1)";
            return null;
        }
        if (Environment.UserName != "root")
        {
            reason = "pcscd is not running and the test is not root, so it may not start one";
            return null;
        }
        var process = Process.Start(new ProcessStartInfo(Binary, "-f")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        if (process is null)
        {
            reason = "pcscd could not be started";
            return null;
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        service._started = process;
        service.How = $"started by the test as `{Binary} -f` (PID {process.Id})";
        reason = string.Empty;
        return service;
    }

    /// <summary>Establishes a context, retrying (bounded) while a just-started pcscd comes up.</summary>
    public PcscContext Establish(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return PcscContext.Establish();
            }
            catch (SmartCardException e) when (e.ServiceUnavailable && e.Operation != "load" && DateTime.UtcNow < deadline && _started is { HasExited: false })
            {
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose()
    {
        if (_started is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit(5000);
            }
            p.Dispose();
            _started = null;
        }
    }
}
