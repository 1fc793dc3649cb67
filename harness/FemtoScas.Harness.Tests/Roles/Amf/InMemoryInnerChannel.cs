using System.Net;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// Two ends of a tunnel's inner-packet channel joined in memory: what one end sends, the other receives,
/// parsed as the ESP layer would (<see cref="Ipv4Packet.Parse"/>). Stands for the harness SeGW's channel
/// (operator side) and the femto's tunnel without IKE or ESP.
/// </summary>
internal sealed class InMemoryInnerChannel(IPAddress local, IPAddress? peer) : IInnerPacketChannel
{
    public InMemoryInnerChannel? Other { get; private set; }

    public IPAddress LocalAddress { get; } = local;
    public IPAddress? PeerAddress { get; } = peer;
    public event Action<InnerPacket>? Received;

    public static (InMemoryInnerChannel Operator, InMemoryInnerChannel Femto) Pair(IPAddress operatorSide, IPAddress femtoSide)
    {
        var a = new InMemoryInnerChannel(operatorSide, femtoSide);
        var b = new InMemoryInnerChannel(femtoSide, operatorSide);
        a.Other = b;
        b.Other = a;
        return (a, b);
    }

    /// <summary>Delivers <paramref name="packet"/> to this end as if it came out of the tunnel.</summary>
    public void Deliver(byte[] packet) => Received?.Invoke(new InnerPacket(4, packet, Ipv4Packet.Parse(packet).Packet));

    public Task SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default)
    {
        Other?.Deliver(packet.ToArray());
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
