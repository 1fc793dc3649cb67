using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Rules;

public enum Presence
{
    Required,
    Optional,
}

/// <summary>
/// One row: in <see cref="Step"/>, payload <see cref="Payload"/> (optionally a specific
/// notification) is required or allowed, once or <see cref="Repeatable"/>. Where it travels
/// (cleartext or inside SK) follows from the step's <see cref="StepShape.Encrypted"/>.
/// </summary>
public sealed record ExchangeRule(ExchangeStep Step, IkePayloadType Payload, Presence Presence, bool Repeatable, string Reference, NotifyMessageType? Notify = null);

/// <summary>
/// Which payloads each IKEv2 message carries (one table, one RFC 7296 reference per
/// row, so a rule is checked against its clause, not read out of code), and a verifier that reports every deviation of a message from its row set.
/// Payloads absent from a step's rows are not allowed in that step.
/// </summary>
public static class ExchangeRules
{
    private const IkePayloadType SA = IkePayloadType.SecurityAssociation;
    private const IkePayloadType KE = IkePayloadType.KeyExchange;
    private const IkePayloadType IDi = IkePayloadType.IdentificationInitiator;
    private const IkePayloadType IDr = IkePayloadType.IdentificationResponder;
    private const IkePayloadType CERT = IkePayloadType.Certificate;
    private const IkePayloadType CERTREQ = IkePayloadType.CertificateRequest;
    private const IkePayloadType AUTH = IkePayloadType.Authentication;
    private const IkePayloadType Nonce = IkePayloadType.Nonce;
    private const IkePayloadType N = IkePayloadType.Notify;
    private const IkePayloadType D = IkePayloadType.Delete;
    private const IkePayloadType V = IkePayloadType.VendorId;
    private const IkePayloadType TSi = IkePayloadType.TrafficSelectorInitiator;
    private const IkePayloadType TSr = IkePayloadType.TrafficSelectorResponder;
    private const IkePayloadType CP = IkePayloadType.Configuration;
    private const IkePayloadType EAP = IkePayloadType.Eap;
    private const Presence Req = Presence.Required;
    private const Presence Opt = Presence.Optional;

    public static IReadOnlyList<StepShape> Shapes { get; } =
    [
        new(ExchangeStep.IkeSaInitRequest, IkeExchangeType.IkeSaInit, false, false, "HDR, SAi1, KEi, Ni -->", "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitResponse, IkeExchangeType.IkeSaInit, true, false, "<-- HDR, SAr1, KEr, Nr, [CERTREQ]", "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitErrorResponse, IkeExchangeType.IkeSaInit, true, false, "<-- HDR, N(error or COOKIE)", "RFC 7296 1.2, 2.6"),
        new(ExchangeStep.IkeAuthRequest, IkeExchangeType.IkeAuth, false, true, "HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr,] AUTH, SAi2, TSi, TSr} -->", "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {IDr, [CERT,] AUTH, SAr2, TSi, TSr}", "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthErrorResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {N(error)}", "RFC 7296 2.21.2"),
        new(ExchangeStep.IkeAuthEapFirstRequest, IkeExchangeType.IkeAuth, false, true, "HDR, SK {IDi, [CERTREQ,] [IDr,] SAi2, TSi, TSr} -->", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {IDr, [CERT,] AUTH, EAP}", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapRoundRequest, IkeExchangeType.IkeAuth, false, true, "HDR, SK {EAP} -->", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapRoundResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {EAP}", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalRequest, IkeExchangeType.IkeAuth, false, true, "HDR, SK {AUTH} -->", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {AUTH, SAr2, TSi, TSr}", "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthAnotherAuthResponse, IkeExchangeType.IkeAuth, true, true, "<-- HDR, SK {IDr, [CERT,] AUTH}", "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthSecondIdentityRequest, IkeExchangeType.IkeAuth, false, true, "HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr]} -->", "RFC 4739 3.1"),
        new(ExchangeStep.CreateChildSaRequest, IkeExchangeType.CreateChildSa, false, true, "HDR, SK {SA, Ni, [KEi], TSi, TSr} -->", "RFC 7296 1.3.1"),
        new(ExchangeStep.RekeyChildSaRequest, IkeExchangeType.CreateChildSa, false, true, "HDR, SK {N(REKEY_SA), SA, Ni, [KEi], TSi, TSr} -->", "RFC 7296 1.3.3"),
        new(ExchangeStep.CreateChildSaResponse, IkeExchangeType.CreateChildSa, true, true, "<-- HDR, SK {SA, Nr, [KEr], TSi, TSr}", "RFC 7296 1.3.1"),
        new(ExchangeStep.RekeyIkeSaRequest, IkeExchangeType.CreateChildSa, false, true, "HDR, SK {SA, Ni, KEi} -->", "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaResponse, IkeExchangeType.CreateChildSa, true, true, "<-- HDR, SK {SA, Nr, KEr}", "RFC 7296 1.3.2"),
        new(ExchangeStep.CreateChildSaErrorResponse, IkeExchangeType.CreateChildSa, true, true, "<-- HDR, SK {N(error)}", "RFC 7296 1.3"),
        new(ExchangeStep.InformationalRequest, IkeExchangeType.Informational, false, true, "HDR, SK {[N,] [D,] [CP,] ...} -->", "RFC 7296 1.4"),
        new(ExchangeStep.InformationalResponse, IkeExchangeType.Informational, true, true, "<-- HDR, SK {[N,] [D,] [CP], ...}", "RFC 7296 1.4"),
        new(ExchangeStep.IkeIntermediateRequest, IkeExchangeType.IkeIntermediate, false, true, "HDR, SK {KEi(n)} -->", "RFC 9242 3.2, RFC 9370 2.2.2"),
        new(ExchangeStep.IkeIntermediateResponse, IkeExchangeType.IkeIntermediate, true, true, "<-- HDR, SK {KEr(n)}", "RFC 9242 3.2, RFC 9370 2.2.2"),
    ];

    public static IReadOnlyList<ExchangeRule> Rows { get; } =
    [
        // IKE_SA_INIT travels in the clear: no keys exist yet.
        new(ExchangeStep.IkeSaInitRequest, SA, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitRequest, KE, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitRequest, Nonce, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitRequest, N, Opt, true, "RFC 7296 2.6, 2.23; RFC 7383 2.3"),
        new(ExchangeStep.IkeSaInitRequest, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeSaInitResponse, SA, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitResponse, KE, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitResponse, Nonce, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeSaInitResponse, CERTREQ, Opt, true, "RFC 7296 1.2, 3.7"),
        new(ExchangeStep.IkeSaInitResponse, N, Opt, true, "RFC 7296 2.23, 2.10"),
        new(ExchangeStep.IkeSaInitResponse, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeSaInitErrorResponse, N, Req, true, "RFC 7296 1.2, 2.6"),
        new(ExchangeStep.IkeSaInitErrorResponse, V, Opt, true, "RFC 7296 3.12"),

        // IKE_AUTH and everything after it: all payloads inside SK.
        new(ExchangeStep.IkeAuthRequest, IDi, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, CERT, Opt, true, "RFC 7296 1.2, 3.6"),
        new(ExchangeStep.IkeAuthRequest, CERTREQ, Opt, true, "RFC 7296 1.2, 3.7"),
        new(ExchangeStep.IkeAuthRequest, IDr, Opt, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, AUTH, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, SA, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, TSi, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, TSr, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthRequest, N, Opt, true, "RFC 7296 1.2, 2.4, 1.3.1"),
        new(ExchangeStep.IkeAuthRequest, CP, Opt, false, "RFC 7296 2.19"),
        new(ExchangeStep.IkeAuthRequest, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeAuthResponse, IDr, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, CERT, Opt, true, "RFC 7296 1.2, 3.6"),
        new(ExchangeStep.IkeAuthResponse, AUTH, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, SA, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, TSi, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, TSr, Req, false, "RFC 7296 1.2"),
        new(ExchangeStep.IkeAuthResponse, N, Opt, true, "RFC 7296 1.2, 1.3.1"),
        new(ExchangeStep.IkeAuthResponse, CP, Opt, false, "RFC 7296 2.19"),
        new(ExchangeStep.IkeAuthResponse, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeAuthErrorResponse, N, Req, true, "RFC 7296 2.21.2"),

        // EAP (2.16): the first request omits AUTH; the SeGW answers with its AUTH and the first EAP
        // packet; EAP rounds follow; the final pair carries the AUTHs from the EAP MSK and the child SA.
        new(ExchangeStep.IkeAuthEapFirstRequest, IDi, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, CERTREQ, Opt, true, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, IDr, Opt, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, SA, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, TSi, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, TSr, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstRequest, N, Opt, true, "RFC 7296 2.16, 1.3.1"),
        new(ExchangeStep.IkeAuthEapFirstRequest, CP, Opt, false, "RFC 7296 2.19"),
        new(ExchangeStep.IkeAuthEapFirstRequest, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeAuthEapFirstResponse, IDr, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, CERT, Opt, true, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, AUTH, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, EAP, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, N, Opt, true, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFirstResponse, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeAuthEapRoundRequest, EAP, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapRoundResponse, EAP, Req, false, "RFC 7296 2.16"),

        new(ExchangeStep.IkeAuthEapFinalRequest, AUTH, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalRequest, N, Opt, true, "RFC 7296 2.16"),

        new(ExchangeStep.IkeAuthEapFinalResponse, AUTH, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, SA, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, TSi, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, TSr, Req, false, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, N, Opt, true, "RFC 7296 2.16"),
        new(ExchangeStep.IkeAuthEapFinalResponse, CP, Opt, false, "RFC 7296 2.19"),

        // RFC 4739 (multiple authentication): after the first AUTH the responder answers without the
        // CHILD_SA, and the initiator opens the second authentication with its second identity.
        new(ExchangeStep.IkeAuthAnotherAuthResponse, IDr, Req, false, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthAnotherAuthResponse, CERT, Opt, true, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthAnotherAuthResponse, AUTH, Req, false, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthAnotherAuthResponse, N, Opt, true, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthAnotherAuthResponse, V, Opt, true, "RFC 7296 3.12"),

        new(ExchangeStep.IkeAuthSecondIdentityRequest, IDi, Req, false, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthSecondIdentityRequest, CERT, Opt, true, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthSecondIdentityRequest, CERTREQ, Opt, true, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthSecondIdentityRequest, IDr, Opt, false, "RFC 4739 3.1"),
        new(ExchangeStep.IkeAuthSecondIdentityRequest, N, Opt, true, "RFC 4739 3.1"),

        new(ExchangeStep.CreateChildSaRequest, SA, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaRequest, Nonce, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaRequest, KE, Opt, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaRequest, TSi, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaRequest, TSr, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaRequest, N, Opt, true, "RFC 7296 1.3.1"),

        new(ExchangeStep.RekeyChildSaRequest, N, Req, true, "RFC 7296 1.3.3", NotifyMessageType.RekeySa),
        new(ExchangeStep.RekeyChildSaRequest, SA, Req, false, "RFC 7296 1.3.3"),
        new(ExchangeStep.RekeyChildSaRequest, Nonce, Req, false, "RFC 7296 1.3.3"),
        new(ExchangeStep.RekeyChildSaRequest, KE, Opt, false, "RFC 7296 1.3.3"),
        new(ExchangeStep.RekeyChildSaRequest, TSi, Req, false, "RFC 7296 1.3.3"),
        new(ExchangeStep.RekeyChildSaRequest, TSr, Req, false, "RFC 7296 1.3.3"),

        new(ExchangeStep.CreateChildSaResponse, SA, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaResponse, Nonce, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaResponse, KE, Opt, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaResponse, TSi, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaResponse, TSr, Req, false, "RFC 7296 1.3.1"),
        new(ExchangeStep.CreateChildSaResponse, N, Opt, true, "RFC 7296 1.3.1"),

        // Rekeying the IKE SA carries no traffic selectors and always a fresh KE (1.3.2).
        new(ExchangeStep.RekeyIkeSaRequest, SA, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaRequest, Nonce, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaRequest, KE, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaRequest, N, Opt, true, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaResponse, SA, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaResponse, Nonce, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaResponse, KE, Req, false, "RFC 7296 1.3.2"),
        new(ExchangeStep.RekeyIkeSaResponse, N, Opt, true, "RFC 7296 1.3.2"),

        new(ExchangeStep.CreateChildSaErrorResponse, N, Req, true, "RFC 7296 1.3"),

        new(ExchangeStep.InformationalRequest, N, Opt, true, "RFC 7296 1.4"),
        new(ExchangeStep.InformationalRequest, D, Opt, true, "RFC 7296 1.4, 1.4.1"),
        new(ExchangeStep.InformationalRequest, CP, Opt, true, "RFC 7296 1.4"),
        new(ExchangeStep.InformationalRequest, V, Opt, true, "RFC 7296 3.12"),
        new(ExchangeStep.InformationalResponse, N, Opt, true, "RFC 7296 1.4"),
        new(ExchangeStep.InformationalResponse, D, Opt, true, "RFC 7296 1.4, 1.4.1"),
        new(ExchangeStep.InformationalResponse, CP, Opt, true, "RFC 7296 1.4"),
        new(ExchangeStep.InformationalResponse, V, Opt, true, "RFC 7296 3.12"),

        // IKE_INTERMEDIATE carrying one additional key exchange (RFC 9370 2.2.2); errors answer in N.
        new(ExchangeStep.IkeIntermediateRequest, KE, Req, false, "RFC 9370 2.2.2"),
        new(ExchangeStep.IkeIntermediateRequest, N, Opt, true, "RFC 9242 3.2"),
        new(ExchangeStep.IkeIntermediateRequest, V, Opt, true, "RFC 7296 3.12"),
        new(ExchangeStep.IkeIntermediateResponse, KE, Opt, false, "RFC 9370 2.2.2 (absent only with an error notification)"),
        new(ExchangeStep.IkeIntermediateResponse, N, Opt, true, "RFC 9242 3.2, RFC 9370 2.2.2"),
        new(ExchangeStep.IkeIntermediateResponse, V, Opt, true, "RFC 7296 3.12"),
    ];

    public static StepShape ShapeOf(ExchangeStep step) => Shapes.First(s => s.Step == step);

    public static IEnumerable<ExchangeRule> RowsOf(ExchangeStep step) => Rows.Where(r => r.Step == step);

    /// <summary>
    /// Checks a message against its step. For encrypted steps the cleartext part is checked here
    /// and, when <paramref name="decryptedInner"/> is given, the payloads inside SK too; without it
    /// the inner rules are not checked. Offsets come from <paramref name="locations"/> (cleartext
    /// payloads) or are -1 where no octet of the received message can be named (inner payloads).
    /// </summary>
    public static IReadOnlyList<CodecFinding> Verify(IkeMessage message, ExchangeStep step, IReadOnlyList<IkePayload>? decryptedInner = null, IReadOnlyList<PayloadLocation>? locations = null)
    {
        var findings = new List<CodecFinding>();
        var shape = ShapeOf(step);
        CheckHeader(message.Header, shape, findings);
        int OffsetOf(int index) => locations is not null && index < locations.Count ? locations[index].Offset : -1;

        if (!shape.Encrypted)
        {
            CheckPayloadSet(message.Payloads, step, shape, OffsetOf, findings);
            CheckCookieFirst(message.Payloads, step, OffsetOf, findings);
            return findings;
        }

        int skIndex = -1;
        for (int i = 0; i < message.Payloads.Count; i++)
        {
            var type = message.Payloads[i].Type;
            if (type is IkePayloadType.Encrypted or IkePayloadType.EncryptedFragment)
            {
                skIndex = skIndex < 0 ? i : skIndex;
                if (i != message.Payloads.Count - 1)
                {
                    findings.Add(OffsetOf(i), $"{type.Short()} is not the last payload", "RFC 7296 3.14");
                }

                continue;
            }

            bool listed = RowsOf(step).Any(r => r.Payload == type);
            findings.Add(
                OffsetOf(i),
                listed
                    ? $"{type.Short()} sent in cleartext; in {step} it must be inside SK"
                    : $"{type.Short()} is not allowed in {step} (and would have to be inside SK)",
                shape.Reference + ", 3.14");
        }

        if (skIndex < 0)
        {
            findings.Add(0, $"{step} carries no SK payload", shape.Reference + ", 3.14");
        }

        if (decryptedInner is not null)
        {
            CheckPayloadSet(decryptedInner, step, shape, _ => -1, findings);
        }

        return findings;
    }

    private static void CheckHeader(IkeHeader header, StepShape shape, List<CodecFinding> findings)
    {
        if (header.ExchangeType != shape.Exchange)
        {
            findings.Add(IkeHeader.ExchangeTypeOffset, $"exchange type {(byte)header.ExchangeType} is not {shape.Exchange} ({(byte)shape.Exchange}) as {shape.Step} requires", "RFC 7296 3.1");
        }

        if (header.IsResponse != shape.IsResponse)
        {
            findings.Add(IkeHeader.FlagsOffset, $"Response flag is {(header.IsResponse ? "set" : "clear")} but {shape.Step} is a {(shape.IsResponse ? "response" : "request")}", "RFC 7296 3.1");
        }

        if (shape.Step == ExchangeStep.IkeSaInitRequest && header.ResponderSpi != 0)
        {
            findings.Add(IkeHeader.ResponderSpiOffset, "responder SPI is not zero in the first IKE_SA_INIT request", "RFC 7296 3.1");
        }

        if (shape.Exchange == IkeExchangeType.IkeSaInit && header.MessageId != 0)
        {
            findings.Add(IkeHeader.MessageIdOffset, $"IKE_SA_INIT carries message ID {header.MessageId}; it must be 0", "RFC 7296 2.2");
        }
    }

    private static void CheckPayloadSet(IReadOnlyList<IkePayload> payloads, ExchangeStep step, StepShape shape, Func<int, int> offsetOf, List<CodecFinding> findings)
    {
        var rows = RowsOf(step).ToList();
        for (int i = 0; i < payloads.Count; i++)
        {
            var type = payloads[i].Type;
            var row = rows.FirstOrDefault(r => r.Payload == type && r.Notify is null) ?? rows.FirstOrDefault(r => r.Payload == type);
            if (row is null)
            {
                // Unknown non-critical payloads are skipped by a receiver, not a rules violation (2.5).
                if (!type.IsKnown())
                {
                    continue;
                }

                findings.Add(offsetOf(i), $"{type.Short()} is not allowed in {step} ({shape.Diagram})", shape.Reference);
                continue;
            }

            if (!row.Repeatable && payloads.Take(i).Any(p => p.Type == type))
            {
                findings.Add(offsetOf(i), $"{type.Short()} appears more than once in {step}", row.Reference);
            }
        }

        foreach (var row in rows.Where(r => r.Presence == Presence.Required))
        {
            bool present = row.Notify is { } notify
                ? payloads.OfType<NotifyPayload>().Any(n => n.NotifyType == notify)
                : payloads.Any(p => p.Type == row.Payload);
            if (!present)
            {
                string what = row.Notify is { } n ? $"N({n.RfcName()})" : row.Payload.Short();
                findings.Add(-1, $"required {what} missing from {step} ({shape.Diagram})", row.Reference);
            }
        }

        if (step is ExchangeStep.IkeSaInitErrorResponse or ExchangeStep.IkeAuthErrorResponse or ExchangeStep.CreateChildSaErrorResponse
            && !payloads.OfType<NotifyPayload>().Any(n => n.NotifyType.IsError() || n.NotifyType == NotifyMessageType.Cookie))
        {
            findings.Add(-1, $"{step} carries no error notification", shape.Reference);
        }
    }

    private static void CheckCookieFirst(IReadOnlyList<IkePayload> payloads, ExchangeStep step, Func<int, int> offsetOf, List<CodecFinding> findings)
    {
        // 2.6: a retried IKE_SA_INIT request carries the COOKIE notification as its first payload.
        if (step != ExchangeStep.IkeSaInitRequest)
        {
            return;
        }

        int index = payloads.ToList().FindIndex(p => p is NotifyPayload { NotifyType: NotifyMessageType.Cookie });
        if (index > 0)
        {
            findings.Add(offsetOf(index), "N(COOKIE) is not the first payload of the IKE_SA_INIT request", "RFC 7296 2.6");
        }
    }
}
