namespace FemtoScas.Harness.Ike.Codec;

/// <summary>Exchange types (RFC 7296 3.1; IANA "IKEv2 Exchange Types").</summary>
public enum IkeExchangeType : byte
{
    IkeSaInit = 34,
    IkeAuth = 35,
    CreateChildSa = 36,
    Informational = 37,
    IkeSessionResume = 38,
    IkeIntermediate = 43,
}

/// <summary>Flags octet of the IKE header (RFC 7296 3.1). Other bits are reserved and must be zero.</summary>
[Flags]
public enum IkeHeaderFlags : byte
{
    None = 0,
    Initiator = 0x08,
    Version = 0x10,
    Response = 0x20,
}

/// <summary>Protocol identifiers used in proposals, Notify and Delete (RFC 7296 3.3.1).</summary>
public enum IkeProtocolId : byte
{
    None = 0,
    Ike = 1,
    Ah = 2,
    Esp = 3,
}
