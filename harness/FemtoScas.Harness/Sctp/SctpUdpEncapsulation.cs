using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// SCTP over UDP (RFC 6951 5): each SCTP packet is the whole payload of one UDP datagram; IANA's port is 9899.
/// The SCTP stack is unaware of the UDP layer (AF_CONN): this class is only the carrier. Datagrams from any
/// source other than the configured peer are dropped and counted, like a connected UDP socket would.
/// </summary>
public sealed class SctpUdpEncapsulation : IDisposable
{
    /// <summary>RFC 6951 5: SCTP over UDP port registered with IANA.</summary>
    public const int IanaPort = 9899;

    private readonly Socket udp;
    private IPEndPoint? remote;
    private readonly CancellationTokenSource stop = new();
    private long foreign;

    /// <summary>Binds <paramref name="local"/>; packets flow once <see cref="ConnectTo"/> named the peer.</summary>
    public SctpUdpEncapsulation(IPEndPoint local)
    {
        udp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(local);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)udp.LocalEndPoint!;

    /// <summary>Datagrams that came from somewhere other than the peer.</summary>
    public long ForeignDatagrams => Interlocked.Read(ref foreign);

    /// <summary>The peer's UDP address: the only source accepted and the only destination used.</summary>
    public void ConnectTo(IPEndPoint peer) => Volatile.Write(ref remote, peer);

    /// <summary>The endpoint's output delegate: one SCTP packet, one datagram (dropped while no peer is set).</summary>
    public void Send(ReadOnlyMemory<byte> packet)
    {
        if (Volatile.Read(ref remote) is { } peer)
        {
            udp.SendTo(packet.Span, SocketFlags.None, peer);
        }
    }

    /// <summary>Starts feeding datagrams from the peer to <paramref name="endpoint"/>.</summary>
    public void Attach(SctpEndpoint endpoint) => _ = Task.Run(() => ReceiveLoopAsync(endpoint));

    private async Task ReceiveLoopAsync(SctpEndpoint endpoint)
    {
        var buffer = new byte[SctpEndpoint.MaxPacketBytes];
        EndPoint any = new IPEndPoint(udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await udp.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token).ConfigureAwait(false);
                if (!result.RemoteEndPoint.Equals(Volatile.Read(ref remote)))
                {
                    Interlocked.Increment(ref foreign);
                    continue;
                }

                endpoint.Input(buffer.AsSpan(0, result.ReceivedBytes));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP port unreachable surfaces as ConnectionReset on the next receive; SCTP retransmits.
                Trace.TraceWarning($"SCTP over UDP: {e.SocketErrorCode}");
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        stop.Dispose();
    }
}
