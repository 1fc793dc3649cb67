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
    }
}
