using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// NPN-MobilityInformation (TS 38.413 9.3.3.49), the Mobility Restriction List extension id 261.
/// <code>
/// NPN-MobilityInformation ::= CHOICE { sNPN-MobilityInformation, pNI-NPN-MobilityInformation, choice-Extensions }  -- 2 bits
/// SNPN-MobilityInformation ::= SEQUENCE { servingNID NID (BIT STRING (SIZE(44))), iE-Extensions OPTIONAL, ... }
/// PNI-NPN-MobilityInformation ::= SEQUENCE { allowed-PNI-NPI-List Allowed-PNI-NPN-List, iE-Extensions OPTIONAL, ... }
/// Allowed-PNI-NPN-List ::= SEQUENCE (SIZE(1..maxnoofEPLMNsPlusOne = 16)) OF Allowed-PNI-NPN-Item
/// Allowed-PNI-NPN-Item ::= SEQUENCE { pLMNIdentity, pNI-NPN-restricted ENUMERATED { restricted, not-restricted, ... },
///                                     allowed-CAG-List-per-PLMN SEQUENCE (SIZE(1..256)) OF CAG-ID, iE-Extensions OPTIONAL, ... }
/// </code>
/// pNI-NPN-restricted = restricted: the UE may use CAG cells only.
/// </summary>
public sealed record NpnMobilityInformation(IReadOnlyList<AllowedPniNpnItem>? AllowedPniNpns, ulong? ServingNid = null) : INgapIeValue
{
    public static NpnMobilityInformation Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(3, extensible: false);
        if (!reader.Ok || choice == 2)
        {
            reader.Fail(PerFailureKind.Unsupported, "NPN-MobilityInformation choice-Extensions");
            return new NpnMobilityInformation(AllowedPniNpns: null);
        }
        var bits = reader.ReadPreamble(true, 1, out var extended);
        NpnMobilityInformation result = choice == 0
            ? new NpnMobilityInformation(AllowedPniNpns: null, ServingNid: reader.ReadBitString(44, 44).ToNumber())
            : new NpnMobilityInformation(NgapSequence.ReadList(reader, 1, 16, AllowedPniNpnItem.Read, 40));
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return result;
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(AllowedPniNpns is null ? 0 : 1, 3, extensible: false);
        writer.WritePreamble(true, 1, 0);
        if (AllowedPniNpns is null)
        {
            writer.WriteBitString(PerBitString.FromNumber(ServingNid ?? 0, 44), 44, 44);
        }
        else
        {
            NgapSequence.WriteList(writer, AllowedPniNpns, 1, 16, (w, i) => i.Write(w));
        }
    }

    public override string ToString() => AllowedPniNpns is null ? $"SNPN NID {ServingNid:X11}" : "PNI-NPN " + string.Join("; ", AllowedPniNpns);
}

public sealed record AllowedPniNpnItem(PlmnIdentity Plmn, bool CagOnly, IReadOnlyList<uint> AllowedCagIds)
{
    public static AllowedPniNpnItem Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var restricted = reader.ReadEnumerated(2, extensible: true);
        var cags = CellCagList.ReadCagIds(reader, 256);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new AllowedPniNpnItem(plmn, restricted == 0, cags);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        writer.WriteEnumerated(CagOnly ? 0 : 1, 2, extensible: true);
        CellCagList.WriteCagIds(writer, AllowedCagIds, 256);
    }

    public override string ToString() => $"{Plmn} {(CagOnly ? "restricted" : "not-restricted")} CAG {string.Join(",", AllowedCagIds.Select(c => c.ToString("X8")))}";
}
