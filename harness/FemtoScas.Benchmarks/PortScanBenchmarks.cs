using System.Net;
using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning;
using FemtoScas.Harness.Roles.Scanner;

namespace FemtoScas.Benchmarks;

/// <summary>
/// A full TCP connect scan of 127.0.0.1 ports 1-65535 with 256 probes in flight, as the
/// TS 33.117 4.2.3.2.2 port-scan test runs it, but against loopback only. One operation is one
/// whole scan, hence the slow-operation job (1 warm-up, 3 measured scans).
/// </summary>
[MemoryDiagnoser]
[SlowOperationJob]
public class PortScanBenchmarks
{
    private const int Parallelism = 256;
    private static readonly PortSet AllPorts = PortSet.Parse("1-65535");
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ScanLimit = TimeSpan.FromMinutes(2);

    [Benchmark]
    public async Task<int> ScanTcpLoopbackAllPorts()
    {
        // Bounded in time as every traffic loop must be; a scan that hits the limit fails the run.
        using var limit = new CancellationTokenSource(ScanLimit);
        var states = await PortScanner.ScanTcpAsync(IPAddress.Loopback, AllPorts, ProbeTimeout, Parallelism, recorder: null, limit.Token).ConfigureAwait(false);
        if (states.Count != AllPorts.Count)
            throw new InvalidOperationException($"scan returned {states.Count} port states for {AllPorts.Count} ports");
        return states.Count(s => s.Status == PortStatus.Open);
    }
}
