using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// The one port scan of the DUT (TS 33.117 4.4.2, and 4.3.2.1 before and after a restart): the
/// harness's own TCP and UDP scan of the PIXIT's port ranges, nmap beside it where installed (its
/// exact version, command line, XML and text output into the evidence, file names prefixed by
/// the label given), and, where the DUT shares the harness host, a scan of the control address
/// on the ports the DUT's address answers on, so host-wide listeners are set aside. Returns the
/// observation that <see cref="PortScanAssessment"/> judges and the observation record stores.
/// </summary>
public static class PortScanRun
{
    public static async Task<PortScanAssessment.Input> ScanAsync(IRoleScope t, string label = "")
    {
        ArgumentNullException.ThrowIfNull(t);
        var dut = t.Pixit.DutAddress;
        var scan = t.Pixit.PortScan;
        var prefix = label.Length == 0 ? "" : label + "-";
        var what = label.Length == 0 ? "" : $" ({label})";
        t.Step($"harness scan{what} of {dut}: TCP {scan.TcpPorts} ({scan.TcpPorts.Count} ports), UDP {scan.UdpPorts} ({scan.UdpPorts.Count} ports)");
        var tcp = await PortScanner.ScanTcpAsync(dut, scan.TcpPorts, scan.ConnectTimeout, scan.Parallelism, t.Recorder, t.CancellationToken).ConfigureAwait(false);
        var udp = await PortScanner.ScanUdpAsync(dut, scan.UdpPorts, scan.ConnectTimeout, scan.UdpRetries, scan.Parallelism, t.Recorder, t.CancellationToken).ConfigureAwait(false);
        t.Step($"harness scan{what}: TCP open {Summary(tcp)}; UDP open {Summary(udp)}");

        IReadOnlyList<PortState>? nmap = null;
        if (NmapScanner.IsInstalled)
        {
            var xml = t.Evidence.NewFile(prefix + "nmap.xml", "tool-output", $"nmap XML output{what}");
            var result = await NmapScanner.ScanAsync(dut, scan.TcpPorts, scan.UdpPorts, xml, TimeSpan.FromMinutes(10), t.CancellationToken).ConfigureAwait(false);
            t.Evidence.AttachText(prefix + "nmap.txt", "tool-output", $"nmap version, command line and raw output{what}", result.Run.EvidenceText());
            t.Step($"nmap{what} ({result.Run.Version}): {result.Run.CommandLine} -> exit {result.Run.ExitCode}{(result.ParseProblem is null ? "" : ", " + result.ParseProblem)}");
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
            controlTcp = controlTcpPorts is null ? [] : await PortScanner.ScanTcpAsync(control, controlTcpPorts, scan.ConnectTimeout, scan.Parallelism, null, t.CancellationToken).ConfigureAwait(false);
            controlUdp = controlUdpPorts is null ? [] : await PortScanner.ScanUdpAsync(control, controlUdpPorts, scan.ConnectTimeout, scan.UdpRetries, scan.Parallelism, null, t.CancellationToken).ConfigureAwait(false);
            t.Step($"control scan: TCP open {Summary(controlTcp)}; UDP open {Summary(controlUdp)}");
        }
        return new PortScanAssessment.Input(tcp, udp, controlTcp, controlUdp, nmap, t.Pixit.DocumentedServices) { HostWildcardListeners = hostListeners };
    }

    private static Dut.PortSet? Ports(IEnumerable<PortState> states, string protocol) =>
        Dut.PortSet.Of(states.Where(p => p.Protocol == protocol).Select(p => p.Port));

    private static string Summary(IReadOnlyList<PortState> ports)
    {
        var open = ports.Where(p => p.Status == PortStatus.Open).Select(p => p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return open.Count == 0 ? "none" : string.Join(",", open);
    }
}
