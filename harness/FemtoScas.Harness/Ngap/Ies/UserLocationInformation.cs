using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// UserLocationInformation with the NR alternative (TS 38.413 9.3.1.16). It carries no CAG ID.
/// <code>
/// UserLocationInformation ::= CHOICE { userLocationInformationEUTRA, userLocationInformationNR,
///                                      userLocationInformationN3IWF, choice-Extensions }            -- 2 bits
/// UserLocationInformationNR ::= SEQUENCE { nR-CGI NR-CGI, tAI TAI, timeStamp TimeStamp OPTIONAL,
///                                          iE-Extensions OPTIONAL, ... }
/// NR-CGI ::= SEQUENCE { pLMNIdentity, nRCellIdentity BIT STRING (SIZE(36)), iE-Extensions OPTIONAL, ... }
/// TAI ::= SEQUENCE { pLMNIdentity, tAC TAC, iE-Extensions OPTIONAL, ... }
/// TimeStamp ::= OCTET STRING (SIZE(4))
/// </code>
/// </summary>
public sealed record UserLocationInformationNr(NrCgi Cgi, Tai Tai, uint? TimeStamp = null) : INgapIeValue
{
    public static UserLocationInformationNr Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(4, extensible: false);
        if (reader.Ok && choice != 1)
        {
            reader.Fail(PerFailureKind.Unsupported, $"UserLocationInformation alternative {choice} (only NR is decoded)");
        }
        var bits = reader.ReadPreamble(true, 2, out var extended);
        var cgi = NrCgi.Read(reader);
        var tai = Tai.Read(reader);
        uint? stamp = (bits & 2) != 0 ? (uint)NgapSequence.ToInt(reader.ReadOctetString(4, 4)) : null;
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        return new UserLocationInformationNr(cgi, tai, stamp);
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(1, 4, extensible: false);
        writer.WritePreamble(true, 2, TimeStamp is null ? 0u : 2u);
        Cgi.Write(writer);
        Tai.Write(writer);
        if (TimeStamp is { } t)
        {
            writer.WriteOctetString([(byte)(t >> 24), (byte)(t >> 16), (byte)(t >> 8), (byte)t], 4, 4);
        }
    }

    public override string ToString() => $"NR {Cgi}, {Tai}";
}

/// <summary>NR-CGI (TS 38.413 9.3.1.7): PLMN and the 36-bit NR Cell Identity.</summary>
public sealed record NrCgi(PlmnIdentity Plmn, ulong CellIdentity) : INgapIeValue
{
    public static NrCgi Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var cell = reader.ReadBitString(36, 36).ToNumber();
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new NrCgi(plmn, cell);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        writer.WriteBitString(PerBitString.FromNumber(CellIdentity, 36), 36, 36);
    }

    public override string ToString() => $"NR-CGI {Plmn} {CellIdentity:X9}";
}

/// <summary>TAI (TS 38.413 9.3.3.11).</summary>
public sealed record Tai(PlmnIdentity Plmn, int Tac) : INgapIeValue
{
    public static Tai Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var tac = NgapSequence.ReadTac(reader);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new Tai(plmn, tac);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        NgapSequence.WriteTac(writer, Tac);
    }

    public override string ToString() => $"TAI {Plmn} {Tac:X6}";
}
