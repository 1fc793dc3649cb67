using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Aka;

/// <summary>
/// Whatever answers an AKA challenge on the user side: a USIM/HPM through PC/SC
/// (<see cref="UsimApplication"/>) or, in engine tests, a software card. EAP-AKA peers take their
/// RES, CK and IK from it (RFC 4187 6.3.1 leaves the computation to the USIM).
/// </summary>
public interface IAkaCard
{
    AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn);
}
