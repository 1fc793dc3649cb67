using System.Net;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Sa;

/// <summary>
/// A negotiated ESP CHILD_SA (RFC 7296 2.17): the SPI each side chose for its inbound traffic,
/// the chosen proposal, the traffic selectors and KEYMAT. <see cref="InitiatorSpi"/> is what the
/// initiator receives on (the responder sends to it), <see cref="ResponderSpi"/> the reverse.
/// </summary>
public sealed class ChildSa : IDisposable
{
    internal ChildSa(uint initiatorSpi, uint responderSpi, Proposal proposal, EspCryptoSuite suite, ChildSaKeys keys,
        IReadOnlyList<TrafficSelector> tsi, IReadOnlyList<TrafficSelector> tsr)
    {
        InitiatorSpi = initiatorSpi;
        ResponderSpi = responderSpi;
        Proposal = proposal;
        Suite = suite;
        Keys = keys;
        TrafficSelectorsInitiator = tsi;
        TrafficSelectorsResponder = tsr;
    }

    public uint InitiatorSpi { get; }
    public uint ResponderSpi { get; }
    public Proposal Proposal { get; }
    public EspCryptoSuite Suite { get; }
    public ChildSaKeys Keys { get; }
    public IReadOnlyList<TrafficSelector> TrafficSelectorsInitiator { get; }
    public IReadOnlyList<TrafficSelector> TrafficSelectorsResponder { get; }

    /// <summary>The SPI this side receives on: the initiator's or the responder's.</summary>
    public uint Spi(bool initiatorSide) => initiatorSide ? InitiatorSpi : ResponderSpi;

    /// <summary>Responder SPI of the CHILD_SA that replaced this one by CREATE_CHILD_SA rekey (RFC 7296 1.3.3).</summary>
    public uint? RekeyedBy { get; internal set; }

    /// <summary>When this side installed the CHILD_SA.</summary>
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The KEYMAT included a fresh Diffie-Hellman secret (CREATE_CHILD_SA with KE, RFC 7296 1.3.1, 2.17).</summary>
    public bool WithPfs { get; internal init; }

    /// <summary>Responder SPI of the CHILD_SA this one rekeyed (RFC 7296 1.3.3), if any.</summary>
    public uint? Replaces { get; internal init; }

    /// <summary>Set when the peer deleted this CHILD_SA or we did (RFC 7296 1.4.1).</summary>
    public bool Deleted
    {
        get => Interlocked.Read(ref _deletedTicks) != 0;
        internal set
        {
            // Read by the ESP worker while the IKE loop writes it: one atomic word, the first delete time kept.
            if (value) Interlocked.CompareExchange(ref _deletedTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
            else Interlocked.Exchange(ref _deletedTicks, 0);
        }
    }

    private long _deletedTicks;

    /// <summary>When this side learnt of or sent the delete (ESP arriving later on it is rejected, RFC 7296 1.4.1).</summary>
    public DateTimeOffset? DeletedAt => Interlocked.Read(ref _deletedTicks) is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>
    /// This side sent the request that created the CHILD_SA (IKE_AUTH or CREATE_CHILD_SA). On a rekey
    /// its initiator sends on the new SA at once; the responder waits for traffic on it or the delete
    /// of the old one (RFC 7296 2.8).
    /// </summary>
    public bool InitiatedHere { get; internal init; }

    public void Dispose() => Keys.Dispose();

    public override string ToString() => $"CHILD_SA ESP SPIi 0x{InitiatorSpi:x8} SPIr 0x{ResponderSpi:x8} {Suite}";
}
