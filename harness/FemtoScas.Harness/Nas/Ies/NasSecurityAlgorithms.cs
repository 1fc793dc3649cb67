namespace FemtoScas.Harness.Nas.Ies;

/// <summary>
/// NAS security algorithms (TS 24.501 9.11.3.34), one octet: type of ciphering algorithm in
/// bits 8-5 (0 = 5G-EA0 ... 3 = 128-5G-EA3), type of integrity protection algorithm in bits
/// 4-1 (0 = 5G-IA0 ... 3 = 128-5G-IA3).
/// </summary>
public readonly record struct NasSecurityAlgorithms(int Nea, int Nia)
{
    public byte Encode() => (byte)(((Nea & 0x0F) << 4) | (Nia & 0x0F));

    public static NasSecurityAlgorithms Read(byte value) => new(value >> 4, value & 0x0F);

    public override string ToString() => $"NEA{Nea}/NIA{Nia}";
}

/// <summary>
/// NAS key set identifier (TS 24.501 9.11.3.32), a half octet: TSC in bit 4 (0 native, 1 mapped),
/// the key set identifier in bits 3-1; 7 means "no key is available" (UE to network).
/// </summary>
public readonly record struct NasKeySetIdentifier(bool Mapped, int Value)
{
    public const int NoKeyAvailable = 7;

    public static NasKeySetIdentifier Native(int value) => new(false, value);
    public static NasKeySetIdentifier NoKey => new(false, NoKeyAvailable);

    public int Encode() => (Mapped ? 0x08 : 0) | (Value & 0x07);

    public static NasKeySetIdentifier Read(int nibble) => new((nibble & 0x08) != 0, nibble & 0x07);

    public override string ToString() => $"ngKSI {(Mapped ? "mapped" : "native")} {Value}";
}

/// <summary>5GS registration type values, bits 3-1 (TS 24.501 9.11.3.7).</summary>
public enum RegistrationTypeValue : byte
{
    Initial = 1,
    MobilityUpdating = 2,
    PeriodicUpdating = 3,
    Emergency = 4,
    SnpnOnboarding = 5,
    DisasterRoamingMobilityUpdating = 6,
    DisasterRoamingInitial = 7,
}

/// <summary>5GS registration type (TS 24.501 9.11.3.7), a half octet: follow-on request in bit 4, the type in bits 3-1.</summary>
public readonly record struct RegistrationType(RegistrationTypeValue Value, bool FollowOnRequest)
{
    public int Encode() => (FollowOnRequest ? 0x08 : 0) | ((byte)Value & 0x07);

    public static RegistrationType Read(int nibble) => new((RegistrationTypeValue)(nibble & 0x07), (nibble & 0x08) != 0);
}

/// <summary>De-registration type (TS 24.501 9.11.3.20), a half octet: switch off (bit 4), re-registration required (bit 3), access type (bits 2-1: 1 3GPP, 2 non-3GPP, 3 both).</summary>
public readonly record struct DeregistrationType(bool SwitchOff, bool ReRegistrationRequired, int AccessType)
{
    public int Encode() => (SwitchOff ? 0x08 : 0) | (ReRegistrationRequired ? 0x04 : 0) | (AccessType & 0x03);

    public static DeregistrationType Read(int nibble) => new((nibble & 0x08) != 0, (nibble & 0x04) != 0, nibble & 0x03);
}

/// <summary>Identity type for Identity request (TS 24.501 9.11.3.3), bits 3-1; same code points as <see cref="MobileIdentityType"/>.</summary>
public static class IdentityTypeValue
{
    public static int Encode(MobileIdentityType type) => (byte)type & 0x07;
}
