using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// GUAMI (TS 38.413 9.3.3.3).
/// <code>
/// GUAMI ::= SEQUENCE { pLMNIdentity, aMFRegionID BIT STRING (SIZE(8)), aMFSetID BIT STRING (SIZE(10)),
///                      aMFPointer BIT STRING (SIZE(6)), iE-Extensions OPTIONAL, ... }
/// ServedGUAMIList ::= SEQUENCE (SIZE(1..maxnoofServedGUAMIs = 256)) OF ServedGUAMIItem
/// ServedGUAMIItem ::= SEQUENCE { gUAMI GUAMI, backupAMFName AMFName OPTIONAL, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record Guami(PlmnIdentity Plmn, int AmfRegionId, int AmfSetId, int AmfPointer) : INgapIeValue
{
    public static Guami Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var region = (int)reader.ReadBitString(8, 8).ToNumber();
        var set = (int)reader.ReadBitString(10, 10).ToNumber();
        var pointer = (int)reader.ReadBitString(6, 6).ToNumber();
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new Guami(plmn, region, set, pointer);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        writer.WriteBitString(PerBitString.FromNumber((ulong)AmfRegionId, 8), 8, 8);
        writer.WriteBitString(PerBitString.FromNumber((ulong)AmfSetId, 10), 10, 10);
        writer.WriteBitString(PerBitString.FromNumber((ulong)AmfPointer, 6), 6, 6);
    }

    public override string ToString() => $"{Plmn} region {AmfRegionId} set {AmfSetId} pointer {AmfPointer}";
}

public sealed record ServedGuamiItem(Guami Guami, string? BackupAmfName = null);

/// <summary>ServedGUAMIList (TS 38.413 9.2.6.2).</summary>
public sealed record ServedGuamiList(IReadOnlyList<ServedGuamiItem> Items) : INgapIeValue
{
    public static ServedGuamiList Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 256, r =>
    {
        var bits = r.ReadPreamble(true, 2, out var extended);
        var guami = Guami.Read(r);
        var backup = (bits & 2) != 0 ? NgapName.Read(r).Value : null;
        NgapSequence.ReadTail(r, (bits & 1) != 0, extended);
        return new ServedGuamiItem(guami, backup);
    }, 3));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 256, (w, item) =>
    {
        w.WritePreamble(true, 2, item.BackupAmfName is null ? 0u : 2u);
        item.Guami.Write(w);
        if (item.BackupAmfName is { } name)
        {
            new NgapName(name).Write(w);
        }
    });

    public override string ToString() => string.Join(", ", Items.Select(i => i.Guami));
}

/// <summary>
/// PLMNSupportList (TS 38.413 9.2.6.2): SEQUENCE (SIZE(1..maxnoofPLMNs = 12)) OF
/// PLMNSupportItem ::= SEQUENCE { pLMNIdentity, sliceSupportList, iE-Extensions OPTIONAL, ... }.
/// </summary>
public sealed record PlmnSupportList(IReadOnlyList<BroadcastPlmnItem> Items) : INgapIeValue
{
    public static PlmnSupportList Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 12, BroadcastPlmnItem.Read, 2));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 12, (w, i) => i.Write(w));

    public override string ToString() => string.Join("; ", Items);
}
