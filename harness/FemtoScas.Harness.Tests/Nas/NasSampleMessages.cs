using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>One of every message the codec builds, with deterministic values; shared by the round-trip, tshark and corpus tests.</summary>
internal static class NasSampleMessages
{
    public static readonly PlmnId Plmn = new("001", "01");
    public static readonly GutiIdentity Guti = new(Plmn, 0xCA, 1016, 5, 0x12345678);
    public static readonly SuciIdentity NullSuci = SuciIdentity.NullSchemeImsi(Plmn, "0", "0000000001");
    public static readonly UeSecurityCapability Capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);
    public static readonly CagInformationList Cag = new([new CagInformationEntry(Plmn, true, [0x00000001, 0xCAFE0002])]);
    public static readonly Nssai Slices = new([new SNssai(1), new SNssai(1, 0x000001)]);
    public static readonly TaiList Tais = TaiList.Of(Plmn, [1, 0x1234]);
    public static readonly STmsiIdentity STmsi = new(1016, 5, 0x12345678);

    /// <summary>The TS 33.501 C.4.3.1 Profile A SUCI (PLMN 274-012, HN key 27 as the test data's SUCI string gives it).</summary>
    public static readonly SuciIdentity ProfileASuci = SuciIdentity.Concealed(new PlmnId("274", "012"), "678", SuciIdentity.ProfileA, 27,
        Convert.FromHexString("b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87"));

    /// <summary>A registration request with IEs outside the TS 24.501 4.4.6 cleartext list (5GMM capability, requested NSSAI).</summary>
    public static FiveGmmMessage FullRegistrationRequest => new FiveGmmMessageBuilder(FiveGmmMessageType.RegistrationRequest)
        .Set(FiveGmmMessageRules.RegistrationType, new RegistrationType(RegistrationTypeValue.Initial, true).Encode())
        .Set(FiveGmmMessageRules.NgKsi, NasKeySetIdentifier.Native(1).Encode())
        .Set(FiveGmmMessageRules.MobileIdentity, Guti.Encode())
        .Set("5GMM capability", [0x07])
        .Set(FiveGmmMessageRules.UeSecurityCapability, Capability.Encode())
        .Set(FiveGmmMessageRules.RequestedNssai, Slices.Encode())
        .Build();

    /// <summary>A service request with a non-cleartext IE (uplink data status).</summary>
    public static FiveGmmMessage FullServiceRequest => FiveGmmMessages.ServiceRequest(NasKeySetIdentifier.Native(1), 1, STmsi, uplinkDataStatus: 0x0020);

    private static readonly byte[] Rand = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Autn = Enumerable.Range(0x40, 16).Select(i => (byte)i).ToArray();

    public static IEnumerable<(string Name, FiveGmmMessage Message)> All()
    {
        yield return ("registration request (null-scheme SUCI)", FiveGmmMessages.RegistrationRequest(
            new RegistrationType(RegistrationTypeValue.Initial, true), NasKeySetIdentifier.NoKey, NullSuci, Capability, Slices));
        yield return ("registration request (5G-GUTI)", FiveGmmMessages.RegistrationRequest(
            new RegistrationType(RegistrationTypeValue.MobilityUpdating, false), NasKeySetIdentifier.Native(2), Guti, Capability));
        yield return ("registration accept (CAG list)", FiveGmmMessages.RegistrationAccept(0x01, Guti, Slices, Cag));
        yield return ("registration complete", FiveGmmMessages.RegistrationComplete());
        yield return ("registration reject #76", FiveGmmMessages.RegistrationReject(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly, Cag));
        yield return ("authentication request", FiveGmmMessages.AuthenticationRequest(NasKeySetIdentifier.Native(1), [0x00, 0x00], Rand, Autn));
        yield return ("authentication response", FiveGmmMessages.AuthenticationResponse(Enumerable.Range(0x80, 16).Select(i => (byte)i).ToArray()));
        yield return ("authentication failure #21", FiveGmmMessages.AuthenticationFailure(FiveGmmCause.SynchFailure, Enumerable.Range(0xA0, 14).Select(i => (byte)i).ToArray()));
        yield return ("authentication failure #20", FiveGmmMessages.AuthenticationFailure(FiveGmmCause.MacFailure));
        yield return ("authentication reject", FiveGmmMessages.AuthenticationReject());
        yield return ("security mode command", FiveGmmMessages.SecurityModeCommand(new NasSecurityAlgorithms(2, 2), NasKeySetIdentifier.Native(1), Capability,
            requestImeisv: true, additionalSecurityInformation: 0x02, abba: [0x00, 0x00]));
        yield return ("security mode complete", FiveGmmMessages.SecurityModeComplete(PeiIdentity.Imeisv("8651160458202125")));
        yield return ("security mode reject", FiveGmmMessages.SecurityModeReject(FiveGmmCause.UeSecurityCapabilitiesMismatch));
        yield return ("identity request", FiveGmmMessages.IdentityRequest(MobileIdentityType.Suci));
        yield return ("identity response (SUCI)", FiveGmmMessages.IdentityResponse(NullSuci));
        yield return ("identity response (IMEI)", FiveGmmMessages.IdentityResponse(PeiIdentity.Imei("490154203237518")));
        yield return ("service request", FiveGmmMessages.ServiceRequest(NasKeySetIdentifier.Native(1), 1, new STmsiIdentity(1016, 5, 0x12345678)));
        yield return ("deregistration request (UE originating)", FiveGmmMessages.DeregistrationRequestUeOriginating(new DeregistrationType(false, false, 1), NasKeySetIdentifier.Native(1), Guti));
        yield return ("deregistration accept (UE originating)", FiveGmmMessages.DeregistrationAcceptUeOriginating());
        yield return ("deregistration request (UE terminated)", FiveGmmMessages.DeregistrationRequestUeTerminated(new DeregistrationType(false, true, 1), FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly, Cag));
        yield return ("deregistration accept (UE terminated)", FiveGmmMessages.DeregistrationAcceptUeTerminated());
        yield return ("service accept", FiveGmmMessages.ServiceAccept());
        yield return ("service reject #76", FiveGmmMessages.ServiceReject(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly, Cag));
        yield return ("5GMM status", FiveGmmMessages.Status(FiveGmmCause.MessageTypeNonExistentOrNotImplemented));
        yield return ("configuration update command (CAG list)", FiveGmmMessages.ConfigurationUpdateCommand(Cag, Guti));

        // Identification with every identity type, service with its optional IEs, EAP authentication
        // result, and the TS 24.501 4.4.6 forms of an initial message (issue 12 item 3).
        yield return ("identity request (IMEISV)", FiveGmmMessages.IdentityRequest(MobileIdentityType.Imeisv));
        yield return ("identity request (5G-GUTI)", FiveGmmMessages.IdentityRequest(MobileIdentityType.Guti));
        yield return ("identity response (5G-GUTI)", FiveGmmMessages.IdentityResponse(Guti));
        yield return ("identity response (IMEISV)", FiveGmmMessages.IdentityResponse(PeiIdentity.Imeisv("3534900698733019")));
        yield return ("identity response (5G-S-TMSI)", FiveGmmMessages.IdentityResponse(STmsi));
        yield return ("identity response (Profile A SUCI)", FiveGmmMessages.IdentityResponse(ProfileASuci));
        yield return ("service request (statuses)", FiveGmmMessages.ServiceRequest(NasKeySetIdentifier.Native(3), 0, STmsi, uplinkDataStatus: 0x0020, pduSessionStatus: 0x0120));
        yield return ("service request (NAS message container)", InitialNasMessage.WithContainer(FullServiceRequest, FiveGmmMessageWriter.Write(FullServiceRequest)));
        yield return ("service accept (PDU session status, reactivation result)", FiveGmmMessages.ServiceAccept(0x0120, 0x0020));
        yield return ("authentication result (EAP-Success)", FiveGmmMessages.AuthenticationResult(NasKeySetIdentifier.Native(2), [0x03, 0x07, 0x00, 0x04], [0x00, 0x00]));
        yield return ("registration request (cleartext IEs only)", InitialNasMessage.CleartextOnly(FullRegistrationRequest));
        yield return ("registration request (NAS message container)", InitialNasMessage.WithContainer(FullRegistrationRequest, FiveGmmMessageWriter.Write(FullRegistrationRequest)));
        yield return ("security mode complete (initial registration request)", FiveGmmMessages.SecurityModeComplete(PeiIdentity.Imeisv("3534900698733019"), FiveGmmMessageWriter.Write(FullRegistrationRequest)));
        yield return ("deregistration request (switch off, SUCI)", FiveGmmMessages.DeregistrationRequestUeOriginating(new DeregistrationType(true, false, 3), NasKeySetIdentifier.NoKey, NullSuci));
        yield return ("registration accept (TAI list, allowed NSSAI, CAG list)", FiveGmmMessages.RegistrationAccept(0x01, Guti, Slices, Cag, Tais));
    }
}
