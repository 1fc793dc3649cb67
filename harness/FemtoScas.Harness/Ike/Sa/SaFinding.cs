using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Sa;

/// <summary>
/// A deviation noticed on an IKE SA: in which exchange and message, at which offset of the
/// received datagram (-1 when no octet can be named, e.g. inside SK), what was observed and the
/// clause it breaks. Findings are data for verdicts; the engine never throws on peer input.
/// </summary>
public sealed record SaFinding(IkeExchangeType Exchange, uint MessageId, bool FromPeer, int Offset, string What, string Reference)
{
    public override string ToString() =>
        $"{Exchange} #{MessageId}{(FromPeer ? " (peer)" : "")} @{Offset}: {What} [{Reference}]";
}
