using System.Net;
using System.Xml.Linq;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// nmap as an independent second scanner. Its exact version, command line and raw output are
/// evidence; its open ports are compared with the harness's own scan.
/// </summary>
public static class NmapScanner
{
    public sealed record NmapResult(ToolRun Run, IReadOnlyList<PortState> Ports, string? ParseProblem);

    public static bool IsInstalled => ExternalTool.IsInstalled("nmap");

    /// <summary>As root a SYN scan (and UDP if asked); otherwise a TCP connect scan, UDP skipped.</summary>
    public static async Task<NmapResult> ScanAsync(IPAddress target, PortSet tcp, PortSet? udp, string xmlOutput, TimeSpan limit, CancellationToken ct)
    {
        var root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var args = new List<string> { "-n", "-Pn", "--reason", "-T4", "--max-retries", "2", "-oX", xmlOutput };
        args.Add(root ? "-sS" : "-sT");
        var portSpec = "T:" + tcp.Text.Replace(" ", "", StringComparison.Ordinal);
        if (root && udp is not null)
        {
            args.Add("-sU");
            portSpec += ",U:" + udp.Text.Replace(" ", "", StringComparison.Ordinal);
        }
        args.AddRange(["-p", portSpec, target.ToString()]);
        var run = await ExternalTool.RunAsync("nmap", args, limit, ct).ConfigureAwait(false);
        var (ports, problem) = Parse(xmlOutput);
        return new NmapResult(run, ports, problem);
    }

    internal static (IReadOnlyList<PortState> Ports, string? Problem) Parse(string xmlPath)
    {
        if (!File.Exists(xmlPath)) return ([], "nmap wrote no XML output");
        try
        {
            var doc = XDocument.Load(xmlPath);
            var ports = doc.Descendants("port").Select(p =>
            {
                var state = p.Element("state")?.Attribute("state")?.Value ?? "unknown";
                var reason = p.Element("state")?.Attribute("reason")?.Value ?? "";
                var service = p.Element("service")?.Attribute("name")?.Value;
                var status = state switch
                {
                    "open" => PortStatus.Open,
                    "closed" => PortStatus.Closed,
                    "open|filtered" => PortStatus.OpenOrFiltered,
                    _ => PortStatus.Filtered,
                };
                return new PortState(p.Attribute("protocol")?.Value ?? "?", int.Parse(p.Attribute("portid")?.Value ?? "0"),
                    status, $"nmap: {state} ({reason}){(service is null ? "" : ", service " + service)}");
            }).ToList();
            return (ports, null);
        }
        catch (System.Xml.XmlException ex)
        {
            return ([], "nmap XML output unreadable: " + ex.Message);
        }
    }
}
