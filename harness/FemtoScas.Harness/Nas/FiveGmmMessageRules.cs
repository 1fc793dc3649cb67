using static FemtoScas.Harness.Nas.NasIeFormat;

namespace FemtoScas.Harness.Nas;

/// <summary>Who sends a message (TS 24.501 8.2: "Direction").</summary>
public enum NasDirectionOfMessage { UeToNetwork, NetworkToUe, Both }

/// <summary>One TS 24.501 clause 8.2 message table: its IEs in table order.</summary>
public sealed record FiveGmmMessageRule(FiveGmmMessageType Type, string Name, string Clause, NasDirectionOfMessage Direction, IReadOnlyList<NasIeRule> Ies)
{
    /// <summary>The row called <paramref name="name"/>, or null.</summary>
    public NasIeRule? Find(string name) => Ies.FirstOrDefault(r => r.Name == name);
}

/// <summary>
/// The 5GMM message tables of TS 24.501 clause 8.2 (rows as of V17.9.0; Rel-18/19 rows are
/// absent and decode as unknown, skipped IEs). Lengths are the table's, IEI and length octets
/// included; <see cref="int.MaxValue"/> stands for "n". The header (extended protocol
/// discriminator, security header type, message type) is not a row here: FiveGmmHeader holds it.
/// </summary>
public static class FiveGmmMessageRules
{
    private const int N = int.MaxValue;

    // Shorthands for a row: M = mandatory, O = optional; name, IEI, format, length range, IE clause.
    private static NasIeRule Mh(string name, string clause) => new(name, null, V, true, 1, 1, clause, HalfOctet: true);
    private static NasIeRule M(string name, NasIeFormat format, int min, int max, string clause) => new(name, null, format, true, min, max, clause);
    private static NasIeRule O(string name, byte iei, NasIeFormat format, int min, int max, string clause) => new(name, iei, format, false, min, max, clause);
    private static NasIeRule O1(string name, byte iei, string clause) => new(name, iei, Tv, false, 1, 1, clause);

    // Rows shared by several tables.
    private static NasIeRule Eap => O("EAP message", 0x78, TlvE, 7, 1503, "9.11.2.2");
    private static NasIeRule Cag(byte iei = 0x75) => O("CAG information list", iei, TlvE, 3, N, "9.11.3.18A");

    public const string RegistrationType = "5GS registration type";
    public const string NgKsi = "ngKSI";
    public const string MobileIdentity = "5GS mobile identity";
    public const string UeSecurityCapability = "UE security capability";
    public const string RequestedNssai = "Requested NSSAI";
    public const string FiveGmmCause = "5GMM cause";
    public const string RegistrationResult = "5GS registration result";
    public const string Guti = "5G-GUTI";
    public const string AllowedNssai = "Allowed NSSAI";
    public const string TaiList = "TAI list";
    public const string CagInformationList = "CAG information list";
    public const string Abba = "ABBA";
    public const string Rand = "Authentication parameter RAND";
    public const string Autn = "Authentication parameter AUTN";
    public const string ResponseParameter = "Authentication response parameter";
    public const string FailureParameter = "Authentication failure parameter";
    public const string SelectedAlgorithms = "Selected NAS security algorithms";
    public const string ReplayedUeSecurityCapabilities = "Replayed UE security capabilities";
    public const string ImeisvRequest = "IMEISV request";
    public const string Additional5gSecurityInformation = "Additional 5G security information";
    public const string Imeisv = "IMEISV";
    public const string IdentityType = "Identity type";
    public const string ServiceType = "Service type";
    public const string STmsi = "5G-S-TMSI";
    public const string DeregistrationType = "De-registration type";
    public const string NasMessageContainer = "NAS message container";
    public const string SpareHalfOctet = "Spare half octet";
    public const string EapMessage = "EAP message";
    public const string UplinkDataStatus = "Uplink data status";
    public const string PduSessionStatus = "PDU session status";
    public const string PduSessionReactivationResult = "PDU session reactivation result";
    public const string AdditionalGuti = "Additional GUTI";
    public const string UeStatus = "UE status";
    public const string EpsNasMessageContainer = "EPS NAS message container";

    private static readonly FiveGmmMessageRule[] Tables =
    [
        new(FiveGmmMessageType.RegistrationRequest, "Registration request", "8.2.6", NasDirectionOfMessage.UeToNetwork,
        [
            Mh(RegistrationType, "9.11.3.7"),
            Mh(NgKsi, "9.11.3.32"),
            M(MobileIdentity, LvE, 6, N, "9.11.3.4"),
            O1("Non-current native NAS key set identifier", 0xC0, "9.11.3.32"),
            O("5GMM capability", 0x10, Tlv, 3, 15, "9.11.3.1"),
            O(UeSecurityCapability, 0x2E, Tlv, 4, 10, "9.11.3.54"),
            O(RequestedNssai, 0x2F, Tlv, 4, 74, "9.11.3.37"),
            O("Last visited registered TAI", 0x52, Tv, 7, 7, "9.11.3.8"),
            O("S1 UE network capability", 0x17, Tlv, 4, 15, "9.11.3.48"),
            O("Uplink data status", 0x40, Tlv, 4, 34, "9.11.3.57"),
            O("PDU session status", 0x50, Tlv, 4, 34, "9.11.3.44"),
            O1("MICO indication", 0xB0, "9.11.3.31"),
            O("UE status", 0x2B, Tlv, 3, 3, "9.11.3.56"),
            O("Additional GUTI", 0x77, TlvE, 14, 14, "9.11.3.4"),
            O("Allowed PDU session status", 0x25, Tlv, 4, 34, "9.11.3.13"),
            O("UE's usage setting", 0x18, Tlv, 3, 3, "9.11.3.55"),
            O("Requested DRX parameters", 0x51, Tlv, 3, 3, "9.11.3.2A"),
            O("EPS NAS message container", 0x70, TlvE, 4, N, "9.11.3.24"),
            O("LADN indication", 0x74, TlvE, 3, 811, "9.11.3.29"),
            O1("Payload container type", 0x80, "9.11.3.40"),
            O("Payload container", 0x7B, TlvE, 4, 65538, "9.11.3.39"),
            O1("Network slicing indication", 0x90, "9.11.3.36"),
            O("5GS update type", 0x53, Tlv, 3, 3, "9.11.3.9A"),
            O("Mobile station classmark 2", 0x41, Tlv, 5, 5, "9.11.3.31C"),
            O("Supported codecs", 0x42, Tlv, 5, N, "9.11.3.51A"),
            O(NasMessageContainer, 0x71, TlvE, 4, N, "9.11.3.33"),
            O("EPS bearer context status", 0x60, Tlv, 4, 4, "9.11.3.23A"),
            O("Requested extended DRX parameters", 0x6E, Tlv, 3, 4, "9.11.3.26A"),
            O("T3324 value", 0x6A, Tlv, 3, 3, "9.11.2.5"),
            O("UE radio capability ID", 0x67, Tlv, 3, N, "9.11.3.68"),
            O("Requested mapped NSSAI", 0x35, Tlv, 3, 42, "9.11.3.31B"),
            O("Additional information requested", 0x48, Tlv, 3, 3, "9.11.3.12A"),
            O("Requested WUS assistance information", 0x1A, Tlv, 3, N, "9.11.3.71"),
            O1("N5GC indication", 0xA0, "9.11.3.72"),
            O("Requested NB-N1 mode DRX parameters", 0x30, Tlv, 3, 3, "9.11.3.73"),
            O("UE request type", 0x29, Tlv, 3, 3, "9.11.3.76"),
            O("Paging restriction", 0x28, Tlv, 3, 35, "9.11.3.77"),
            O("Service-level-AA container", 0x72, TlvE, 6, N, "9.11.2.10"),
            O("NID", 0x32, Tlv, 8, 8, "9.11.3.79"),
            O("MS determined PLMN with disaster condition", 0x16, Tlv, 5, 5, "9.11.3.85"),
            O("Requested PEIPS assistance information", 0x2A, Tlv, 3, N, "9.11.3.80"),
            O("Requested T3512 value", 0x3B, Tlv, 3, 3, "9.11.2.5"),
        ]),
        new(FiveGmmMessageType.RegistrationAccept, "Registration accept", "8.2.7", NasDirectionOfMessage.NetworkToUe,
        [
            M(RegistrationResult, Lv, 2, 2, "9.11.3.6"),
            O(Guti, 0x77, TlvE, 14, 14, "9.11.3.4"),
            O("Equivalent PLMNs", 0x4A, Tlv, 5, 47, "9.11.3.45"),
            O(TaiList, 0x54, Tlv, 9, 114, "9.11.3.9"),
            O(AllowedNssai, 0x15, Tlv, 4, 74, "9.11.3.37"),
            O("Rejected NSSAI", 0x11, Tlv, 4, 42, "9.11.3.46"),
            O("Configured NSSAI", 0x31, Tlv, 4, 146, "9.11.3.37"),
            O("5GS network feature support", 0x21, Tlv, 3, 5, "9.11.3.5"),
            O("PDU session status", 0x50, Tlv, 4, 34, "9.11.3.44"),
            O("PDU session reactivation result", 0x26, Tlv, 4, 34, "9.11.3.42"),
            O("PDU session reactivation result error cause", 0x72, TlvE, 5, 515, "9.11.3.43"),
            O("LADN information", 0x79, TlvE, 12, 1715, "9.11.3.30"),
            O1("MICO indication", 0xB0, "9.11.3.31"),
            O1("Network slicing indication", 0x90, "9.11.3.36"),
            O("Service area list", 0x27, Tlv, 6, 114, "9.11.3.49"),
            O("T3512 value", 0x5E, Tlv, 3, 3, "9.11.2.5"),
            O("Non-3GPP de-registration timer value", 0x5D, Tlv, 3, 3, "9.11.2.4"),
            O("T3502 value", 0x16, Tlv, 3, 3, "9.11.2.4"),
            O("Emergency number list", 0x34, Tlv, 5, 50, "9.11.3.23"),
            O("Extended emergency number list", 0x7A, TlvE, 7, 65538, "9.11.3.26"),
            O("SOR transparent container", 0x73, TlvE, 20, N, "9.11.3.51"),
            Eap,
            O1("NSSAI inclusion mode", 0xA0, "9.11.3.37A"),
            O("Operator-defined access category definitions", 0x76, TlvE, 3, N, "9.11.3.38"),
            O("Negotiated DRX parameters", 0x51, Tlv, 3, 3, "9.11.3.2A"),
            O1("Non-3GPP NW policies", 0xD0, "9.11.3.36A"),
            O("EPS bearer context status", 0x60, Tlv, 4, 4, "9.11.3.23A"),
            O("Negotiated extended DRX parameters", 0x6E, Tlv, 3, 4, "9.11.3.26A"),
            O("T3447 value", 0x6C, Tlv, 3, 3, "9.11.2.5"),
            O("T3448 value", 0x6B, Tlv, 3, 3, "9.11.2.4"),
            O("T3324 value", 0x6A, Tlv, 3, 3, "9.11.2.5"),
            O("UE radio capability ID", 0x67, Tlv, 3, N, "9.11.3.68"),
            O1("UE radio capability ID deletion indication", 0xE0, "9.11.3.69"),
            O("Pending NSSAI", 0x39, Tlv, 4, 146, "9.11.3.37"),
            O("Ciphering key data", 0x74, TlvE, 34, N, "9.11.3.18C"),
            Cag(),
            O("Truncated 5G-S-TMSI configuration", 0x1B, Tlv, 3, 3, "9.11.3.70"),
            O("Negotiated WUS assistance information", 0x1C, Tlv, 3, 3, "9.11.3.71"),
            O("Negotiated NB-N1 mode DRX parameters", 0x29, Tlv, 3, 3, "9.11.3.73"),
            O("Extended rejected NSSAI", 0x68, Tlv, 5, 90, "9.11.3.75"),
            O("Service-level-AA container", 0x7B, TlvE, 6, N, "9.11.2.10"),
            O("Negotiated PEIPS assistance information", 0x33, Tlv, 3, N, "9.11.3.80"),
            O("5GS additional request result", 0x35, Tlv, 3, 3, "9.11.3.81"),
            O("NSSRG information", 0x70, TlvE, 7, 4099, "9.11.3.82"),
            O("Disaster roaming wait range", 0x14, Tlv, 4, 4, "9.11.3.84"),
            O("Disaster return wait range", 0x2C, Tlv, 4, 4, "9.11.3.84"),
            O("List of PLMNs to be used in disaster condition", 0x13, Tlv, 2, N, "9.11.3.83"),
            O("Forbidden TAI(s) for roaming", 0x1D, Tlv, 9, 114, "9.11.3.9"),
            O("Forbidden TAI(s) for regional provision of service", 0x1E, Tlv, 9, 114, "9.11.3.9"),
            O("Extended CAG information list", 0x71, TlvE, 3, N, "9.11.3.86"),
            O("NSAG information", 0x7C, TlvE, 9, 3143, "9.11.3.87"),
        ]),
        new(FiveGmmMessageType.RegistrationComplete, "Registration complete", "8.2.8", NasDirectionOfMessage.UeToNetwork,
        [
            O("SOR transparent container", 0x73, TlvE, 20, N, "9.11.3.51"),
        ]),
        new(FiveGmmMessageType.RegistrationReject, "Registration reject", "8.2.9", NasDirectionOfMessage.NetworkToUe,
        [
            M(FiveGmmCause, V, 1, 1, "9.11.3.2"),
            O("T3346 value", 0x5F, Tlv, 3, 3, "9.11.2.4"),
            O("T3502 value", 0x16, Tlv, 3, 3, "9.11.2.4"),
            Eap,
            O("Rejected NSSAI", 0x69, Tlv, 4, 42, "9.11.3.46"),
            Cag(),
            O("Extended rejected NSSAI", 0x68, Tlv, 5, 90, "9.11.3.75"),
            O("Disaster return wait range", 0x2C, Tlv, 4, 4, "9.11.3.84"),
            O("Extended CAG information list", 0x71, TlvE, 3, N, "9.11.3.86"),
            O("Lower bound timer value", 0x3A, Tlv, 3, 3, "9.11.2.5"),
            O("Forbidden TAI(s) for roaming", 0x1D, Tlv, 9, 114, "9.11.3.9"),
            O("Forbidden TAI(s) for regional provision of service", 0x1E, Tlv, 9, 114, "9.11.3.9"),
        ]),
        new(FiveGmmMessageType.DeregistrationRequestUeOriginating, "Deregistration request (UE originating de-registration)", "8.2.12", NasDirectionOfMessage.UeToNetwork,
        [
            Mh(DeregistrationType, "9.11.3.20"),
            Mh(NgKsi, "9.11.3.32"),
            M(MobileIdentity, LvE, 6, N, "9.11.3.4"),
        ]),
        new(FiveGmmMessageType.DeregistrationAcceptUeOriginating, "Deregistration accept (UE originating de-registration)", "8.2.13", NasDirectionOfMessage.NetworkToUe, []),
        new(FiveGmmMessageType.DeregistrationRequestUeTerminated, "Deregistration request (UE terminated de-registration)", "8.2.14", NasDirectionOfMessage.NetworkToUe,
        [
            Mh(DeregistrationType, "9.11.3.20"),
            Mh(SpareHalfOctet, "9.5"),
            O(FiveGmmCause, 0x58, Tv, 2, 2, "9.11.3.2"),
            O("T3346 value", 0x5F, Tlv, 3, 3, "9.11.2.4"),
            O("Rejected NSSAI", 0x6D, Tlv, 4, 42, "9.11.3.46"),
            Cag(),
            O("Extended rejected NSSAI", 0x68, Tlv, 5, 90, "9.11.3.75"),
            O("Disaster return wait range", 0x2C, Tlv, 4, 4, "9.11.3.84"),
            O("Extended CAG information list", 0x71, TlvE, 3, N, "9.11.3.86"),
            O("Lower bound timer value", 0x3A, Tlv, 3, 3, "9.11.2.5"),
            O("Forbidden TAI(s) for roaming", 0x1D, Tlv, 9, 114, "9.11.3.9"),
            O("Forbidden TAI(s) for regional provision of service", 0x1E, Tlv, 9, 114, "9.11.3.9"),
        ]),
        new(FiveGmmMessageType.DeregistrationAcceptUeTerminated, "Deregistration accept (UE terminated de-registration)", "8.2.15", NasDirectionOfMessage.UeToNetwork, []),
        new(FiveGmmMessageType.ServiceRequest, "Service request", "8.2.16", NasDirectionOfMessage.UeToNetwork,
        [
            Mh(NgKsi, "9.11.3.32"),
            Mh(ServiceType, "9.11.3.50"),
            M(STmsi, LvE, 9, 9, "9.11.3.4"),
            O("Uplink data status", 0x40, Tlv, 4, 34, "9.11.3.57"),
            O("PDU session status", 0x50, Tlv, 4, 34, "9.11.3.44"),
            O("Allowed PDU session status", 0x25, Tlv, 4, 34, "9.11.3.13"),
            O(NasMessageContainer, 0x71, TlvE, 4, N, "9.11.3.33"),
            O("UE request type", 0x29, Tlv, 3, 3, "9.11.3.76"),
            O("Paging restriction", 0x28, Tlv, 3, 35, "9.11.3.77"),
        ]),
        new(FiveGmmMessageType.ServiceReject, "Service reject", "8.2.18", NasDirectionOfMessage.NetworkToUe,
        [
            M(FiveGmmCause, V, 1, 1, "9.11.3.2"),
            O("PDU session status", 0x50, Tlv, 4, 34, "9.11.3.44"),
            O("T3346 value", 0x5F, Tlv, 3, 3, "9.11.2.4"),
            Eap,
            O("T3448 value", 0x6B, Tlv, 3, 3, "9.11.2.4"),
            Cag(),
            O("Disaster return wait range", 0x2C, Tlv, 4, 4, "9.11.3.84"),
            O("Extended CAG information list", 0x71, TlvE, 3, N, "9.11.3.86"),
            O("Lower bound timer value", 0x3A, Tlv, 3, 3, "9.11.2.5"),
            O("Forbidden TAI(s) for roaming", 0x1D, Tlv, 9, 114, "9.11.3.9"),
            O("Forbidden TAI(s) for regional provision of service", 0x1E, Tlv, 9, 114, "9.11.3.9"),
        ]),
        new(FiveGmmMessageType.ServiceAccept, "Service accept", "8.2.17", NasDirectionOfMessage.NetworkToUe,
        [
            O("PDU session status", 0x50, Tlv, 4, 34, "9.11.3.44"),
            O("PDU session reactivation result", 0x26, Tlv, 4, 34, "9.11.3.42"),
            O("PDU session reactivation result error cause", 0x72, TlvE, 5, 515, "9.11.3.43"),
            Eap,
            O("T3448 value", 0x6B, Tlv, 3, 3, "9.11.2.4"),
        ]),
        new(FiveGmmMessageType.ConfigurationUpdateCommand, "Configuration update command", "8.2.19", NasDirectionOfMessage.NetworkToUe,
        [
            O1("Configuration update indication", 0xD0, "9.11.3.18"),
            O(Guti, 0x77, TlvE, 14, 14, "9.11.3.4"),
            O("TAI list", 0x54, Tlv, 9, 114, "9.11.3.9"),
            O(AllowedNssai, 0x15, Tlv, 4, 74, "9.11.3.37"),
            O("Service area list", 0x27, Tlv, 6, 114, "9.11.3.49"),
            O("Full name for network", 0x43, Tlv, 3, N, "9.11.3.35"),
            O("Short name for network", 0x45, Tlv, 3, N, "9.11.3.35"),
            O("Local time zone", 0x46, Tv, 2, 2, "9.11.3.52"),
            O("Universal time and local time zone", 0x47, Tv, 8, 8, "9.11.3.53"),
            O("Network daylight saving time", 0x49, Tlv, 3, 3, "9.11.3.19"),
            O("LADN information", 0x79, TlvE, 3, 1715, "9.11.3.30"),
            O1("MICO indication", 0xB0, "9.11.3.31"),
            O1("Network slicing indication", 0x90, "9.11.3.36"),
            O("Configured NSSAI", 0x31, Tlv, 4, 146, "9.11.3.37"),
            O("Rejected NSSAI", 0x11, Tlv, 4, 42, "9.11.3.46"),
            O("Operator-defined access category definitions", 0x76, TlvE, 3, N, "9.11.3.38"),
            O1("SMS indication", 0xF0, "9.11.3.50A"),
            O("T3447 value", 0x6C, Tlv, 3, 3, "9.11.2.5"),
            Cag(),
            O("UE radio capability ID", 0x67, Tlv, 3, N, "9.11.3.68"),
            O1("UE radio capability ID deletion indication", 0xA0, "9.11.3.69"),
            O("5GS registration result", 0x44, Tlv, 3, 3, "9.11.3.6"),
            O("Truncated 5G-S-TMSI configuration", 0x1B, Tlv, 3, 3, "9.11.3.70"),
        ]),
        new(FiveGmmMessageType.ConfigurationUpdateComplete, "Configuration update complete", "8.2.20", NasDirectionOfMessage.UeToNetwork, []),
        new(FiveGmmMessageType.AuthenticationRequest, "Authentication request", "8.2.1", NasDirectionOfMessage.NetworkToUe,
        [
            Mh(NgKsi, "9.11.3.32"),
            Mh(SpareHalfOctet, "9.5"),
            M(Abba, Lv, 3, N, "9.11.3.10"),
            O(Rand, 0x21, Tv, 17, 17, "9.11.3.16"),
            O(Autn, 0x20, Tlv, 18, 18, "9.11.3.15"),
            Eap,
        ]),
        new(FiveGmmMessageType.AuthenticationResponse, "Authentication response", "8.2.2", NasDirectionOfMessage.UeToNetwork,
        [
            O(ResponseParameter, 0x2D, Tlv, 18, 18, "9.11.3.17"),
            Eap,
        ]),
        new(FiveGmmMessageType.AuthenticationReject, "Authentication reject", "8.2.5", NasDirectionOfMessage.NetworkToUe,
        [
            Eap,
        ]),
        new(FiveGmmMessageType.AuthenticationFailure, "Authentication failure", "8.2.4", NasDirectionOfMessage.UeToNetwork,
        [
            M(FiveGmmCause, V, 1, 1, "9.11.3.2"),
            O(FailureParameter, 0x30, Tlv, 16, 16, "9.11.3.14"),
        ]),
        new(FiveGmmMessageType.AuthenticationResult, "Authentication result", "8.2.3", NasDirectionOfMessage.NetworkToUe,
        [
            Mh(NgKsi, "9.11.3.32"),
            Mh(SpareHalfOctet, "9.5"),
            M("EAP message", LvE, 6, 1502, "9.11.2.2"),
            O(Abba, 0x38, Tlv, 4, N, "9.11.3.10"),
        ]),
        new(FiveGmmMessageType.IdentityRequest, "Identity request", "8.2.21", NasDirectionOfMessage.NetworkToUe,
        [
            Mh(IdentityType, "9.11.3.3"),
            Mh(SpareHalfOctet, "9.5"),
        ]),
        new(FiveGmmMessageType.IdentityResponse, "Identity response", "8.2.22", NasDirectionOfMessage.UeToNetwork,
        [
            M(MobileIdentity, LvE, 3, N, "9.11.3.4"),
        ]),
        new(FiveGmmMessageType.SecurityModeCommand, "Security mode command", "8.2.25", NasDirectionOfMessage.NetworkToUe,
        [
            M(SelectedAlgorithms, V, 1, 1, "9.11.3.34"),
            Mh(NgKsi, "9.11.3.32"),
            Mh(SpareHalfOctet, "9.5"),
            M(ReplayedUeSecurityCapabilities, Lv, 3, 9, "9.11.3.54"),
            O1(ImeisvRequest, 0xE0, "9.11.3.28"),
            O("Selected EPS NAS security algorithms", 0x57, Tv, 2, 2, "9.11.3.25"),
            O(Additional5gSecurityInformation, 0x36, Tlv, 3, 3, "9.11.3.12"),
            Eap,
            O(Abba, 0x38, Tlv, 4, N, "9.11.3.10"),
            O("Replayed S1 UE security capabilities", 0x19, Tlv, 4, 7, "9.11.3.48A"),
        ]),
        new(FiveGmmMessageType.SecurityModeComplete, "Security mode complete", "8.2.26", NasDirectionOfMessage.UeToNetwork,
        [
            O(Imeisv, 0x77, TlvE, 12, 12, "9.11.3.4"),
            O(NasMessageContainer, 0x71, TlvE, 4, N, "9.11.3.33"),
            O("non-IMEISV PEI", 0x78, TlvE, 7, N, "9.11.3.4"),
        ]),
        new(FiveGmmMessageType.SecurityModeReject, "Security mode reject", "8.2.27", NasDirectionOfMessage.UeToNetwork,
        [
            M(FiveGmmCause, V, 1, 1, "9.11.3.2"),
        ]),
        new(FiveGmmMessageType.FiveGmmStatus, "5GMM status", "8.2.29", NasDirectionOfMessage.Both,
        [
            M(FiveGmmCause, V, 1, 1, "9.11.3.2"),
        ]),
    ];

    private static readonly Dictionary<FiveGmmMessageType, FiveGmmMessageRule> ByType = Tables.ToDictionary(t => t.Type);

    /// <summary>Every table.</summary>
    public static IReadOnlyList<FiveGmmMessageRule> All => Tables;

    /// <summary>The table of <paramref name="type"/>, or null when the codec has none (decoded as "not implemented").</summary>
    public static FiveGmmMessageRule? For(FiveGmmMessageType type) => ByType.GetValueOrDefault(type);
}
