using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// NPN-AccessInformation (IE 259, TS 38.413 9.3.3.46) with its PNI-NPN alternative, the cell's
/// CAG list (9.3.3.47) the femto reports in INITIAL UE MESSAGE.
/// <code>
/// NPN-AccessInformation ::= CHOICE { pNI-NPN-Access-Information CellCAGList, choice-Extensions }   -- 1 bit
/// CellCAGList ::= SEQUENCE (SIZE(1..maxnoofCAGSperCell = 64)) OF CAG-ID
/// CAG-ID ::= BIT STRING (SIZE(32))
/// </code>
/// </summary>
public sealed record CellCagList(IReadOnlyList<uint> CagIds) : INgapIeValue
{
    public static CellCagList Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(2, extensible: false);
        if (reader.Ok && choice != 0)
        {
            reader.Fail(PerFailureKind.Unsupported, "NPN-AccessInformation choice-Extensions");
        }
        return new CellCagList(ReadCagIds(reader, 64));
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(0, 2, extensible: false);
        WriteCagIds(writer, CagIds, 64);
    }

    internal static List<uint> ReadCagIds(PerReader reader, int max) =>
        NgapSequence.ReadList(reader, 1, max, r => (uint)r.ReadBitString(32, 32).ToNumber(), 32);

    internal static void WriteCagIds(PerWriter writer, IReadOnlyList<uint> ids, int max) =>
        NgapSequence.WriteList(writer, ids, 1, max, (w, id) => w.WriteBitString(PerBitString.FromNumber(id, 32), 32, 32));

    public override string ToString() => "CAG " + string.Join(", ", CagIds.Select(c => c.ToString("X8")));
}
