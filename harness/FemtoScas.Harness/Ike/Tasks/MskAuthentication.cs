using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Auth;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// The AUTH payloads that close an EAP authentication (RFC 7296 2.16): both sides use the EAP
/// MSK as the shared secret of the Shared Key Message Integrity Code over their own signed octets,
/// AUTH = prf(prf(MSK, "Key Pad for IKEv2"), SignedOctets). After RFC 4739 multiple
/// authentication the initiator's octets name the second identity.
/// </summary>
internal static class MskAuthentication
{
    public static AuthenticationPayload Build(IkeSa sa, IdentificationPayload id, bool ofResponder, ReadOnlySpan<byte> msk)
    {
        var octets = IkeAuthTask.SignedOctetsFor(sa, id, ofResponder);
        return new AuthenticationPayload(AuthMethod.SharedKeyMic, SharedKeyAuth.Compute(sa.Suite!.Prf, msk, octets));
    }

    /// <summary>Null when <paramref name="auth"/> is the right MIC; otherwise why not.</summary>
    public static string? Verify(IkeSa sa, IdentificationPayload id, bool ofResponder, ReadOnlySpan<byte> msk, AuthenticationPayload auth)
    {
        if (auth.Method != AuthMethod.SharedKeyMic)
            return $"AUTH method {(int)auth.Method} after EAP; the MSK-based shared key MIC (2) is required";
        var octets = IkeAuthTask.SignedOctetsFor(sa, id, ofResponder);
        return SharedKeyAuth.Verify(sa.Suite!.Prf, msk, octets, auth.Data.Span) is { } failure ? failure.Reason : null;
    }
}
