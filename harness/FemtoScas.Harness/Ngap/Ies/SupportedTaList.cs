using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// SupportedTAList (TS 38.413 9.3.3.x, NG SETUP REQUEST 9.2.6.1).
/// <code>
/// SupportedTAList ::= SEQUENCE (SIZE(1..maxnoofTACs = 256)) OF SupportedTAItem
/// SupportedTAItem ::= SEQUENCE { tAC TAC, broadcastPLMNList BroadcastPLMNList, iE-Extensions OPTIONAL, ... }
/// BroadcastPLMNList ::= SEQUENCE (SIZE(1..maxnoofBPLMNs = 12)) OF BroadcastPLMNItem
/// BroadcastPLMNItem ::= SEQUENCE { pLMNIdentity, tAISliceSupportList SliceSupportList, iE-Extensions OPTIONAL, ... }
/// TAC ::= OCTET STRING (SIZE(3))
/// </code>
/// </summary>
public sealed record SupportedTaList(IReadOnlyList<SupportedTaItem> Items) : INgapIeValue
{
    public static SupportedTaList Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 256, SupportedTaItem.Read, 2));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 256, (w, i) => i.Write(w));

    public override string ToString() => string.Join("; ", Items);
}

public sealed record SupportedTaItem(int Tac, IReadOnlyList<BroadcastPlmnItem> BroadcastPlmns)
{
    public static SupportedTaItem Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var tac = NgapSequence.ReadTac(reader);
        var plmns = NgapSequence.ReadList(reader, 1, 12, BroadcastPlmnItem.Read, 2);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new SupportedTaItem(tac, plmns);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        NgapSequence.WriteTac(writer, Tac);
        NgapSequence.WriteList(writer, BroadcastPlmns, 1, 12, (w, p) => p.Write(w));
    }

    public override string ToString() => $"TAC {Tac:X6}: {string.Join(", ", BroadcastPlmns)}";
}

public sealed record BroadcastPlmnItem(PlmnIdentity Plmn, IReadOnlyList<SNssai> Slices)
{
    public static BroadcastPlmnItem Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var slices = SNssai.ReadSliceSupportList(reader);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new BroadcastPlmnItem(plmn, slices);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        SNssai.WriteSliceSupportList(writer, Slices);
    }

    public override string ToString() => $"{Plmn} [{string.Join(", ", Slices)}]";
}
