using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Tasks;

namespace FemtoScas.Harness.Ike.Sa;

/// <summary>
/// What both roles do with a request the peer sent on an established SA before any task sees
/// it: a retransmission gets the cached response again (RFC 7296 2.1), an out-of-window message
/// ID is a finding and dropped (2.3), a message that does not decrypt or verify is a finding and
/// dropped; anything else is admitted, its payloads checked against the exchange rules.
/// </summary>
internal static class PeerRequestGate
{
    internal enum Disposition { AnswerFromCache, Dropped, Admitted }

    public static (Disposition Disposition, ReceivedMessage? Received) Admit(IkeSa sa, IkeHeader header, byte[] datagram, IkeParseResult parsed)
    {
        // The exchange type must match too: a new request that reuses an old ID is not a retransmission.
        if (sa.LastResponse is not null && header.MessageId == sa.LastResponseId
            && sa.LastResponse[IkeHeader.ExchangeTypeOffset] == (byte)header.ExchangeType)
            return (Disposition.AnswerFromCache, null);

        if (header.MessageId != sa.ExpectedPeerRequestId)
        {
            sa.AddFinding(header.ExchangeType, header.MessageId, IkeHeader.MessageIdOffset,
                $"request carries message ID {header.MessageId}, expected {sa.ExpectedPeerRequestId}", "RFC 7296 2.3");
            return (Disposition.Dropped, null);
        }

        var received = IkeSaMessages.Open(sa, datagram, parsed);
        if (received is null || received.IntegrityFailed)
        {
            sa.AddFindings(header.ExchangeType, header.MessageId, received?.Findings ?? parsed.Findings);
            return (Disposition.Dropped, null);
        }

        StepRules.Record(sa, received, parsed.Locations);
        return (Disposition.Admitted, received);
    }
}
