using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Rules;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>Picks the <see cref="ExchangeStep"/> a received message claims to be and runs the payload table on it.</summary>
internal static class StepRules
{
    public static ExchangeStep StepOf(ReceivedMessage received)
    {
        var header = received.Message.Header;
        bool hasError = received.Notifies.Any(n => n.NotifyType.IsError() || n.NotifyType == NotifyMessageType.Cookie);
        return (header.ExchangeType, header.IsResponse) switch
        {
            (IkeExchangeType.IkeSaInit, false) => ExchangeStep.IkeSaInitRequest,
            (IkeExchangeType.IkeSaInit, true) => received.Find<SecurityAssociationPayload>() is null && hasError
                ? ExchangeStep.IkeSaInitErrorResponse : ExchangeStep.IkeSaInitResponse,
            (IkeExchangeType.IkeAuth, false) => ExchangeStep.IkeAuthRequest,
            (IkeExchangeType.IkeAuth, true) => received.Find<AuthenticationPayload>() is null && hasError
                ? ExchangeStep.IkeAuthErrorResponse : ExchangeStep.IkeAuthResponse,
            (IkeExchangeType.CreateChildSa, false) when IsIkeRekey(received) => ExchangeStep.RekeyIkeSaRequest,
            (IkeExchangeType.CreateChildSa, false) => received.Notifies.Any(n => n.NotifyType == NotifyMessageType.RekeySa)
                ? ExchangeStep.RekeyChildSaRequest : ExchangeStep.CreateChildSaRequest,
            (IkeExchangeType.CreateChildSa, true) when received.Find<SecurityAssociationPayload>() is null && hasError => ExchangeStep.CreateChildSaErrorResponse,
            (IkeExchangeType.CreateChildSa, true) => IsIkeRekey(received) ? ExchangeStep.RekeyIkeSaResponse : ExchangeStep.CreateChildSaResponse,
            (_, false) => ExchangeStep.InformationalRequest,
            _ => ExchangeStep.InformationalResponse,
        };
    }

    /// <summary>A CREATE_CHILD_SA whose SA proposes protocol IKE rekeys the IKE SA (RFC 7296 1.3.2).</summary>
    public static bool IsIkeRekey(ReceivedMessage received) =>
        received.Find<SecurityAssociationPayload>()?.Proposals.FirstOrDefault()?.Protocol == IkeProtocolId.Ike;

    /// <summary>Records parse findings and rule findings of <paramref name="received"/> on the SA.</summary>
    public static void Record(IkeSa sa, ReceivedMessage received, IReadOnlyList<PayloadLocation> locations)
    {
        var header = received.Message.Header;
        var step = StepOf(received);
        bool encrypted = ExchangeRules.ShapeOf(step).Encrypted;
        var findings = ExchangeRules.Verify(received.Message, step, encrypted ? received.Payloads : null, locations).ToList();

        // 1.2: an IKE_AUTH response may refuse only the CHILD_SA (error notify instead of SA/TSi/TSr).
        if (step == ExchangeStep.IkeAuthResponse && received.FirstError is not null)
        {
            findings.RemoveAll(f => f.What.StartsWith("required SA", StringComparison.Ordinal)
                || f.What.StartsWith("required TSi", StringComparison.Ordinal)
                || f.What.StartsWith("required TSr", StringComparison.Ordinal));
        }

        sa.AddFindings(header.ExchangeType, header.MessageId, received.Findings.Concat(findings));
    }
}
