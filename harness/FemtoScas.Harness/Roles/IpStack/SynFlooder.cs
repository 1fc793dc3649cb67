using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Interop;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.3.3.1.4: a bounded SYN burst at one documented TCP service of a DUT in a namespace of
/// the run, with real connects before, during and after it. The SYNs come from a /25 of 198.19.x.0/24
/// (RFC 2544, never routed) whose answers the harness sends nowhere: inside the DUT's namespace that
/// /25 is routed to an on-link gateway with a permanent neighbour entry of a MAC no one has, so the
/// SYN-ACKs leave on the veth and no host answers them (as a flood's forged sources would not), and no
/// packet goes beyond the veth pair. At most <c>count</c> SYNs within <c>time</c>, paced in 10 ms rounds;
/// every SYN goes into the pcapng.
/// </summary>
public static class SynFlooder
{
    private const string NowhereMac = "02:00:00:fe:fe:01";

    public static async Task<SynFloodObservation> RunAsync(IpStackTarget target, int port, IpStackBudget budget, SelfRecorder recorder, Action<string> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(step);
        var service = new IPEndPoint(target.Address, port);
        var octet = target.Address.GetAddressBytes()[3];
        var sources = $"198.19.{octet}.128/25";
        if (target.Namespace is not { } ns || target.NamespaceInterface is not { } nsIf)
        {
            return new SynFloodObservation(service, 0, TimeSpan.Zero, budget.SynFloodCount, budget.SynFloodTime, sources, [],
                "the DUT is not in a network namespace of the run, so the harness cannot make sure the SYN-ACKs to forged sources go nowhere; a lab floods a physical DUT from a segment of its own with its own tool");
        }
        var (raw, why) = RawIpSocket.TryOpen(ProtocolType.Tcp);
        if (raw is null) throw new HarnessEnvironmentException(why!);
        using var _ = raw;
        var nowhere = $"198.19.{octet}.126";
        var added = new List<string[]>();
        try
        {
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", ns, "neigh", "replace", nowhere, "lladdr", NowhereMac, "dev", nsIf, "nud", "permanent"], cancellationToken).ConfigureAwait(false);
            added.Add(["-n", ns, "neigh", "del", nowhere, "dev", nsIf]);
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", ns, "route", "replace", sources, "via", nowhere, "dev", nsIf, "onlink"], cancellationToken).ConfigureAwait(false);
            added.Add(["-n", ns, "route", "del", sources]);
            step($"forged SYN sources {sources}: inside {ns} routed via {nowhere} (neighbour {NowhereMac}, no such host), so no SYN-ACK is answered");

            var probes = new List<ConnectProbe> { await ConnectAsync("before the burst", service, budget.ConnectTimeout, recorder, cancellationToken).ConfigureAwait(false) };
            // A thread of its own, sleeping with the OS's timer: the pool's timers can lag by half a second on a loaded host, which cut bursts short.
            var flood = Task.Factory.StartNew(() => Flood(raw, target, port, octet, budget, recorder, cancellationToken), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // The connect during the burst starts once a third of the time bound has passed (the queue is full by then if it fills at all).
            await Task.WhenAny(flood, Task.Delay(budget.SynFloodTime / 3, cancellationToken)).ConfigureAwait(false);
            probes.Add(await ConnectAsync("during the burst", service, budget.ConnectTimeout, recorder, cancellationToken).ConfigureAwait(false));
            var (sent, took) = await flood.ConfigureAwait(false);
            probes.Add(await ConnectAsync("after the burst", service, budget.ConnectTimeout, recorder, cancellationToken).ConfigureAwait(false));
            return new SynFloodObservation(service, sent, took, budget.SynFloodCount, budget.SynFloodTime, sources, probes, null);
        }
        finally
        {
            for (var i = added.Count - 1; i >= 0; i--)
                await VethNamespace.RunAsync(VethNamespace.IpPath, added[i], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static (int Sent, TimeSpan Took) Flood(RawIpSocket raw, IpStackTarget target, int port, byte octet, IpStackBudget budget, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var sent = 0;
        // Paced by the clock, not by counting rounds: each 10 ms round sends what the schedule (count spread evenly over the first
        // four fifths of the time, so a late wake-up near the end does not cut the burst short) says should be out by the round's
        // end; a round that overslept (a loaded host) is made up in the next one.
        var round = TimeSpan.FromMilliseconds(10);
        var spread = budget.SynFloodTime * 0.8;
        while (sent < budget.SynFloodCount && clock.Elapsed < budget.SynFloodTime)
        {
            var dueBy = clock.Elapsed + round;
            var targetSent = (int)Math.Min(budget.SynFloodCount, Math.Ceiling(budget.SynFloodCount * Math.Min(1.0, dueBy / spread)));
            while (sent < targetSent)
            {
                var source = new IPAddress([198, 19, octet, (byte)(128 + Random.Shared.Next(1, 127))]);
                var syn = Syn(source, target.Address, (ushort)Random.Shared.Next(1024, 65536), (ushort)port, (uint)Random.Shared.Next());
                raw.Send(syn, target.Address);
                recorder.IpPacket(syn, sent == 0 ? "TS 33.117 4.3.3.1.4: first SYN of the bounded burst (forged source)" : null);
                sent++;
            }
            var wait = dueBy - clock.Elapsed;
            cancellationToken.ThrowIfCancellationRequested();
            if (wait > TimeSpan.Zero) Thread.Sleep(wait);
        }
        return (sent, clock.Elapsed);
    }

    private static async Task<ConnectProbe> ConnectAsync(string when, IPEndPoint service, TimeSpan timeout, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(service, cts.Token).ConfigureAwait(false);
            recorder.Connected((IPEndPoint)socket.LocalEndPoint!, service, $"connect {when}: handshake completed").Close();
            return new ConnectProbe(when, true, clock.Elapsed, "handshake completed");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectProbe(when, false, clock.Elapsed, $"no handshake within {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            if (socket.LocalEndPoint is IPEndPoint local) recorder.Refused(local, service, $"connect {when}: {e.SocketErrorCode}");
            return new ConnectProbe(when, false, clock.Elapsed, $"{e.SocketErrorCode}");
        }
    }

    // TCP header (RFC 9293 3.1), SYN with an MSS option; checksum over the IPv4 pseudo-header.
    private static byte[] Syn(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, uint sequence)
    {
        var tcp = new byte[24];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence);
        tcp[12] = 6 << 4; // data offset: 6 words
        tcp[13] = 0x02; // SYN
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 64240);
        tcp[20] = 2; tcp[21] = 4; BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(22), 1460);
        var pseudo = new byte[12 + tcp.Length];
        source.GetAddressBytes().CopyTo(pseudo, 0);
        destination.GetAddressBytes().CopyTo(pseudo, 4);
        pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)tcp.Length);
        tcp.CopyTo(pseudo, 12);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), InternetChecksum.Compute(pseudo));
        return new Ipv4Packet(source, destination, 6, tcp, Identification: (ushort)Random.Shared.Next(0x10000), FlagsAndFragment: 0x4000).ToBytes();
    }
}
