namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Notify message types. Values below 16384 are errors, 16384 and above are status (RFC 7296
/// 3.10.1); the later entries come from RFC 4555, 4739, 5685, 5998, 6311, 7383, 7427.
/// </summary>
public enum NotifyMessageType : ushort
{
    // Errors (RFC 7296 3.10.1)
    UnsupportedCriticalPayload = 1,
    InvalidIkeSpi = 4,
    InvalidMajorVersion = 5,
    InvalidSyntax = 7,
    InvalidMessageId = 9,
    InvalidSpi = 11,
    NoProposalChosen = 14,
    InvalidKePayload = 17,
    AuthenticationFailed = 24,
    SinglePairRequired = 34,
    NoAdditionalSas = 35,
    InternalAddressFailure = 36,
    FailedCpRequired = 37,
    TsUnacceptable = 38,
    InvalidSelectors = 39,
    UnacceptableAddresses = 40,
    UnexpectedNatDetected = 41,
    UseAssignedHoA = 42,
    TemporaryFailure = 43,
    ChildSaNotFound = 44,

    // Status (RFC 7296 3.10.1 and later RFCs)
    InitialContact = 16384,
    SetWindowSize = 16385,
    AdditionalTsPossible = 16386,
    IpcompSupported = 16387,
    NatDetectionSourceIp = 16388,
    NatDetectionDestinationIp = 16389,
    Cookie = 16390,
    UseTransportMode = 16391,
    HttpCertLookupSupported = 16392,
    RekeySa = 16393,
    EspTfcPaddingNotSupported = 16394,
    NonFirstFragmentsAlso = 16395,
    MobikeSupported = 16396,
    AdditionalIp4Address = 16397,
    AdditionalIp6Address = 16398,
    NoAdditionalAddresses = 16399,
    UpdateSaAddresses = 16400,
    Cookie2 = 16401,
    NoNatsAllowed = 16402,
    AuthLifetime = 16403,
    MultipleAuthSupported = 16404,
    AnotherAuthFollows = 16405,
    RedirectSupported = 16406,
    Redirect = 16407,
    RedirectedFrom = 16408,
    TicketLtOpaque = 16409,
    TicketRequest = 16410,
    TicketAck = 16411,
    TicketNack = 16412,
    TicketOpaque = 16413,
    LinkId = 16414,
    UseWespMode = 16415,
    RohcSupported = 16416,
    EapOnlyAuthentication = 16417,
    ChildlessIkev2Supported = 16418,
    QuickCrashDetection = 16419,
    Ikev2MessageIdSyncSupported = 16420,
    IpsecReplayCounterSyncSupported = 16421,
    Ikev2MessageIdSync = 16422,
    IpsecReplayCounterSync = 16423,
    SecurePasswordMethods = 16424,
    PskPersist = 16425,
    PskConfirm = 16426,
    ErxSupported = 16427,
    IfomCapability = 16428,
    SenderRequestId = 16429,
    Ikev2FragmentationSupported = 16430,
    SignatureHashAlgorithms = 16431,

    /// <summary>RFC 9242 3.1: both sides announce IKE_INTERMEDIATE support in IKE_SA_INIT.</summary>
    IntermediateExchangeSupported = 16438,
}

public static class NotifyMessageTypes
{
    public const ushort FirstStatusType = 16384;

    /// <summary>RFC 7296 3.10.1: types 0..16383 report errors.</summary>
    public static bool IsError(this NotifyMessageType type) => (ushort)type < FirstStatusType;

    /// <summary>The RFC spelling (NAT_DETECTION_SOURCE_IP, ...), or the number when unnamed.</summary>
    public static string RfcName(this NotifyMessageType type)
    {
        if (!Enum.IsDefined(type))
        {
            return ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var name = type.ToString();
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
