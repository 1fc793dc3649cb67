using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Esp;

/// <summary>
/// One CHILD_SA an <see cref="EspTunnel"/> has carried: its ESP state and counters (per SPI), when
/// this side started and stopped sending on it, and when its inbound SPI left the endpoint's
/// routing because the CHILD_SA was deleted (RFC 7296 1.3.3, 2.8).
/// </summary>
public sealed class EspTunnelSa
{
    internal EspTunnelSa(ChildSa childSa, EspSa sa)
    {
        ChildSa = childSa;
        Sa = sa;
    }

    public ChildSa ChildSa { get; }
    public EspSa Sa { get; }
    public EspCounters Counters => Sa.Counters;
    public uint InboundSpi => Sa.InboundSpi;
    public uint OutboundSpi => Sa.OutboundSpi;

    /// <summary>When the tunnel took this CHILD_SA on (inbound accepted from then on).</summary>
    public DateTimeOffset InstalledAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>When this side started sending on it; null while it never carried outbound traffic.</summary>
    public DateTimeOffset? OutboundFrom { get; internal set; }

    /// <summary>When this side stopped sending on it (switched to its successor).</summary>
    public DateTimeOffset? OutboundUntil { get; internal set; }

    /// <summary>When the CHILD_SA was deleted and its inbound SPI dropped from routing; ESP arriving later is rejected and counted.</summary>
    public DateTimeOffset? RetiredAt { get; internal set; }

    public override string ToString() =>
        $"in 0x{InboundSpi:x8} out 0x{OutboundSpi:x8}{(RetiredAt is { } r ? $" retired {r:HH:mm:ss.fff}" : "")} ({Counters})";
}
