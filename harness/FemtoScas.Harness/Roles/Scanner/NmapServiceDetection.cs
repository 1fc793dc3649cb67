using System.Net;
using FemtoScas.Harness.Scanning;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// nmap's service detection (-sV) on the TCP ports a port scan (<see cref="PortScanRun"/>) found open:
/// not a second scan of the ranges, a look at what answers on those ports, so a service is known by
/// its behaviour and not only by its port number (telnet moved to another port is still telnet).
/// The lightest probing (--version-intensity 0: the NULL probe and the probes meant for the port; the
/// light level cost about 20 s more on SimFemto's TLS GUI), bounded by a host time-out and the caller's limit.
/// </summary>
public static class NmapServiceDetection
{
    public sealed record Result(ToolRun Run, IReadOnlyList<DetectedService> Services, string? Problem);

    public static async Task<Result> DetectAsync(IPAddress target, IReadOnlyList<int> tcpPorts, string xmlOutput, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tcpPorts);
        var args = new List<string> { "-n", "-Pn", "-sV", "--version-intensity", "0", "--host-timeout", ((int)limit.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s",
            "-oX", xmlOutput, Environment.UserName == "root" ? "-sS" : "-sT",
            "-p", "T:" + string.Join(',', tcpPorts), target.ToString() };
        var run = await ExternalTool.RunAsync("nmap", args, limit + TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        if (!File.Exists(xmlOutput)) return new Result(run, [], "nmap wrote no XML output");
        var (services, problem) = NmapServiceReport.Parse(await File.ReadAllTextAsync(xmlOutput, ct).ConfigureAwait(false));
        return new Result(run, services, problem);
    }
}
