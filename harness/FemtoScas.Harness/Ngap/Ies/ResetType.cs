using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// ResetType (TS 38.413 9.3.1.x, NG RESET 9.2.6.11) and UE-associatedLogicalNG-connectionList (IE 111).
/// <code>
/// ResetType ::= CHOICE { nG-Interface ResetAll, partOfNG-Interface UE-associatedLogicalNG-connectionList, choice-Extensions } -- 2 bits
/// ResetAll ::= ENUMERATED { reset-all, ... }
/// UE-associatedLogicalNG-connectionList ::= SEQUENCE (SIZE(1..maxnoofNGConnectionsToReset = 65536)) OF
///     UE-associatedLogicalNG-connectionItem ::= SEQUENCE { aMF-UE-NGAP-ID OPTIONAL, rAN-UE-NGAP-ID OPTIONAL, iE-Extensions OPTIONAL, ... }
/// </code>
/// A null <see cref="Connections"/> is the whole interface.
/// </summary>
public sealed record ResetType(IReadOnlyList<UeAssociatedConnection>? Connections) : INgapIeValue
{
    public static ResetType Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(3, extensible: false);
        if (reader.Ok && choice == 2)
        {
            reader.Fail(PerFailureKind.Unsupported, "ResetType choice-Extensions");
        }
        if (choice == 0)
        {
            reader.ReadEnumerated(1, extensible: true);
            return new ResetType((IReadOnlyList<UeAssociatedConnection>?)null);
        }
        return new ResetType(UeAssociatedConnection.ReadList(reader));
    }

    public void Write(PerWriter writer)
    {
        if (Connections is null)
        {
            writer.WriteChoiceIndex(0, 3, extensible: false);
            writer.WriteEnumerated(0, 1, extensible: true);
            return;
        }
        writer.WriteChoiceIndex(1, 3, extensible: false);
        UeAssociatedConnection.WriteList(writer, Connections);
    }

    public override string ToString() => Connections is null ? "reset-all" : $"{Connections.Count} UE-associated connections";
}

public sealed record UeAssociatedConnection(long? AmfUeNgapId, long? RanUeNgapId)
{
    public static List<UeAssociatedConnection> ReadList(PerReader reader) => NgapSequence.ReadList(reader, 1, 65536, r =>
    {
        var bits = r.ReadPreamble(true, 3, out var extended);
        long? amf = (bits & 4) != 0 ? r.ReadConstrainedWholeNumber(0, 1099511627775) : null;
        long? ran = (bits & 2) != 0 ? r.ReadConstrainedWholeNumber(0, 4294967295) : null;
        NgapSequence.ReadTail(r, (bits & 1) != 0, extended);
        return new UeAssociatedConnection(amf, ran);
    }, 4);

    public static void WriteList(PerWriter writer, IReadOnlyList<UeAssociatedConnection> items) =>
        NgapSequence.WriteList(writer, items, 1, 65536, (w, c) =>
        {
            w.WritePreamble(true, 3, (c.AmfUeNgapId is null ? 0u : 4u) | (c.RanUeNgapId is null ? 0u : 2u));
            if (c.AmfUeNgapId is { } amf)
            {
                w.WriteConstrainedWholeNumber(amf, 0, 1099511627775);
            }
            if (c.RanUeNgapId is { } ran)
            {
                w.WriteConstrainedWholeNumber(ran, 0, 4294967295);
            }
        });
}

/// <summary>UE-associatedLogicalNG-connectionList as an IE (id 111, NG RESET ACKNOWLEDGE).</summary>
public sealed record UeAssociatedConnectionList(IReadOnlyList<UeAssociatedConnection> Connections) : INgapIeValue
{
    public static UeAssociatedConnectionList Read(PerReader reader) => new(UeAssociatedConnection.ReadList(reader));

    public void Write(PerWriter writer) => UeAssociatedConnection.WriteList(writer, Connections);
}
