using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// PLMNIdentity ::= OCTET STRING (SIZE(3)) (TS 38.413 9.3.3.5): BCD digits as in TS 24.008
/// 10.5.1.13: octet 1 MCC2|MCC1, octet 2 MNC3|MCC3 (F for a two-digit MNC), octet 3 MNC2|MNC1.
/// Digits are kept as hexadecimal characters, so any three octets decode and re-encode unchanged.
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
        var mnc = (o[1] >> 4) == 0xF ? $"{o[2] & 0xF:X}{o[2] >> 4:X}" : $"{o[2] & 0xF:X}{o[2] >> 4:X}{o[1] >> 4:X}";
        return new PlmnIdentity(mcc, mnc);
    }

    public byte[] ToOctets()
    {
        if (Mcc.Length != 3 || Mnc.Length is not (2 or 3))
        {
            throw new InvalidOperationException($"MCC {Mcc} / MNC {Mnc}: 3 and 2 or 3 digits");
        }
        int D(string s, int i) => Convert.ToInt32(s[i].ToString(), 16);
        var mnc3 = Mnc.Length == 3 ? D(Mnc, 2) : 0xF;
        return [(byte)(D(Mcc, 1) << 4 | D(Mcc, 0)), (byte)(mnc3 << 4 | D(Mcc, 2)), (byte)(D(Mnc, 1) << 4 | D(Mnc, 0))];
    }

    public void Write(PerWriter writer) => writer.WriteOctetString(ToOctets(), 3, 3);

    public override string ToString() => $"{Mcc}-{Mnc}";
}
