using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// PLMNIdentity ::= OCTET STRING (SIZE(3)) (TS 38.413 9.3.3.5): digit 2n-1 in bits 4-1 of octet
/// n, digit 2n in bits 8-5; the three MCC digits, then a filler F and two MNC digits, or three
/// MNC digits. So octet 1 MCC2|MCC1, octet 2 MNC1|MCC3 (F for a two-digit MNC), octet 3
/// MNC3|MNC2 (two digits: MNC2|MNC1). For a three-digit MNC this differs from the NAS order of
/// TS 24.008 10.5.1.13 (octet 2 high nibble = MNC digit 3); Wireshark's NGAP dissector reads
/// the 38.413 order. Digits are kept as hexadecimal characters, so any three octets decode and
/// re-encode unchanged.
/// </summary>
public sealed record PlmnIdentity(string Mcc, string Mnc) : INgapIeValue
{
    public static PlmnIdentity Read(PerReader reader)
    {
        var o = reader.ReadOctetString(3, 3);
        if (!reader.Ok)
        {
            return new PlmnIdentity("", "");
        }
        var mcc = $"{o[0] & 0xF:X}{o[0] >> 4:X}{o[1] & 0xF:X}";
        var mnc = (o[1] >> 4) == 0xF ? $"{o[2] & 0xF:X}{o[2] >> 4:X}" : $"{o[1] >> 4:X}{o[2] & 0xF:X}{o[2] >> 4:X}";
        return new PlmnIdentity(mcc, mnc);
    }

    public byte[] ToOctets()
    {
        if (Mcc.Length != 3 || Mnc.Length is not (2 or 3))
        {
            throw new InvalidOperationException($"MCC {Mcc} / MNC {Mnc}: 3 and 2 or 3 digits");
        }
        int D(string s, int i) => Convert.ToInt32(s[i].ToString(), 16);
        return Mnc.Length == 2
            ? [(byte)(D(Mcc, 1) << 4 | D(Mcc, 0)), (byte)(0xF0 | D(Mcc, 2)), (byte)(D(Mnc, 1) << 4 | D(Mnc, 0))]
            : [(byte)(D(Mcc, 1) << 4 | D(Mcc, 0)), (byte)(D(Mnc, 0) << 4 | D(Mcc, 2)), (byte)(D(Mnc, 2) << 4 | D(Mnc, 1))];
    }

    public void Write(PerWriter writer) => writer.WriteOctetString(ToOctets(), 3, 3);

    public override string ToString() => $"{Mcc}-{Mnc}";
}
