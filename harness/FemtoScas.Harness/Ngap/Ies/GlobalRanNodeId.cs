using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// GlobalRANNodeID with the gNB alternative (TS 38.413 9.3.1.5, 9.3.1.6).
/// <code>
/// GlobalRANNodeID ::= CHOICE { globalGNB-ID, globalNgENB-ID, globalN3IWF-ID, choice-Extensions }   -- 2 bits
/// GlobalGNB-ID ::= SEQUENCE { pLMNIdentity, gNB-ID GNB-ID, iE-Extensions OPTIONAL, ... }
/// GNB-ID ::= CHOICE { gNB-ID BIT STRING (SIZE(22..32)), choice-Extensions }                     -- 1 bit
/// </code>
/// A femto is a gNB; the other alternatives are refused as Unsupported (the raw IE survives).
/// </summary>
public sealed record GlobalRanNodeId(PlmnIdentity Plmn, PerBitString GnbId) : INgapIeValue
{
    public static GlobalRanNodeId Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(4, extensible: false);
        if (reader.Ok && choice != 0)
        {
            reader.Fail(PerFailureKind.Unsupported, $"GlobalRANNodeID alternative {choice} (only globalGNB-ID is decoded)");
        }
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var gnbChoice = reader.ReadChoiceIndex(2, extensible: false);
        if (reader.Ok && gnbChoice != 0)
        {
            reader.Fail(PerFailureKind.Unsupported, "GNB-ID choice-Extensions");
        }
        var gnbId = reader.ReadBitString(22, 32);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new GlobalRanNodeId(plmn, gnbId);
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(0, 4, extensible: false);
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        writer.WriteChoiceIndex(0, 2, extensible: false);
        writer.WriteBitString(GnbId, 22, 32);
    }

    public override string ToString() => $"gNB {Plmn} {GnbId.ToNumber()}/{GnbId.BitLength}";
}
