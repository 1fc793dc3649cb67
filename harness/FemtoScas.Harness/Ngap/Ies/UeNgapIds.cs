using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// UE-NGAP-IDs (TS 38.413 9.3.3.x, UE CONTEXT RELEASE COMMAND 9.2.2.5).
/// <code>
/// UE-NGAP-IDs ::= CHOICE { uE-NGAP-ID-pair UE-NGAP-ID-pair, aMF-UE-NGAP-ID AMF-UE-NGAP-ID, choice-Extensions }  -- 2 bits
/// UE-NGAP-ID-pair ::= SEQUENCE { aMF-UE-NGAP-ID, rAN-UE-NGAP-ID, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record UeNgapIds(long AmfUeNgapId, long? RanUeNgapId) : INgapIeValue
{
    public static UeNgapIds Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(3, extensible: false);
        if (reader.Ok && choice == 2)
        {
            reader.Fail(PerFailureKind.Unsupported, "UE-NGAP-IDs choice-Extensions");
        }
        if (choice == 1)
        {
            return new UeNgapIds(reader.ReadConstrainedWholeNumber(0, 1099511627775), null);
        }
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var amf = reader.ReadConstrainedWholeNumber(0, 1099511627775);
        var ran = reader.ReadConstrainedWholeNumber(0, 4294967295);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new UeNgapIds(amf, ran);
    }

    public void Write(PerWriter writer)
    {
        if (RanUeNgapId is not { } ran)
        {
            writer.WriteChoiceIndex(1, 3, extensible: false);
            writer.WriteConstrainedWholeNumber(AmfUeNgapId, 0, 1099511627775);
            return;
        }
        writer.WriteChoiceIndex(0, 3, extensible: false);
        writer.WritePreamble(true, 1, 0);
        writer.WriteConstrainedWholeNumber(AmfUeNgapId, 0, 1099511627775);
        writer.WriteConstrainedWholeNumber(ran, 0, 4294967295);
    }

    public override string ToString() => RanUeNgapId is null ? $"AMF {AmfUeNgapId}" : $"AMF {AmfUeNgapId} RAN {RanUeNgapId}";
}
