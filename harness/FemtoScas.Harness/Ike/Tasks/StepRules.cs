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
            (IkeExchangeType.IkeAuth, false) => IkeAuthRequestStep(received),
            (IkeExchangeType.IkeAuth, true) when received.Find<EapPayload>() is not null => received.Find<AuthenticationPayload>() is null
                ? ExchangeStep.IkeAuthEapRoundResponse : ExchangeStep.IkeAuthEapFirstResponse,
            (IkeExchangeType.IkeAuth, true) => received.Find<AuthenticationPayload>() is null && hasError
                ? ExchangeStep.IkeAuthErrorResponse : IkeAuthResponseStep(received),
            (IkeExchangeType.CreateChildSa, false) when IsIkeRekey(received) => ExchangeStep.RekeyIkeSaRequest,
            (IkeExchangeType.CreateChildSa, false) => received.Notifies.Any(n => n.NotifyType == NotifyMessageType.RekeySa)
                ? ExchangeStep.RekeyChildSaRequest : ExchangeStep.CreateChildSaRequest,
            (IkeExchangeType.CreateChildSa, true) when received.Find<SecurityAssociationPayload>() is null && hasError => ExchangeStep.CreateChildSaErrorResponse,
            (IkeExchangeType.CreateChildSa, true) => IsIkeRekey(received) ? ExchangeStep.RekeyIkeSaResponse : ExchangeStep.CreateChildSaResponse,
            (IkeExchangeType.IkeIntermediate, false) => ExchangeStep.IkeIntermediateRequest,
            (IkeExchangeType.IkeIntermediate, true) => ExchangeStep.IkeIntermediateResponse,
            (_, false) => ExchangeStep.InformationalRequest,
            _ => ExchangeStep.InformationalResponse,
        };
    }

    /// <summary>
    /// IKE_AUTH requests by content (RFC 7296 1.2, 2.16; RFC 4739 3.1): EAP rounds carry EAP, the
    /// closing request carries AUTH without IDi, a second identity comes alone, and an EAP start
    /// carries IDi and SA but no AUTH.
    /// </summary>
    private static ExchangeStep IkeAuthRequestStep(ReceivedMessage received)
    {
        bool hasIdi = received.Payloads.OfType<IdentificationPayload>().Any(i => !i.Responder);
        bool hasAuth = received.Find<AuthenticationPayload>() is not null;
        bool hasSa = received.Find<SecurityAssociationPayload>() is not null;
        return (received.Find<EapPayload>() is not null, hasIdi, hasAuth, hasSa) switch
        {
            (true, _, _, _) => ExchangeStep.IkeAuthEapRoundRequest,
            (false, false, true, _) => ExchangeStep.IkeAuthEapFinalRequest,
            (false, true, false, false) => ExchangeStep.IkeAuthSecondIdentityRequest,
            (false, true, false, true) => ExchangeStep.IkeAuthEapFirstRequest,
            _ => ExchangeStep.IkeAuthRequest,
        };
    }

    /// <summary>
    /// An IKE_AUTH response with AUTH but without IDr closes an EAP authentication (2.16); one with
    /// IDr and AUTH but neither SA nor an error answers a first authentication that announced
    /// ANOTHER_AUTH_FOLLOWS (RFC 4739 3.1).
    /// </summary>
    private static ExchangeStep IkeAuthResponseStep(ReceivedMessage received)
    {
        bool hasIdr = received.Payloads.OfType<IdentificationPayload>().Any(i => i.Responder);
        bool hasSa = received.Find<SecurityAssociationPayload>() is not null;
        return (hasIdr, hasSa) switch
        {
            (false, _) => ExchangeStep.IkeAuthEapFinalResponse,
            (true, false) when received.FirstError is null => ExchangeStep.IkeAuthAnotherAuthResponse,
            _ => ExchangeStep.IkeAuthResponse,
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
