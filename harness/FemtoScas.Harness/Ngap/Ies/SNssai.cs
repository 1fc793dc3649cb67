using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// S-NSSAI (TS 38.413 9.3.1.24).
/// <code>
/// S-NSSAI ::= SEQUENCE { sST OCTET STRING (SIZE(1)), sD OCTET STRING (SIZE(3)) OPTIONAL, iE-Extensions OPTIONAL, ... }
/// SliceSupportList ::= SEQUENCE (SIZE(1..maxnoofSliceItems = 1024)) OF SliceSupportItem
/// SliceSupportItem ::= SEQUENCE { s-NSSAI S-NSSAI, iE-Extensions OPTIONAL, ... }
/// AllowedNSSAI ::= SEQUENCE (SIZE(1..maxnoofAllowedS-NSSAIs = 8)) OF AllowedNSSAI-Item   -- same item shape
/// </code>
/// </summary>
public sealed record SNssai(byte Sst, int? Sd = null) : INgapIeValue
{
    public static SNssai Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 2, out var extended);
        var sst = reader.ReadOctetString(1, 1);
        int? sd = (bits & 2) != 0 ? NgapSequence.ToInt(reader.ReadOctetString(3, 3)) : null;
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        return new SNssai(sst.Length == 1 ? sst[0] : (byte)0, sd);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 2, Sd is null ? 0u : 2u);
        writer.WriteOctetString([Sst], 1, 1);
        if (Sd is { } sd)
        {
            writer.WriteOctetString([(byte)(sd >> 16), (byte)(sd >> 8), (byte)sd], 3, 3);
        }
    }

    /// <summary>SliceSupportItem / AllowedNSSAI-Item: the S-NSSAI wrapped in a SEQUENCE with only iE-Extensions OPTIONAL.</summary>
    public static SNssai ReadItem(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var value = Read(reader);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return value;
    }

    public static void WriteItem(PerWriter writer, SNssai value)
    {
        writer.WritePreamble(true, 1, 0);
        value.Write(writer);
    }

    public static List<SNssai> ReadSliceSupportList(PerReader reader) => NgapSequence.ReadList(reader, 1, 1024, ReadItem, 5);

    public static void WriteSliceSupportList(PerWriter writer, IReadOnlyList<SNssai> slices) =>
        NgapSequence.WriteList(writer, slices, 1, 1024, WriteItem);

    public override string ToString() => Sd is null ? $"SST {Sst}" : $"SST {Sst} SD {Sd:X6}";
}

/// <summary>AllowedNSSAI (TS 38.413 9.3.1.31): SEQUENCE (SIZE(1..8)) OF AllowedNSSAI-Item.</summary>
public sealed record AllowedNssai(IReadOnlyList<SNssai> Slices) : INgapIeValue
{
    public static AllowedNssai Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 8, SNssai.ReadItem, 5));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Slices, 1, 8, SNssai.WriteItem);

    public override string ToString() => string.Join(", ", Slices);
}
