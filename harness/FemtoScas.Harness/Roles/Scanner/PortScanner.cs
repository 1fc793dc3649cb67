using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// The harness's own port scanner (TCP connect and UDP probe), so a port scan needs neither root
/// nor nmap. Concurrency and time are bounded by the caller's settings and token.
/// </summary>
public static class PortScanner
{
    public static async Task<IReadOnlyList<PortState>> ScanTcpAsync(IPAddress target, PortSet ports, TimeSpan timeout, int parallelism,
        SelfRecorder? recorder, CancellationToken cancellationToken)
    {
        var results = new System.Collections.Concurrent.ConcurrentBag<PortState>();
        await Parallel.ForEachAsync(ports.Ports, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (port, ct) => results.Add(await ProbeTcpAsync(new IPEndPoint(target, port), timeout, recorder, ct).ConfigureAwait(false)))
            .ConfigureAwait(false);
        return [.. results.OrderBy(r => r.Port)];
    }

    private static async Task<PortState> ProbeTcpAsync(IPEndPoint endpoint, TimeSpan timeout, SelfRecorder? recorder, CancellationToken ct)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new PortState("tcp", endpoint.Port, PortStatus.Closed, "connection refused (RST)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PortState("tcp", endpoint.Port, PortStatus.Filtered, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException ex)
        {
            return new PortState("tcp", endpoint.Port, PortStatus.Filtered, $"connect failed: {ex.SocketErrorCode}");
        }
        var flow = recorder?.Connected((IPEndPoint)socket.LocalEndPoint!, endpoint, $"port scan: tcp/{endpoint.Port} accepted the connection");
        var banner = await ReadBannerAsync(socket, TimeSpan.FromMilliseconds(300), ct).ConfigureAwait(false);
        if (banner.Length > 0) flow?.Received(banner);
        flow?.Close();
        var bannerText = banner.Length == 0 ? "" : "; banner: " + Printable(banner);
        return new PortState("tcp", endpoint.Port, PortStatus.Open, "connection accepted" + bannerText);
    }

    /// <summary>A service that speaks first (telnet, SSH, FTP) tells what it is; evidence for the lab.</summary>
    private static async Task<byte[]> ReadBannerAsync(Socket socket, TimeSpan wait, CancellationToken ct)
    {
        var buffer = new byte[256];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(wait);
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
            return buffer[..n];
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            return [];
        }
    }

    public static async Task<IReadOnlyList<PortState>> ScanUdpAsync(IPAddress target, PortSet ports, TimeSpan timeout, int retries, int parallelism,
        SelfRecorder? recorder, CancellationToken cancellationToken)
    {
        var results = new System.Collections.Concurrent.ConcurrentBag<PortState>();
        await Parallel.ForEachAsync(ports.Ports, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (port, ct) => results.Add(await ProbeUdpAsync(new IPEndPoint(target, port), timeout, retries, recorder, ct).ConfigureAwait(false)))
            .ConfigureAwait(false);
        return [.. results.OrderBy(r => r.Port)];
    }

    private static async Task<PortState> ProbeUdpAsync(IPEndPoint endpoint, TimeSpan timeout, int retries, SelfRecorder? recorder, CancellationToken ct)
    {
        // A connected UDP socket turns the peer's ICMP port-unreachable into ECONNREFUSED.
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var probe = UdpProbes.For(endpoint.Port);
        var buffer = new byte[2048];
        for (var attempt = 0; attempt <= retries; attempt++)
        {
            try
            {
                await socket.SendAsync(probe, SocketFlags.None, ct).ConfigureAwait(false);
                recorder?.Datagram(local, endpoint, probe, attempt == 0 ? $"UDP probe to port {endpoint.Port}" : $"UDP probe retry {attempt}");
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(timeout);
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                recorder?.Datagram(endpoint, local, buffer.AsSpan(0, n), "answer");
                return new PortState("udp", endpoint.Port, PortStatus.Open, $"answered with {n} bytes");
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                return new PortState("udp", endpoint.Port, PortStatus.Closed, "ICMP port unreachable");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // no answer: try again, the probe or the ICMP error may have been lost
            }
        }
        return new PortState("udp", endpoint.Port, PortStatus.OpenOrFiltered, $"no answer and no ICMP error after {retries + 1} probes");
    }

    private static string Printable(byte[] data) =>
        new([.. System.Text.Encoding.ASCII.GetString(data).Select(c => c is >= ' ' and < (char)127 ? c : '.')]);
}
