using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Ike.Eap;

public enum EapState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// The authenticator side of EAP-AKA (RFC 4187) for one authentication, as the SeGW runs it for
/// the hosting party (TS 33.320 7.2 with RFC 4739): the identity is the IDi of the second
/// authentication, so the exchange starts at once with
///   &lt;-- EAP-Request/AKA-Challenge (AT_RAND, AT_AUTN, AT_MAC)
///   EAP-Response/AKA-Challenge (AT_RES, AT_MAC) -->        &lt;-- EAP-Success
/// or, when the card's SQN is ahead,
///   EAP-Response/AKA-Synchronization-Failure (AT_AUTS) -->  &lt;-- a new challenge above SQN_MS.
/// Every decision is written to <see cref="Log"/> (no key material) for the evidence.
/// </summary>
public sealed class EapAkaServer : IDisposable
{
    private readonly AkaSubscriber _subscriber;
    private readonly IRandomSource _random;
    private readonly int _maxResynchronisations;
    private AuthenticationVector? _vector;
    private EapAkaKeys? _keys;
    private byte _identifier;
    private int _resynchronisations;

    public EapAkaServer(AkaSubscriber subscriber, string identity, IRandomSource random, int maxResynchronisations = 1)
    {
        _subscriber = subscriber;
        Identity = identity;
        _random = random;
        _maxResynchronisations = maxResynchronisations;
        Span<byte> first = stackalloc byte[1];
        random.Fill(first);
        _identifier = first[0];
    }

    public string Identity { get; }
    public EapState State { get; private set; } = EapState.Running;
    public string? FailureReason { get; private set; }
    public List<string> Log { get; } = [];
    public List<CodecFinding> Findings { get; } = [];

    /// <summary>True once a RES equal to XRES arrived under a valid AT_MAC.</summary>
    public bool ResVerified { get; private set; }

    /// <summary>The MSK once the challenge was answered with a valid AT_MAC (RFC 4187 7), else null.</summary>
    public byte[]? Msk => ResVerified ? _keys?.Msk : null;

    public EapMessage Start() => Challenge();

    /// <summary>Handles the peer's EAP packet; returns the next request, EAP-Success or EAP-Failure.</summary>
    public EapMessage Process(ReadOnlySpan<byte> packet)
    {
        if (State != EapState.Running) return Fail("EAP packet after the authentication ended");
        var message = EapMessage.Read(packet, 0, Findings);
        if (message.Code != EapCode.Response) return Fail($"expected an EAP-Response, got code {(byte)message.Code}");
        if (message.Identifier != _identifier)
        {
            Findings.Add(new CodecFinding(1, $"EAP-Response identifier {message.Identifier} does not echo the request's {_identifier}", "RFC 3748 4.1"));
            return Fail("EAP-Response identifier does not match the request");
        }

        if (message.MethodType == EapType.Nak) return Fail("the peer refused EAP-AKA (Legacy Nak)");
        if (message.AsAka(0, Findings) is not { } aka) return Fail($"expected EAP-AKA, got EAP type {(message.MethodType is { } t ? ((byte)t).ToString() : "none")}");

        switch (aka.Subtype)
        {
            case EapAkaSubtype.Challenge:
                return CheckChallengeResponse(packet, aka);
            case EapAkaSubtype.SynchronizationFailure:
                var auts = aka.Find(EapAkaAttributeType.Auts)?.Value.ToArray();
                if (auts is null) return Fail("Synchronization-Failure without AT_AUTS");
                if (!_subscriber.Resynchronise(_vector!.Rand, auts, out var sqnMs)) return Fail("AT_AUTS does not verify (MAC-S)");
                Log.Add($"peer reported a synchronisation failure; SQN_MS recovered from AUTS is {sqnMs}");
                if (++_resynchronisations > _maxResynchronisations) return Fail($"more than {_maxResynchronisations} resynchronisation(s)");
                return Challenge();
            case EapAkaSubtype.AuthenticationReject:
                return Fail("the peer rejected the challenge (AKA-Authentication-Reject: AUTN did not verify on its card)");
            case EapAkaSubtype.ClientError:
                return Fail($"the peer sent AKA-Client-Error (code {aka.Find(EapAkaAttributeType.ClientErrorCode)?.ShortValue})");
            default:
                return Fail($"unexpected EAP-AKA subtype {aka.Subtype}");
        }
    }

    private EapMessage CheckChallengeResponse(ReadOnlySpan<byte> packet, EapAkaMessage aka)
    {
        if (!_keys!.Verify(packet)) return Fail("AT_MAC of the challenge response does not verify (wrong CK/IK, or tampered)");
        var resAttribute = aka.Find(EapAkaAttributeType.Res);
        if (resAttribute is null || !resAttribute.TryGetLengthPrefixed(out int bits, out var res))
            return Fail("challenge response without a well-formed AT_RES");
        if (bits != _vector!.Xres.Length * 8 || !CryptographicOperations.FixedTimeEquals(res.Span, _vector.Xres))
            return Fail("RES does not equal XRES computed from the subscriber's K/OPc");
        ResVerified = true;
        State = EapState.Succeeded;
        Log.Add("challenge response verified: AT_MAC valid and RES equals XRES (Milenage from the PIXIT's K/OPc)");
        return EapMessage.Success(_identifier);
    }

    private EapMessage Challenge()
    {
        _vector = _subscriber.NextVector(_random);
        _keys?.Dispose();
        _keys = EapAkaKeys.Derive(Identity, _vector.Ik, _vector.Ck);
        _identifier++;
        var challenge = new EapAkaMessage(EapAkaSubtype.Challenge,
        [
            EapAkaAttribute.Rand(_vector.Rand),
            EapAkaAttribute.Autn(_vector.Autn),
            EapAkaAttribute.Mac(new byte[16]),
        ]).ToEap(EapCode.Request, _identifier);
        Log.Add($"EAP-Request/AKA-Challenge {_identifier}: RAND {Convert.ToHexString(_vector.Rand)}, SQN {AkaFunctions.SqnFromBytes(Unmasked(_vector))} for identity {Identity}");
        return EapMessage.Read(_keys.Seal(challenge), 0, []);
    }

    private static byte[] Unmasked(AuthenticationVector vector)
    {
        var sqn = vector.Autn[..6];
        Milenage.Xor(sqn, vector.Ak);
        return sqn;
    }

    /// <summary>Deliberate failure (negative tests): answer EAP-Failure whatever the peer sent.</summary>
    public EapMessage ForceFailure(string why)
    {
        State = EapState.Failed;
        FailureReason = why;
        Log.Add($"EAP-Failure sent: {why}");
        return EapMessage.Failure(_identifier);
    }

    /// <summary>The MSK even when <see cref="ForceFailure"/> was used, so a peer that carries on can be answered (negative tests).</summary>
    internal byte[]? MskRegardless => _keys?.Msk;

    private EapMessage Fail(string why)
    {
        State = EapState.Failed;
        FailureReason = why;
        Log.Add($"EAP-Failure: {why}");
        return EapMessage.Failure(_identifier);
    }

    public void Dispose() => _keys?.Dispose();
}
