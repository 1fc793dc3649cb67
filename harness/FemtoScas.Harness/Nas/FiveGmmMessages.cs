using FemtoScas.Harness.Nas.Ies;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;
using T = FemtoScas.Harness.Nas.FiveGmmMessageType;

namespace FemtoScas.Harness.Nas;

/// <summary>
/// Typed constructors for the 5GMM messages the core role sends and the UE stub answers with
/// (TS 24.501 8.2). Each returns a <see cref="FiveGmmMessage"/> whose IE list a negative test may
/// still change before writing.
/// </summary>
public static class FiveGmmMessages
{
    private static FiveGmmMessageBuilder B(T type) => new(type);

    // ---- registration (TS 24.501 5.5.1) ----

    public static FiveGmmMessage RegistrationRequest(RegistrationType type, NasKeySetIdentifier ngKsi, MobileIdentity identity,
        UeSecurityCapability? capability = null, Nssai? requested = null, byte[]? nasMessageContainer = null) =>
        B(T.RegistrationRequest)
            .Set(R.RegistrationType, type.Encode())
            .Set(R.NgKsi, ngKsi.Encode())
            .Set(R.MobileIdentity, identity.Encode())
            .SetIf(R.UeSecurityCapability, capability?.Encode())
            .SetIf(R.RequestedNssai, requested?.Encode())
            .SetIf(R.NasMessageContainer, nasMessageContainer)
            .Build();

    /// <summary>Registration accept; <paramref name="result"/> is the 5GS registration result octet (TS 24.501 9.11.3.6: 1 = 3GPP access).</summary>
    public static FiveGmmMessage RegistrationAccept(byte result, GutiIdentity? guti = null, Nssai? allowed = null, CagInformationList? cag = null, TaiList? tais = null) =>
        B(T.RegistrationAccept)
            .Set(R.RegistrationResult, [result])
            .SetIf(R.Guti, guti?.Encode())
            .SetIf(R.TaiList, tais?.Encode())
            .SetIf(R.AllowedNssai, allowed?.Encode())
            .SetIf(R.CagInformationList, cag?.Encode())
            .Build();

    public static FiveGmmMessage RegistrationComplete() => B(T.RegistrationComplete).Build();

    /// <summary>Registration reject; for #76 the AMF may add the UE's CAG information list (TS 24.501 5.5.1.2.5).</summary>
    public static FiveGmmMessage RegistrationReject(FiveGmmCause cause, CagInformationList? cag = null) =>
        B(T.RegistrationReject).Set(R.FiveGmmCause, [(byte)cause]).SetIf(R.CagInformationList, cag?.Encode()).Build();

    // ---- authentication (TS 24.501 5.4.1.3, 5G AKA) ----

    public static FiveGmmMessage AuthenticationRequest(NasKeySetIdentifier ngKsi, byte[] abba, byte[] rand, byte[] autn) =>
        B(T.AuthenticationRequest)
            .Set(R.NgKsi, ngKsi.Encode())
            .Set(R.Abba, abba)
            .Set(R.Rand, Exactly(rand, 16, "RAND"))
            .Set(R.Autn, Exactly(autn, 16, "AUTN"))
            .Build();

    /// <summary>Authentication response with RES* (16 octets, TS 33.501 A.4).</summary>
    public static FiveGmmMessage AuthenticationResponse(byte[] resStar) =>
        B(T.AuthenticationResponse).Set(R.ResponseParameter, Exactly(resStar, 16, "RES*")).Build();

    /// <summary>Authentication failure: #20 MAC failure, #21 synch failure (with AUTS, 14 octets), #26 non-5G authentication unacceptable.</summary>
    public static FiveGmmMessage AuthenticationFailure(FiveGmmCause cause, byte[]? auts = null) =>
        B(T.AuthenticationFailure)
            .Set(R.FiveGmmCause, [(byte)cause])
            .SetIf(R.FailureParameter, auts is null ? null : Exactly(auts, 14, "AUTS"))
            .Build();

    public static FiveGmmMessage AuthenticationReject() => B(T.AuthenticationReject).Build();

    /// <summary>
    /// Authentication result (TS 24.501 8.2.3, EAP-based primary authentication, 5.4.1.2): the
    /// EAP-Success or EAP-Failure the AUSF produced, with the ABBA when the message ends a
    /// successful EAP-AKA' run.
    /// </summary>
    public static FiveGmmMessage AuthenticationResult(NasKeySetIdentifier ngKsi, byte[] eapMessage, byte[]? abba = null) =>
        B(T.AuthenticationResult).Set(R.NgKsi, ngKsi.Encode()).Set(R.EapMessage, eapMessage).SetIf(R.Abba, abba).Build();

    // ---- security mode control (TS 24.501 5.4.2) ----

    public static FiveGmmMessage SecurityModeCommand(NasSecurityAlgorithms selected, NasKeySetIdentifier ngKsi, UeSecurityCapability replayed,
        bool requestImeisv = false, byte? additionalSecurityInformation = null, byte[]? abba = null) =>
        B(T.SecurityModeCommand)
            .Set(R.SelectedAlgorithms, [selected.Encode()])
            .Set(R.NgKsi, ngKsi.Encode())
            .Set(R.ReplayedUeSecurityCapabilities, replayed.Encode())
            .SetIf(R.ImeisvRequest, requestImeisv ? [1] : null)
            .SetIf(R.Additional5gSecurityInformation, additionalSecurityInformation is { } a ? [a] : null)
            .SetIf(R.Abba, abba)
            .Build();

    public static FiveGmmMessage SecurityModeComplete(PeiIdentity? imeisv = null, byte[]? nasMessageContainer = null) =>
        B(T.SecurityModeComplete).SetIf(R.Imeisv, imeisv?.Encode()).SetIf(R.NasMessageContainer, nasMessageContainer).Build();

    public static FiveGmmMessage SecurityModeReject(FiveGmmCause cause) => B(T.SecurityModeReject).Set(R.FiveGmmCause, [(byte)cause]).Build();

    // ---- identification, service, de-registration, status ----

    public static FiveGmmMessage IdentityRequest(MobileIdentityType type) => B(T.IdentityRequest).Set(R.IdentityType, IdentityTypeValue.Encode(type)).Build();

    public static FiveGmmMessage IdentityResponse(MobileIdentity identity) => B(T.IdentityResponse).Set(R.MobileIdentity, identity.Encode()).Build();

    /// <summary>
    /// Service request; <paramref name="serviceType"/> per TS 24.501 9.11.3.50 (0 signalling, 1 data,
    /// 2 mobile terminated services, ...). The PDU session bitmaps are the two value octets of
    /// 9.11.3.57 / 9.11.3.44 (PSI 0-15); the NAS message container carries the whole message when
    /// it is sent with non-cleartext IEs (TS 24.501 4.4.6, see <see cref="InitialNasMessage"/>).
    /// </summary>
    public static FiveGmmMessage ServiceRequest(NasKeySetIdentifier ngKsi, int serviceType, STmsiIdentity sTmsi,
        ushort? uplinkDataStatus = null, ushort? pduSessionStatus = null, byte[]? nasMessageContainer = null) =>
        B(T.ServiceRequest)
            .Set(R.NgKsi, ngKsi.Encode())
            .Set(R.ServiceType, serviceType)
            .Set(R.STmsi, sTmsi.Encode())
            .SetIf(R.UplinkDataStatus, PsiBitmap(uplinkDataStatus))
            .SetIf(R.PduSessionStatus, PsiBitmap(pduSessionStatus))
            .SetIf(R.NasMessageContainer, nasMessageContainer)
            .Build();

    /// <summary>A PSI bitmap (TS 24.501 9.11.3.44/9.11.3.57/9.11.3.42): octet 1 PSI 7-0 (bit 1 is PSI 0, spare), octet 2 PSI 15-8.</summary>
    private static byte[]? PsiBitmap(ushort? psis) => psis is { } p ? [(byte)(p & 0xFE), (byte)(p >> 8)] : null;

    public static FiveGmmMessage DeregistrationRequestUeOriginating(DeregistrationType type, NasKeySetIdentifier ngKsi, MobileIdentity identity) =>
        B(T.DeregistrationRequestUeOriginating).Set(R.DeregistrationType, type.Encode()).Set(R.NgKsi, ngKsi.Encode()).Set(R.MobileIdentity, identity.Encode()).Build();

    public static FiveGmmMessage DeregistrationAcceptUeOriginating() => B(T.DeregistrationAcceptUeOriginating).Build();

    /// <summary>Network-initiated de-registration, optionally with a 5GMM cause (TV, IEI 0x58).</summary>
    public static FiveGmmMessage DeregistrationRequestUeTerminated(DeregistrationType type, FiveGmmCause? cause = null, CagInformationList? cag = null) =>
        B(T.DeregistrationRequestUeTerminated)
            .Set(R.DeregistrationType, type.Encode())
            .SetIf(R.FiveGmmCause, cause is { } c ? [(byte)c] : null)
            .SetIf(R.CagInformationList, cag?.Encode())
            .Build();

    public static FiveGmmMessage DeregistrationAcceptUeTerminated() => B(T.DeregistrationAcceptUeTerminated).Build();

    /// <summary>Service accept, optionally with the PDU session status and the reactivation result (PSI bitmaps, TS 24.501 8.2.17).</summary>
    public static FiveGmmMessage ServiceAccept(ushort? pduSessionStatus = null, ushort? reactivationResult = null) =>
        B(T.ServiceAccept).SetIf(R.PduSessionStatus, PsiBitmap(pduSessionStatus)).SetIf(R.PduSessionReactivationResult, PsiBitmap(reactivationResult)).Build();

    /// <summary>Service reject; with #76 the AMF may add the CAG information list (TS 24.501 5.6.1.5).</summary>
    public static FiveGmmMessage ServiceReject(FiveGmmCause cause, CagInformationList? cag = null) =>
        B(T.ServiceReject).Set(R.FiveGmmCause, [(byte)cause]).SetIf(R.CagInformationList, cag?.Encode()).Build();

    public static FiveGmmMessage Status(FiveGmmCause cause) => B(T.FiveGmmStatus).Set(R.FiveGmmCause, [(byte)cause]).Build();

    public static FiveGmmMessage ConfigurationUpdateCommand(CagInformationList? cag = null, GutiIdentity? guti = null) =>
        B(T.ConfigurationUpdateCommand).SetIf(R.Guti, guti?.Encode()).SetIf(R.CagInformationList, cag?.Encode()).Build();

    private static byte[] Exactly(byte[] value, int length, string what) =>
        value.Length == length ? value : throw new ArgumentException($"{what} must be {length} octets, got {value.Length}");

    // ---- typed views of a decoded message (null when the IE is absent or unreadable) ----

    public static FiveGmmCause? Cause(this FiveGmmMessage m) => m.Value(R.FiveGmmCause) is [var c, ..] ? (FiveGmmCause)c : null;

    public static NasKeySetIdentifier? NgKsi(this FiveGmmMessage m) => m.Find(R.NgKsi) is { } ie ? NasKeySetIdentifier.Read(ie.First) : null;

    /// <summary>The identity an IDENTITY REQUEST asks for (TS 24.501 9.11.3.3: bits 3-1, the codes of 9.11.3.4).</summary>
    public static MobileIdentityType? RequestedIdentity(this FiveGmmMessage m) =>
        m.Type == T.IdentityRequest && m.Find(R.IdentityType) is { } ie ? (MobileIdentityType)(ie.First & 0x07) : null;

    /// <summary>Service type of a SERVICE REQUEST (TS 24.501 9.11.3.50), 4 bits.</summary>
    public static int? ServiceType(this FiveGmmMessage m) => m.Find(R.ServiceType) is { } ie ? ie.First & 0x0F : null;

    public static RegistrationType? RegistrationType(this FiveGmmMessage m) => m.Find(R.RegistrationType) is { } ie ? Ies.RegistrationType.Read(ie.First) : null;

    public static DeregistrationType? DeregistrationType(this FiveGmmMessage m) => m.Find(R.DeregistrationType) is { } ie ? Ies.DeregistrationType.Read(ie.First) : null;

    /// <summary>The EAP message octets (TS 24.501 9.11.2.2), mandatory in AUTHENTICATION RESULT, optional elsewhere.</summary>
    public static byte[]? EapMessage(this FiveGmmMessage m) => m.Value(R.EapMessage);

    /// <summary>A PSI bitmap IE (PDU session status, uplink data status, reactivation result) as PSI 0-15 bits; null when absent or shorter than 2 octets.</summary>
    public static ushort? PsiBits(this FiveGmmMessage m, string name) => m.Value(name) is [var low, var high, ..] ? (ushort)(low | high << 8) : null;

    public static MobileIdentity? Identity(this FiveGmmMessage m, List<NasFinding> findings, string name = R.MobileIdentity) =>
        m.Find(name) is { } ie ? MobileIdentity.Read(ie.Value, findings, ie.Offset) : null;

    public static UeSecurityCapability? SecurityCapability(this FiveGmmMessage m, List<NasFinding> findings, string name = R.UeSecurityCapability) =>
        m.Find(name) is { } ie ? UeSecurityCapability.Read(ie.Value, findings, ie.Offset) : null;

    public static CagInformationList? CagList(this FiveGmmMessage m, List<NasFinding> findings) =>
        m.Find(R.CagInformationList) is { } ie ? CagInformationList.Read(ie.Value, findings, ie.Offset) : null;

    public static TaiList? Tais(this FiveGmmMessage m, List<NasFinding> findings) =>
        m.Find(R.TaiList) is { } ie ? TaiList.Read(ie.Value, findings, ie.Offset) : null;

    public static Nssai? Nssai(this FiveGmmMessage m, string name, List<NasFinding> findings) =>
        m.Find(name) is { } ie ? Ies.Nssai.Read(ie.Value, findings, ie.Offset) : null;
}
