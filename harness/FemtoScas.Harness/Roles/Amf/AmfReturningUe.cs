using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>How the AMF answers an initial NAS message of a UE it may hold a context for.</summary>
public enum ReturningUeAnswer
{
    /// <summary>SERVICE REQUEST verified: SERVICE ACCEPT in INITIAL CONTEXT SETUP REQUEST with K_gNB from the stored K_AMF.</summary>
    ServiceAccept,
    /// <summary>SERVICE REJECT with <see cref="ReturningUeDecision.Cause"/> (unknown 5G-S-TMSI, failed integrity check, unreadable).</summary>
    ServiceReject,
    /// <summary>DEREGISTRATION REQUEST (not switch-off) verified: DEREGISTRATION ACCEPT, context dropped.</summary>
    DeregistrationAccept,
    /// <summary>DEREGISTRATION REQUEST with switch-off verified: no answer (TS 24.501 5.5.2.2.2), context dropped.</summary>
    DeregisteredSilently,
    /// <summary>A de-registration the AMF cannot tie to a context it holds or that does not verify: ignored (no context dropped).</summary>
    Ignored,
}

/// <summary>
/// The AMF's decision on one initial NAS message of a returning UE: what to answer, why, and for an accepted service request
/// the uplink NAS COUNT K_gNB is derived from and the context it came from. <see cref="Downlink"/> is the NAS answer
/// (SERVICE REJECT plain, SERVICE ACCEPT / DEREGISTRATION ACCEPT protected); null when nothing is sent.
/// </summary>
public sealed record ReturningUeDecision(ReturningUeAnswer Answer, string Why, byte[]? Downlink, FiveGmmCause? Cause = null, NasCount? Uplink = null,
    AmfUeContext? Context = null);

/// <summary>
/// The harness AMF's answers to a UE that comes back with the identity it was given (TS 24.501 5.6.1 service request, 5.5.2.2
/// UE-originating de-registration; TS 33.501 6.8.1.2.1 K_gNB at the transition from idle): the initial message is looked up by
/// its 5G-S-TMSI or 5G-GUTI in <see cref="AmfUeContexts"/> and verified with the stored context (4.4.6: integrity protected,
/// fresh uplink NAS COUNT). Pure over the store and the NAS octets: the caller carries them in NGAP. Never throws on what a UE sent.
/// </summary>
public static class AmfReturningUe
{
    /// <summary>
    /// SERVICE REQUEST (TS 24.501 5.6.1.2, 5.6.1.4, 5.6.1.5): verified with the context of its 5G-S-TMSI, the AMF accepts (SERVICE
    /// ACCEPT protected with that context; K_gNB from the stored K_AMF and the request's uplink NAS COUNT, TS 33.501 A.9). An unknown
    /// 5G-S-TMSI, a request that does not verify (no other context to try: the AMF does not re-authenticate here) or an unreadable
    /// one gets SERVICE REJECT #9 (UE identity cannot be derived by the network), plain.
    /// </summary>
    public static ReturningUeDecision ServiceRequest(AmfUeContexts contexts, ReadOnlySpan<byte> pdu)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var read = NasPduReader.Read(pdu);
        if (read.Message is not { Type: FiveGmmMessageType.ServiceRequest } request)
            return Reject($"not a SERVICE REQUEST ({read.Message?.Type.ToString() ?? "unreadable"}{Seen(read.Findings)})");
        if (request.Identity([], FiveGmmMessageRules.STmsi) is not STmsiIdentity sTmsi) return Reject("SERVICE REQUEST without a readable 5G-S-TMSI");
        if (contexts.Find(sTmsi) is not { } stored) return Reject($"{sTmsi} unknown to this AMF (no UE context)");
        if (read.Protected is null) return Reject($"SERVICE REQUEST of {sTmsi} not integrity protected although the AMF holds a context (TS 24.501 4.4.4.3)");
        var (result, opening) = stored.VerifyInitial(pdu);
        if (opening is null || result.Count is not { } count)
            return Reject($"SERVICE REQUEST of {sTmsi} did not verify with the stored context: {result.Outcome}{Seen(result.Findings)}");
        var accept = stored.Protect(FiveGmmMessages.ServiceAccept());
        if (accept is null) return Reject($"the stored context of {sTmsi} cannot protect SERVICE ACCEPT (downlink NAS COUNT exhausted)");
        var form = opening.Form == InitialNasForm.CleartextOnly ? "cleartext IEs only" : opening.Form.ToString();
        return new(ReturningUeAnswer.ServiceAccept, $"SERVICE REQUEST (service type {request.ServiceType()}, {form}) of {sTmsi} verified with the stored context at uplink NAS COUNT {count}; "
            + "SERVICE ACCEPT protected with it, K_gNB from the stored K_AMF and that COUNT (TS 33.501 A.9)" + Seen(opening.Findings), accept, null, count, stored);
    }

    /// <summary>
    /// UE-originating DEREGISTRATION REQUEST (TS 24.501 5.5.2.2): verified with the context of its 5G-GUTI, the AMF drops the context
    /// and answers DEREGISTRATION ACCEPT protected with it, or nothing for a switch-off. One it cannot tie to a context or that does
    /// not verify is ignored and drops nothing (a forged de-registration must not end a UE's registration).
    /// </summary>
    public static ReturningUeDecision Deregistration(AmfUeContexts contexts, ReadOnlySpan<byte> pdu)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var read = NasPduReader.Read(pdu);
        if (read.Message is not { Type: FiveGmmMessageType.DeregistrationRequestUeOriginating } request)
            return new(ReturningUeAnswer.Ignored, $"not a DEREGISTRATION REQUEST ({read.Message?.Type.ToString() ?? "unreadable"}{Seen(read.Findings)})", null);
        if (request.Identity([]) is not GutiIdentity guti || contexts.Find(guti) is not { } stored)
            return new(ReturningUeAnswer.Ignored, "DEREGISTRATION REQUEST naming no 5G-GUTI this AMF holds a context for: ignored", null);
        var (result, opening) = stored.VerifyInitial(pdu);
        if (opening is null) return new(ReturningUeAnswer.Ignored, $"DEREGISTRATION REQUEST of {guti} did not verify: {result.Outcome}; ignored, context kept", null);
        var type = request.DeregistrationType();
        var switchOff = type?.SwitchOff ?? false;
        // The accept goes out under the context before it is dropped (TS 24.501 4.4.4.1: protected once a context exists).
        var accept = switchOff ? null : stored.Protect(FiveGmmMessages.DeregistrationAcceptUeOriginating());
        var how = $"DEREGISTRATION REQUEST ({(switchOff ? "switch-off" : "normal")}) of {guti} verified at uplink NAS COUNT {result.Count}";
        contexts.Drop(stored);
        return switchOff
            ? new(ReturningUeAnswer.DeregisteredSilently, $"{how}; context dropped, no DEREGISTRATION ACCEPT (switch-off, TS 24.501 5.5.2.2.2)", null, null, result.Count)
            : new(ReturningUeAnswer.DeregistrationAccept, $"{how}; DEREGISTRATION ACCEPT protected, context dropped", accept, null, result.Count);
    }

    private static ReturningUeDecision Reject(string why) =>
        new(ReturningUeAnswer.ServiceReject, $"{why}; SERVICE REJECT #9", FiveGmmMessageWriter.Write(FiveGmmMessages.ServiceReject(FiveGmmCause.UeIdentityCannotBeDerivedByTheNetwork)),
            FiveGmmCause.UeIdentityCannotBeDerivedByTheNetwork);

    private static string Seen(IReadOnlyList<NasFinding> findings) => findings.Count == 0 ? "" : $"; findings: {string.Join("; ", findings)}";
}
