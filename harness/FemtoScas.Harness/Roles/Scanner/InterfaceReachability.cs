using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// TS 33.117 4.3.2.2: where each of the DUT's interfaces is reached (the PIXIT's addresses, or for a DUT
/// the run places itself the addresses its controller made, <see cref="IIpStackHost"/>), and the scan of
/// every documented service port on each of them with the one harness scanner (<see cref="PortScanner"/>).
/// Bounded: the documented services' ports only, the PIXIT's connect timeout, retries and parallelism.
/// </summary>
public static class InterfaceReachability
{
    public static async Task<(IReadOnlyList<(DutInterface Declared, System.Net.IPAddress Address)>? Interfaces, string? Why)> ResolveAsync(IRoleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        IReadOnlyList<IpStackInterface> placed = [];
        if (scope.Dut is IIpStackHost host)
        {
            var target = await host.OpenIpStackAsync(scope.CancellationToken).ConfigureAwait(false);
            if (target.Unavailable is { } why) return (null, why);
            placed = target.Interfaces;
        }
        var result = new List<(DutInterface, System.Net.IPAddress)>();
        foreach (var i in scope.Pixit.Interfaces)
        {
            var address = placed.FirstOrDefault(p => p.Name == i.Name)?.Address ?? i.Address;
            if (address is null)
                return (null, $"pixit.interfaces '{i.Name}' has no address{(scope.Dut is IIpStackHost ? " and the run did not place one" : "")}");
            result.Add((i, address));
        }
        scope.Step("interfaces: " + string.Join("; ", result.Select(r => $"{r.Item1.Name} at {r.Item2} (PIXIT places: {(r.Item1.Services.Count == 0 ? "nothing" : string.Join(", ", r.Item1.Services.Order()))})")));
        return (result, null);
    }

    public static async Task<IReadOnlyList<ReachabilityJudgement.InterfaceScan>> ScanAsync(IReadOnlyList<(DutInterface Declared, System.Net.IPAddress Address)> interfaces, Pixit pixit,
        SelfRecorder recorder, Action<string> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(pixit);
        ArgumentNullException.ThrowIfNull(step);
        var scan = pixit.PortScan;
        var tcp = PortSet.Of(pixit.DocumentedServices.Where(s => s.Protocol == "tcp").Select(s => s.Port));
        var udp = PortSet.Of(pixit.DocumentedServices.Where(s => s.Protocol == "udp").Select(s => s.Port));
        var scans = new List<ReachabilityJudgement.InterfaceScan>();
        foreach (var (declared, address) in interfaces)
        {
            var tcpStates = tcp is null ? [] : await PortScanner.ScanTcpAsync(address, tcp, scan.ConnectTimeout, scan.Parallelism, recorder, cancellationToken).ConfigureAwait(false);
            var udpStates = udp is null ? [] : await PortScanner.ScanUdpAsync(address, udp, scan.ConnectTimeout, scan.UdpRetries, scan.Parallelism, recorder, cancellationToken).ConfigureAwait(false);
            var states = tcpStates.Concat(udpStates).ToList();
            step($"harness scan of {declared.Name} ({address}), TCP {tcp?.Text ?? "none"}, UDP {udp?.Text ?? "none"}: "
                + string.Join(", ", states.Select(s => $"{s.Key} {s.Status}")));
            scans.Add(new ReachabilityJudgement.InterfaceScan(declared.Name, address.ToString(), declared.Services, states));
        }
        return scans;
    }
}
