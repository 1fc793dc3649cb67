using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>The Cause groups (TS 38.413 9.3.1.2): CHOICE of 6 (choice-Extensions last), 3 bits.</summary>
public enum CauseGroup
{
    RadioNetwork = 0,
    Transport = 1,
    Nas = 2,
    Protocol = 3,
    Misc = 4,
}

/// <summary>
/// Cause (TS 38.413 9.3.1.2): a group and its extensible ENUMERATED value, numbered root first
/// then extensions (CauseRadioNetwork has 45 root values; npn-access-denied and
/// cag-only-access-denied are its extension values 4 and 5, i.e. 49 and 50).
/// </summary>
public sealed record Cause(CauseGroup Group, int Value) : INgapIeValue
{
    /// <summary>Root value counts per group: CauseRadioNetwork, CauseTransport, CauseNas, CauseProtocol, CauseMisc.</summary>
    private static readonly int[] RootCounts = [45, 2, 4, 7, 6];

    public const int RadioNetworkUnspecified = 0;
    public const int RadioNetworkHandoverDesirableForRadioReason = 16;
    public const int RadioNetworkUserInactivity = 20;
    public const int RadioNetworkNpnAccessDenied = 49;
    public const int RadioNetworkCagOnlyAccessDenied = 50;
    public const int NasNormalRelease = 0;
    public const int NasDeregister = 2;
    public const int ProtocolSemanticError = 4;
    public const int MiscUnspecified = 5;

    public static Cause Read(PerReader reader)
    {
        var group = reader.ReadChoiceIndex(6, extensible: false);
        if (reader.Ok && group == 5)
        {
            reader.Fail(PerFailureKind.Unsupported, "Cause choice-Extensions");
            return new Cause(CauseGroup.Misc, 0);
        }
        var value = reader.ReadEnumerated(RootCounts[Math.Clamp(group, 0, 4)], extensible: true);
        return new Cause((CauseGroup)group, value);
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex((int)Group, 6, extensible: false);
        writer.WriteEnumerated(Value, RootCounts[(int)Group], extensible: true);
    }

    public override string ToString() => $"{Group} {Value}";
}
