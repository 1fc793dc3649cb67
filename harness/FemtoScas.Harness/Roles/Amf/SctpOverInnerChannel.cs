using System.Net;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Sctp;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// Carries SCTP (IPv4 protocol 132, RFC 9260) on a tunnel's inner-packet channel: each inner IPv4 packet
/// with protocol 132 from the peer's inner address to the local one is fed to a usrsctp AF_CONN endpoint,
/// and every SCTP packet the endpoint emits leaves in an IPv4 header from the local to the peer's inner
/// address. usrsctp never sees IP addresses (AF_CONN), so the address check is made here: SCTP from
/// another source is counted, not delivered. The recorder (constructor argument) receives every inner IPv4 packet
/// both ways (raw IP, so tshark decodes SCTP and, by PPID 60, NGAP).
/// </summary>
public sealed class SctpOverInnerChannel : IDisposable
{
    public const byte IpProtocolSctp = 132;

    private readonly IInnerPacketChannel channel;
    private readonly Action<byte[], string>? record;
    private readonly Action<InnerPacket> onReceived;
    private IPAddress? peer;
    private long misaddressed;
    private long sendFailures;

    public SctpOverInnerChannel(IInnerPacketChannel channel, SctpStack stack, string name, Action<byte[], string>? record = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(stack);
        this.channel = channel;
        this.record = record;
        peer = channel.PeerAddress;
        Endpoint = stack.CreateEndpoint(Output, name);
        onReceived = Received;
        channel.Received += onReceived;
    }

    public SctpEndpoint Endpoint { get; }

    /// <summary>SCTP packets that arrived on the channel from an address other than the peer's inner address, or to another destination.</summary>
    public long Misaddressed => Interlocked.Read(ref misaddressed);

    /// <summary>SCTP packets the channel failed to send (SCTP retransmits them).</summary>
    public long SendFailures => Interlocked.Read(ref sendFailures);

    private void Received(InnerPacket packet)
    {
        if (packet.Ipv4 is not { Protocol: IpProtocolSctp } ip) return;
        // The first SCTP packet names the peer when the tunnel assigned it no address (RFC 7296 3.15 is optional).
        var expected = Volatile.Read(ref peer) ?? Interlocked.CompareExchange(ref peer, ip.Source, null) ?? ip.Source;
        if (!ip.Source.Equals(expected) || !ip.Destination.Equals(channel.LocalAddress))
        {
            Interlocked.Increment(ref misaddressed);
            record?.Invoke(packet.Packet, $"SCTP from {ip.Source} to {ip.Destination} inside the tunnel: not the peer's inner address, not delivered");
            return;
        }

        record?.Invoke(packet.Packet, "inner SCTP received through the tunnel");
        Endpoint.Input(ip.Payload.Span);
    }

    private void Output(ReadOnlyMemory<byte> sctp)
    {
        if (Volatile.Read(ref peer) is not { } destination)
        {
            // No peer yet: an AMF never speaks first (the NG-RAN node opens NG-C, TS 38.412 7).
            Interlocked.Increment(ref sendFailures);
            return;
        }

        var ip = new Ipv4Packet(channel.LocalAddress, destination, IpProtocolSctp, sctp.ToArray()).ToBytes();
        record?.Invoke(ip, "inner SCTP sent through the tunnel");
        try
        {
            // Called on the endpoint's own pump task (never inside usrsctp), so waiting here holds no native lock.
            channel.SendAsync(ip).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException or System.Net.Sockets.SocketException)
        {
            Interlocked.Increment(ref sendFailures);
        }
    }

    public void Dispose()
    {
        channel.Received -= onReceived;
        Endpoint.Dispose();
    }
}
