using System.Net;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>One inner IP packet carried through the DUT's tunnel (ESP next header, the packet, its IPv4 view).</summary>
public sealed record InnerPacket(byte NextHeader, byte[] Packet, Ipv4Packet? Ipv4);

/// <summary>
/// Inner IP packets to and from the DUT through its tunnel, as the operator side of the tunnel
/// sees them: what later roles put on NG-C (SCTP), N3 (GTP-U) or management, and what the DUT
/// sends inside. Implemented over the harness's user-space ESP (<see cref="EspInnerPacketChannel"/>);
/// a kernel TUN bridge (<see cref="TunBridge"/>) offers the same packets to kernel sockets.
/// </summary>
public interface IInnerPacketChannel : IAsyncDisposable
{
    /// <summary>The harness's inner address (the operator side of the tunnel).</summary>
    IPAddress LocalAddress { get; }

    /// <summary>The DUT's inner address (assigned by configuration payload, RFC 7296 3.15), when it has one.</summary>
    IPAddress? PeerAddress { get; }

    /// <summary>Every inner packet the DUT sends through the tunnel, as it arrives.</summary>
    event Action<InnerPacket>? Received;

    /// <summary>Sends one inner IP packet to the DUT (IPv4: next header 4, RFC 4303 2.5).</summary>
    Task SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default);
}

/// <summary>
/// The inner-packet channel over the harness SeGW's user-space ESP: ESP-in-UDP on the SeGW's
/// NAT-T socket (RFC 3948), with the CHILD_SA keys the SeGW negotiated. <see cref="Tunnel"/> gives
/// the ESP manoeuvres (replay, corrupted ICV, rekey following) to the cases that need them.
/// </summary>
public sealed class EspInnerPacketChannel : IInnerPacketChannel
{
    private readonly EspEndpoint _endpoint;
    private int _disposed;

    private EspInnerPacketChannel(EspEndpoint endpoint, EspTunnel tunnel, IPAddress local, IPAddress? peer)
    {
        _endpoint = endpoint;
        Tunnel = tunnel;
        LocalAddress = local;
        PeerAddress = peer;
        tunnel.InnerPacketReceived += p => Received?.Invoke(new InnerPacket(p.NextHeader, p.Packet, p.Ipv4));
    }

    /// <summary>The harness SeGW's own default inner address (the operator side of the tunnel).</summary>
    public static IPAddress DefaultSegwInnerAddress { get; } = IPAddress.Parse("10.45.255.1");

    public EspTunnel Tunnel { get; }
    public IPAddress LocalAddress { get; }
    public IPAddress? PeerAddress { get; }
    public event Action<InnerPacket>? Received;

    /// <summary>
    /// Opens the channel on <paramref name="sa"/>'s first CHILD_SA; null with the reason when the
    /// SeGW has no NAT-T socket (no ESP-in-UDP to terminate) or the SA has no CHILD_SA.
    /// </summary>
    public static (EspInnerPacketChannel? Channel, string? WhyNot) Open(SegwResponder segw, IkeSa sa, IPAddress? localAddress = null)
    {
        ArgumentNullException.ThrowIfNull(segw);
        ArgumentNullException.ThrowIfNull(sa);
        if (segw.NatTLocalEndPoint is null) return (null, "the harness SeGW has no NAT-T socket, so it cannot terminate the DUT's ESP");
        if (sa.FirstChildSa is not { } child) return (null, "the IKE SA has no CHILD_SA");
        var endpoint = EspEndpoint.Attach(segw);
        var local = localAddress ?? DefaultSegwInnerAddress;
        return (new EspInnerPacketChannel(endpoint, endpoint.AddTunnel(sa, child, local), local, sa.AssignedAddress), null);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default) =>
        await Tunnel.SendInnerAsync(packet, cancellationToken: cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _endpoint.DisposeAsync() : ValueTask.CompletedTask;
}
