using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Rules;

/// <summary>
/// One message of an IKEv2 exchange, from the point of view of the payload rules. IKE_AUTH with
/// EAP (RFC 7296 2.16) has its own steps because AUTH and EAP move between rounds.
/// </summary>
public enum ExchangeStep
{
    IkeSaInitRequest,
    IkeSaInitResponse,
    IkeSaInitErrorResponse,
    IkeAuthRequest,
    IkeAuthResponse,
    IkeAuthErrorResponse,
    IkeAuthEapFirstRequest,
    IkeAuthEapFirstResponse,
    IkeAuthEapRoundRequest,
    IkeAuthEapRoundResponse,
    IkeAuthEapFinalRequest,
    IkeAuthEapFinalResponse,
    IkeAuthAnotherAuthResponse,
    IkeAuthSecondIdentityRequest,
    CreateChildSaRequest,
    RekeyChildSaRequest,
    CreateChildSaResponse,
    RekeyIkeSaRequest,
    RekeyIkeSaResponse,
    CreateChildSaErrorResponse,
    InformationalRequest,
    InformationalResponse,
    IkeIntermediateRequest,
    IkeIntermediateResponse,
}

/// <summary>Header-level facts of a step: exchange type, direction, whether its payloads travel in SK.</summary>
public sealed record StepShape(ExchangeStep Step, IkeExchangeType Exchange, bool IsResponse, bool Encrypted, string Diagram, string Reference);
