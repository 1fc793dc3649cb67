using System.Text;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.Ike.Eap;

/// <summary>
/// The peer side of EAP-AKA (RFC 4187), as a femto runs it for its hosting party: RAND and AUTN
/// go to the card (the HPM through PC/SC, <see cref="IAkaCard"/>), whose RES, CK and IK make the
/// answer; a synchronisation failure is passed on with the card's AUTS, a MAC failure becomes
/// AKA-Authentication-Reject (RFC 4187 6.3.1). The server's AT_MAC is checked before RES leaves.
/// </summary>
public sealed class EapAkaPeer : IDisposable
{
    private readonly IAkaCard _card;
    private EapAkaKeys? _keys;

    public EapAkaPeer(IAkaCard card, string identity)
    {
        _card = card;
        Identity = identity;
    }

    public string Identity { get; }
    public EapState State { get; private set; } = EapState.Running;
    public string? FailureReason { get; private set; }
    public List<string> Log { get; } = [];
    public List<CodecFinding> Findings { get; } = [];

    /// <summary>True once EAP-Failure arrived from the server.</summary>
    public bool ServerSentFailure { get; private set; }

    /// <summary>The MSK once the card answered a challenge whose AT_MAC verified.</summary>
    public byte[]? Msk => _keys?.Msk;

    /// <summary>The answer to one server packet; null for EAP-Success / EAP-Failure, which need none.</summary>
    public EapMessage? Respond(ReadOnlySpan<byte> packet)
    {
        var request = EapMessage.Read(packet, 0, Findings);
        switch (request.Code)
        {
            case EapCode.Success:
                State = _keys is null ? EapState.Failed : EapState.Succeeded;
                FailureReason = _keys is null ? "EAP-Success before any challenge was answered" : null;
                Log.Add("EAP-Success received");
                return null;
            case EapCode.Failure:
                ServerSentFailure = true;
                State = EapState.Failed;
                FailureReason = "the server sent EAP-Failure";
                Log.Add("EAP-Failure received");
                return null;
            case EapCode.Request:
                break;
            default:
                Fail($"unexpected EAP code {(byte)request.Code}");
                return null;
        }

        if (request.MethodType == EapType.Identity)
        {
            Log.Add("EAP-Request/Identity answered");
            return new EapMessage(EapCode.Response, request.Identifier, EapType.Identity, Encoding.UTF8.GetBytes(Identity));
        }

        if (request.MethodType != EapType.Aka || request.AsAka(0, Findings) is not { } aka)
        {
            // RFC 3748 5.3.1: a method we do not run is refused with a Legacy Nak proposing AKA.
            Log.Add($"EAP type {(request.MethodType is { } t ? (byte)t : 0)} refused with Nak");
            return new EapMessage(EapCode.Response, request.Identifier, EapType.Nak, new[] { (byte)EapType.Aka });
        }

        return aka.Subtype switch
        {
            EapAkaSubtype.Identity => Reply(request, new EapAkaMessage(EapAkaSubtype.Identity, [EapAkaAttribute.Identity(Identity)])),
            EapAkaSubtype.Challenge => AnswerChallenge(packet, request, aka),
            EapAkaSubtype.Notification => Reply(request, new EapAkaMessage(EapAkaSubtype.Notification, [])),
            _ => ClientError(request, $"unsupported EAP-AKA subtype {aka.Subtype}"),
        };
    }

    private EapMessage AnswerChallenge(ReadOnlySpan<byte> packet, EapMessage request, EapAkaMessage aka)
    {
        var rand = aka.Find(EapAkaAttributeType.Rand)?.FixedValue;
        var autn = aka.Find(EapAkaAttributeType.Autn)?.FixedValue;
        if (rand is not { Length: 16 } r || autn is not { Length: 16 } a) return ClientError(request, "challenge without AT_RAND/AT_AUTN");

        var answer = _card.Authenticate(r.Span, a.Span);
        switch (answer.Outcome)
        {
            case AuthenticationOutcome.Success when answer is { Res: { } res, Ck: { } ck, Ik: { } ik }:
                var keys = EapAkaKeys.Derive(Identity, ik, ck);
                if (!keys.Verify(packet))
                {
                    keys.Dispose();
                    return ClientError(request, "the challenge's AT_MAC does not verify");
                }

                _keys?.Dispose();
                _keys = keys;
                Log.Add("card answered the challenge (RES/CK/IK); AT_MAC of the request verified; EAP-Response/AKA-Challenge sent");
                var response = new EapAkaMessage(EapAkaSubtype.Challenge, [EapAkaAttribute.Res(res), EapAkaAttribute.Mac(new byte[16])])
                    .ToEap(EapCode.Response, request.Identifier);
                return EapMessage.Read(keys.Seal(response), 0, []);
            case AuthenticationOutcome.SyncFailure when answer.Auts is { Length: not EapAkaAttribute.AutsSize } badAuts:
                // AT_AUTS carries exactly the 14-octet AUTS (RFC 4187 10.9; TS 33.102 6.3.3): a card that
                // returns another length cannot be passed on, so the peer gives up as for any packet it
                // cannot process (RFC 4187 6.3.1, AKA-Client-Error, code 0).
                Findings.Add(new CodecFinding(0, $"the card returned an AUTS of {badAuts.Length} octets (expected {EapAkaAttribute.AutsSize})", "TS 31.102 7.1.2.1; RFC 4187 10.9"));
                return ClientError(request, $"the card reported a synchronisation failure with a {badAuts.Length}-octet AUTS (expected {EapAkaAttribute.AutsSize})");
            case AuthenticationOutcome.SyncFailure when answer.Auts is { } auts:
                Log.Add("card reported a synchronisation failure; AKA-Synchronization-Failure with AT_AUTS sent");
                return Reply(request, new EapAkaMessage(EapAkaSubtype.SynchronizationFailure, [EapAkaAttribute.Auts(auts)]));
            case AuthenticationOutcome.MacFailure:
                Log.Add("card rejected AUTN (MAC failure); AKA-Authentication-Reject sent");
                return Reply(request, new EapAkaMessage(EapAkaSubtype.AuthenticationReject, []));
            default:
                return ClientError(request, $"card answered AUTHENTICATE with SW {answer.Sw:X4} ({answer.Outcome})");
        }
    }

    private static EapMessage Reply(EapMessage request, EapAkaMessage aka) => aka.ToEap(EapCode.Response, request.Identifier);

    private EapMessage ClientError(EapMessage request, string why)
    {
        Fail(why);
        return Reply(request, new EapAkaMessage(EapAkaSubtype.ClientError, [EapAkaAttribute.Short(EapAkaAttributeType.ClientErrorCode, 0)]));
    }

    private void Fail(string why)
    {
        State = EapState.Failed;
        FailureReason = why;
        Log.Add("failed: " + why);
    }

    public void Dispose() => _keys?.Dispose();
}
