namespace FemtoScas.Harness.Nas;

/// <summary>5GMM message types (TS 24.501 9.7, table 9.7.1).</summary>
public enum FiveGmmMessageType : byte
{
    RegistrationRequest = 0x41,
    RegistrationAccept = 0x42,
    RegistrationComplete = 0x43,
    RegistrationReject = 0x44,
    DeregistrationRequestUeOriginating = 0x45,
    DeregistrationAcceptUeOriginating = 0x46,
    DeregistrationRequestUeTerminated = 0x47,
    DeregistrationAcceptUeTerminated = 0x48,
    ServiceRequest = 0x4C,
    ServiceReject = 0x4D,
    ServiceAccept = 0x4E,
    ConfigurationUpdateCommand = 0x54,
    ConfigurationUpdateComplete = 0x55,
    AuthenticationRequest = 0x56,
    AuthenticationResponse = 0x57,
    AuthenticationReject = 0x58,
    AuthenticationFailure = 0x59,
    AuthenticationResult = 0x5A,
    IdentityRequest = 0x5B,
    IdentityResponse = 0x5C,
    SecurityModeCommand = 0x5D,
    SecurityModeComplete = 0x5E,
    SecurityModeReject = 0x5F,
    FiveGmmStatus = 0x64,
    Notification = 0x65,
    NotificationResponse = 0x66,
    UlNasTransport = 0x67,
    DlNasTransport = 0x68,
}

/// <summary>Security header type, bits 4-1 of octet 2 (TS 24.501 9.3.1); 5-15 are reserved.</summary>
public enum NasSecurityHeaderType : byte
{
    Plain = 0,
    IntegrityProtected = 1,
    IntegrityProtectedAndCiphered = 2,
    IntegrityProtectedWithNewContext = 3,
    IntegrityProtectedAndCipheredWithNewContext = 4,
}

/// <summary>Extended protocol discriminator (TS 24.501 9.2, TS 24.007 11.2.3.1.1A).</summary>
public static class ExtendedProtocolDiscriminator
{
    public const byte FiveGmm = 0x7E;
    public const byte FiveGsm = 0x2E;
}
