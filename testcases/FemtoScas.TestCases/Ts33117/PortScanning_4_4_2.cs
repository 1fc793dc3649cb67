using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Scanner;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.Scanning;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.4.2 — port scanning (TC_BVT_PORT_SCANNING), with 4.3.2.1 "no unnecessary services".
/// Requirement: the DUT exposes only the services its vendor documents.
/// Threat: an undocumented listener (debug shell, forgotten daemon) is an entry point.
/// Preconditions: the DUT is up; the PIXIT lists its documented services and the port ranges.
/// Steps: scan the DUT's TCP and UDP ports with the harness scanner (and nmap where installed);
/// where the DUT shares the harness host, scan the control address to set host listeners aside.
/// Expected: every open port is documented. Evidence: open-port table, scanner raw output with
/// tool version and command line, self-recorded pcapng, libpcap capture where permitted.
/// </summary>
[Requirement("TS33117-4.4.2")]
public sealed class PortScanning_4_4_2 : ConformanceTest
{
    [Test]
    public Task Only_documented_ports_are_open() => RunAsync(async t =>
    {
        var dut = t.Pixit.DutAddress;
        var scan = t.Pixit.PortScan;
        t.Step($"harness scan of {dut}: TCP {scan.TcpPorts} ({scan.TcpPorts.Count} ports), UDP {scan.UdpPorts} ({scan.UdpPorts.Count} ports)");
        var tcp = await PortScanner.ScanTcpAsync(dut, scan.TcpPorts, scan.ConnectTimeout, scan.Parallelism, t.Recorder, t.CancellationToken);
        var udp = await PortScanner.ScanUdpAsync(dut, scan.UdpPorts, scan.ConnectTimeout, scan.UdpRetries, scan.Parallelism, t.Recorder, t.CancellationToken);
        t.Step($"harness scan: TCP open {Summary(tcp)}; UDP open {Summary(udp)}");

        IReadOnlyList<PortState>? nmap = null;
        if (NmapScanner.IsInstalled)
        {
            var xml = t.Evidence.NewFile("nmap.xml", "tool-output", "nmap XML output");
            var result = await NmapScanner.ScanAsync(dut, scan.TcpPorts, scan.UdpPorts, xml, TimeSpan.FromMinutes(10), t.CancellationToken);
            t.Evidence.AttachText("nmap.txt", "tool-output", "nmap version, command line and raw output", result.Run.EvidenceText());
            t.Step($"nmap ({result.Run.Version}): {result.Run.CommandLine} -> exit {result.Run.ExitCode}{(result.ParseProblem is null ? "" : ", " + result.ParseProblem)}");
            nmap = result.ParseProblem is null ? result.Ports : null;
        }
        else
        {
            t.Step("nmap is not installed: the harness scan alone decides (install the Debian package nmap for a second opinion)");
        }

        IReadOnlyList<PortState>? controlTcp = null, controlUdp = null;
        IReadOnlySet<string> hostListeners = new HashSet<string>();
        if (t.Pixit.ControlAddress is { } control)
        {
            hostListeners = HostListeners.Wildcard();
            t.Step($"harness host's wildcard listeners (set aside, the DUT shares this host): {(hostListeners.Count == 0 ? "none" : string.Join(", ", hostListeners.Order()))}");
            // Only a port the DUT's address answers on can be a host-wide listener to set aside:
            // the control address is asked about those ports alone, not the whole range again.
            var candidates = tcp.Concat(udp).Concat(nmap ?? []).Where(p => p.Status is PortStatus.Open or PortStatus.OpenOrFiltered).ToList();
            var controlTcpPorts = Ports(candidates, "tcp");
            var controlUdpPorts = Ports(candidates, "udp");
            t.Step($"control scan of {control} (same host, not the DUT) on the ports the DUT's address answers on, to set host-wide listeners aside: TCP {controlTcpPorts?.Text ?? "none"}, UDP {controlUdpPorts?.Text ?? "none"}");
            controlTcp = controlTcpPorts is null ? [] : await PortScanner.ScanTcpAsync(control, controlTcpPorts, scan.ConnectTimeout, scan.Parallelism, null, t.CancellationToken);
            controlUdp = controlUdpPorts is null ? [] : await PortScanner.ScanUdpAsync(control, controlUdpPorts, scan.ConnectTimeout, scan.UdpRetries, scan.Parallelism, null, t.CancellationToken);
            t.Step($"control scan: TCP open {Summary(controlTcp)}; UDP open {Summary(controlUdp)}");
        }

        // The observations go into the evidence first and the judgement decides from them, as `femtoscas rejudge` does later.
        var record = ObservationRecord.Write(t.Evidence, PortScanReplay.Judge,
            PortScanReplay.Record(new(tcp, udp, controlTcp, controlUdp, nmap, t.Pixit.DocumentedServices) { HostWildcardListeners = hostListeners }));
        var outcome = ReplayJudges.Decide(record);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        return outcome.Decision;
    });

    private static PortSet? Ports(IEnumerable<PortState> states, string protocol) =>
        PortSet.Of(states.Where(p => p.Protocol == protocol).Select(p => p.Port));

    private static string Summary(IReadOnlyList<PortState> ports)
    {
        var open = ports.Where(p => p.Status == PortStatus.Open).Select(p => p.Port.ToString()).ToList();
        return open.Count == 0 ? "none" : string.Join(",", open);
    }
}
