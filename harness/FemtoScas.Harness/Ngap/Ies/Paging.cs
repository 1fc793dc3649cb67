using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// FiveG-S-TMSI (TS 38.413 9.3.3.20): AMF Set ID, AMF Pointer and 5G-TMSI.
/// <code>
/// FiveG-S-TMSI ::= SEQUENCE { aMFSetID BIT STRING (SIZE(10)), aMFPointer BIT STRING (SIZE(6)), fiveG-TMSI OCTET STRING (SIZE(4)), iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record FiveGSTmsi(int AmfSetId, int AmfPointer, uint Tmsi) : INgapIeValue
{
    public static FiveGSTmsi Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var set = reader.ReadBitString(10, 10);
        var pointer = reader.ReadBitString(6, 6);
        var tmsi = reader.ReadOctetString(4, 4);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return reader.Ok ? new FiveGSTmsi((int)set.ToNumber(), (int)pointer.ToNumber(), (uint)NgapSequence.ToInt(tmsi)) : new FiveGSTmsi(0, 0, 0);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        writer.WriteBitString(PerBitString.FromNumber((ulong)AmfSetId, 10), 10, 10);
        writer.WriteBitString(PerBitString.FromNumber((ulong)AmfPointer, 6), 6, 6);
        writer.WriteOctetString([(byte)(Tmsi >> 24), (byte)(Tmsi >> 16), (byte)(Tmsi >> 8), (byte)Tmsi], 4, 4);
    }

    public override string ToString() => $"5G-S-TMSI set {AmfSetId} pointer {AmfPointer} TMSI {Tmsi:X8}";
}

/// <summary>UEPagingIdentity (TS 38.413 9.3.3.18) ::= CHOICE { fiveG-S-TMSI FiveG-S-TMSI, choice-Extensions } (1 bit).</summary>
public sealed record UePagingIdentity(FiveGSTmsi Tmsi) : INgapIeValue
{
    public static UePagingIdentity Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(2, extensible: false);
        if (reader.Ok && choice != 0) reader.Fail(PerFailureKind.Unsupported, "UEPagingIdentity choice-Extensions");
        return new UePagingIdentity(FiveGSTmsi.Read(reader));
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(0, 2, extensible: false);
        Tmsi.Write(writer);
    }

    public override string ToString() => Tmsi.ToString();
}

/// <summary>
/// TAIListForPaging (TS 38.413 9.3.3.x, PAGING 9.2.4.1).
/// <code>
/// TAIListForPaging ::= SEQUENCE (SIZE(1..maxnoofTAIforPaging = 16)) OF TAIListForPagingItem
/// TAIListForPagingItem ::= SEQUENCE { tAI TAI, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record TaiListForPaging(IReadOnlyList<Tai> Tais) : INgapIeValue
{
    public static TaiListForPaging Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 16, r =>
    {
        var bits = r.ReadPreamble(true, 1, out var extended);
        var tai = Tai.Read(r);
        NgapSequence.ReadTail(r, bits != 0, extended);
        return tai;
    }, 8));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Tais, 1, 16, (w, t) =>
    {
        w.WritePreamble(true, 1, 0);
        t.Write(w);
    });

    public override string ToString() => string.Join(", ", Tais);
}
