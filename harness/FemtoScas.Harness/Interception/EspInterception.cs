using FemtoScas.Harness.Esp;

namespace FemtoScas.Harness.Interception;

/// <summary>Which CHILD_SA a tunnel carries its traffic on once the IKE layer rekeyed it (RFC 7296 2.8).</summary>
public enum EspRekeyChoice
{
    /// <summary>Install the new CHILD_SA (route its inbound SPI) and move outbound traffic to it as 2.8 allows.</summary>
    MoveToNewSa,

    /// <summary>Keep sending and receiving on the current CHILD_SA; the new one is not installed.</summary>
    StayOnCurrentSa,
}

/// <summary>An ESP packet this side is about to protect or send: the SPI it goes out on and what it carries.</summary>
public sealed record EspOutgoing(uint Spi, string What);

/// <summary>
/// The interception points of the user-space ESP endpoint and its tunnels: (a) <see cref="BeforeSeal"/>
/// on the inner packet before ESP protection, (b) <see cref="AfterSeal"/> on the ESP octets before
/// they are sent (and kept for replay), (c) <see cref="AfterParse"/> on an inbound packet's result
/// after decryption and the checks, before it is delivered, and (d) decision hooks at
/// <see cref="Replay"/> and <see cref="SaAfterRekey"/>. Per-packet manoeuvres that need no hook
/// (a chosen sequence number, a broken ICV) stay in <see cref="EspSendOptions"/>.
/// </summary>
public sealed class EspInterception : InterceptionPoints
{
    /// <summary>Before an inbound packet is dropped or let through by the anti-replay window (RFC 4303 3.4.3).</summary>
    public static DecisionPoint<ReplayCheck> Replay { get; } = new("ESP replay check verdict");

    /// <summary>Before a tunnel installs the CHILD_SA that rekeyed the one it uses (RFC 7296 2.8).</summary>
    public static DecisionPoint<EspRekeyChoice> SaAfterRekey { get; } = new("which SA to send on after a rekey");

    /// <summary>(a) Replaces the inner packet before it is protected.</summary>
    public Func<EspOutgoing, byte[], byte[]>? BeforeSeal { get; init; }

    /// <summary>(b) Replaces the ESP octets before they are sent.</summary>
    public Func<EspOutgoing, byte[], byte[]>? AfterSeal { get; init; }

    /// <summary>(c) Replaces the result of an inbound packet before the tunnel acts on it; null: as processed.</summary>
    public Func<EspInboundResult, EspInboundResult?>? AfterParse { get; init; }
}
