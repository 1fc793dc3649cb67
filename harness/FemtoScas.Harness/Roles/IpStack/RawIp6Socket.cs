using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// The IPv6 probes' raw sockets: one of protocol 255 (IPPROTO_RAW, which on Linux sends the IPv6
/// header the harness wrote, extension headers and hop limit included, RFC 3542 / IPV6_HDRINCL) and
/// one of ICMPv6 that receives the ICMPv6 messages the host gets (on one interface when bound to it),
/// without their IPv6 header (RFC 3542 2.2), with the sender's address. The caller keeps only the DUT's.
/// Needs root or CAP_NET_RAW.
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

    /// <summary>
    /// Opens both sockets; with <paramref name="device"/> the receiving one is bound to that interface
    /// (SO_BINDTODEVICE), so it gets only what arrives there. Null with the reason when the host does
    /// not allow it (not root, no IPv6).
    /// </summary>
    public static (RawIp6Socket? Socket, string? Why) TryOpen(string? device = null)
    {
        Socket? s = null, r = null;
        try
        {
            s = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.Raw);
            r = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            if (device is not null) r.SetRawSocketOption(SolSocket, SoBindToDevice, System.Text.Encoding.ASCII.GetBytes(device + "\0"));
            // .NET receives with the sender's address only on a bound socket; bound to any address it still gets every ICMPv6 message.
            r.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            return (new RawIp6Socket(s, r), null);
        }
        catch (SocketException e)
        {
            s?.Dispose();
            r?.Dispose();
            return (null, $"no raw IPv6 socket{(device is null ? "" : " bound to " + device)}: {e.SocketErrorCode} ({e.Message}); needs root or CAP_NET_RAW and IPv6 on the host");
        }
    }

    // Linux <asm-generic/socket.h>: SOL_SOCKET 1, SO_BINDTODEVICE 25.
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>Sends a whole IPv6 packet (the harness's header included) towards <paramref name="destination"/>.</summary>
    public void Send(byte[] packet, IPAddress destination) => send.SendTo(packet, new IPEndPoint(destination, 0));

    /// <summary>The next ICMPv6 message and its sender (zone removed); null when <paramref name="wait"/> passes first.</summary>
    public async Task<Received?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        try
        {
            // ReceiveFrom, not ReceiveMessageFrom: .NET asks for IPv4 packet information too on an IPv6
            // socket that is not IPv6-only, which a raw IPv6 socket refuses (ENOPROTOOPT).
            var r = await receive.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0), cts.Token).ConfigureAwait(false);
            var source = r.RemoteEndPoint is IPEndPoint ep ? new IPAddress(ep.Address.GetAddressBytes()) : IPAddress.IPv6None;
            return new Received(buffer.AsSpan(0, r.ReceivedBytes).ToArray(), source);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One ICMPv6 message as received (without its IPv6 header).</summary>
    public sealed record Received(byte[] Message, IPAddress Source);

    public void Dispose()
    {
        send.Dispose();
        receive.Dispose();
    }
}
