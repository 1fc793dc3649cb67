namespace FemtoScas.Harness.Ike.Codec;

/// <summary>Payload type codes (IANA "IKEv2 Payload Types"; RFC 7296 3.2, RFC 7383 2.5).</summary>
public enum IkePayloadType : byte
{
    None = 0,
    SecurityAssociation = 33,
    KeyExchange = 34,
    IdentificationInitiator = 35,
    IdentificationResponder = 36,
    Certificate = 37,
    CertificateRequest = 38,
    Authentication = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TrafficSelectorInitiator = 44,
    TrafficSelectorResponder = 45,
    Encrypted = 46,
    Configuration = 47,
    Eap = 48,
    GenericSecurePassword = 49,
    GroupIdentification = 50,
    GroupSecurityAssociation = 51,
    KeyDownload = 52,
    EncryptedFragment = 53,
}

public static class IkePayloadTypeNames
{
    /// <summary>The RFC 7296 short notation (SA, KE, IDi, ...) used in exchange diagrams and findings.</summary>
    public static string Short(this IkePayloadType type) => type switch
    {
        IkePayloadType.None => "none",
        IkePayloadType.SecurityAssociation => "SA",
        IkePayloadType.KeyExchange => "KE",
        IkePayloadType.IdentificationInitiator => "IDi",
        IkePayloadType.IdentificationResponder => "IDr",
        IkePayloadType.Certificate => "CERT",
        IkePayloadType.CertificateRequest => "CERTREQ",
        IkePayloadType.Authentication => "AUTH",
        IkePayloadType.Nonce => "Ni/Nr",
        IkePayloadType.Notify => "N",
        IkePayloadType.Delete => "D",
        IkePayloadType.VendorId => "V",
        IkePayloadType.TrafficSelectorInitiator => "TSi",
        IkePayloadType.TrafficSelectorResponder => "TSr",
        IkePayloadType.Encrypted => "SK",
        IkePayloadType.Configuration => "CP",
        IkePayloadType.Eap => "EAP",
        IkePayloadType.EncryptedFragment => "SKF",
        _ => $"payload type {(byte)type}",
    };

    /// <summary>True for the payload types this codec decodes into a typed record.</summary>
    public static bool IsKnown(this IkePayloadType type) => type switch
    {
        >= IkePayloadType.SecurityAssociation and <= IkePayloadType.Eap => true,
        IkePayloadType.EncryptedFragment => true,
        _ => false,
    };
}
