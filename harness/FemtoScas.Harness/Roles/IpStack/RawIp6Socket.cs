using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// The IPv6 probes' raw sockets: one of protocol 255 (IPPROTO_RAW, which on Linux sends the IPv6
/// header the harness wrote, extension headers and hop limit included, RFC 3542 / IPV6_HDRINCL) and
/// one of ICMPv6 that receives every ICMPv6 message the host gets, without its IPv6 header (RFC 3542
/// 2.2), with the sender's address. The caller keeps only the DUT's. Needs root or CAP_NET_RAW.
/// </summary>
public sealed class RawIp6Socket : IDisposable
{
    /// <summary>Larger than any ICMPv6 message on a 1500-octet link; a longer one is cut, never grown into.</summary>
    public const int ReceiveBufferSize = 2048;

    private readonly Socket send;
    private readonly Socket receive;
    private readonly byte[] buffer = new byte[ReceiveBufferSize];

    private RawIp6Socket(Socket send, Socket receive)
    {
        this.send = send;
        this.receive = receive;
    }

    /// <summary>Opens both sockets; null with the reason when the host does not allow it (not root, no IPv6).</summary>
    public static (RawIp6Socket? Socket, string? Why) TryOpen()
    {
        Socket? s = null;
        try
        {
            s = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.Raw);
            var r = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            // IPV6_RECVPKTINFO: each message comes with the address it was sent to and the interface it arrived on.
            r.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            return (new RawIp6Socket(s, r), null);
        }
        catch (SocketException e)
        {
            s?.Dispose();
            return (null, $"no raw IPv6 socket: {e.SocketErrorCode} ({e.Message}); needs root or CAP_NET_RAW and IPv6 on the host");
        }
    }

    /// <summary>Sends a whole IPv6 packet (the harness's header included) towards <paramref name="destination"/>.</summary>
    public void Send(byte[] packet, IPAddress destination) => send.SendTo(packet, new IPEndPoint(destination, 0));

    /// <summary>The next ICMPv6 message, its sender (zone removed), the address it was sent to and the interface index it arrived on; null when <paramref name="wait"/> passes first.</summary>
    public async Task<Received?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        try
        {
            var r = await receive.ReceiveMessageFromAsync(buffer.AsMemory(), SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0), cts.Token).ConfigureAwait(false);
            var source = r.RemoteEndPoint is IPEndPoint ep ? new IPAddress(ep.Address.GetAddressBytes()) : IPAddress.IPv6None;
            return new Received(buffer.AsSpan(0, r.ReceivedBytes).ToArray(), source, r.PacketInformation.Address ?? IPAddress.IPv6None, r.PacketInformation.Interface);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One ICMPv6 message as received (without its IPv6 header).</summary>
    public sealed record Received(byte[] Message, IPAddress Source, IPAddress Destination, int InterfaceIndex);

    public void Dispose()
    {
        send.Dispose();
        receive.Dispose();
    }
}
