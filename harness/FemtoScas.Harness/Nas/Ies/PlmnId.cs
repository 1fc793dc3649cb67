namespace FemtoScas.Harness.Nas.Ies;

/// <summary>
/// MCC and MNC in the three-octet BCD layout shared by NAS IEs (TS 24.501 9.11.3.4 figure
/// 9.11.3.4.3, TS 24.008 10.5.1.13):
/// <code>
///  octet 1 | MCC digit 2 | MCC digit 1
///  octet 2 | MNC digit 3 | MCC digit 3      (MNC digit 3 = 0xF for a two-digit MNC)
///  octet 3 | MNC digit 2 | MNC digit 1
/// </code>
/// Digits are kept as strings so a lab reads them as printed on a SIM; invalid digits are findings.
/// </summary>
public sealed record PlmnId(string Mcc, string Mnc)
{
    public const int Length = 3;

    public static PlmnId Parse(string plmn) => plmn.Length is 5 or 6 ? new(plmn[..3], plmn[3..]) : throw new ArgumentException($"'{plmn}' is not MCC+MNC", nameof(plmn));

    public void Write(Span<byte> destination)
    {
        if (Mcc.Length != 3 || Mnc.Length is not (2 or 3) || !(Mcc + Mnc).All(char.IsAsciiDigit))
            throw new ArgumentException($"PLMN {Mcc}/{Mnc} is not 3+2 or 3+3 digits");
        int D(string s, int i) => s[i] - '0';
        destination[0] = (byte)((D(Mcc, 1) << 4) | D(Mcc, 0));
        destination[1] = (byte)(((Mnc.Length == 3 ? D(Mnc, 2) : 0xF) << 4) | D(Mcc, 2));
        destination[2] = (byte)((D(Mnc, 1) << 4) | D(Mnc, 0));
    }

    public byte[] ToBytes()
    {
        var b = new byte[Length];
        Write(b);
        return b;
    }

    /// <summary>Reads three octets; a non-decimal digit is kept as a hex character and reported.</summary>
    public static PlmnId Read(ReadOnlySpan<byte> source, List<NasFinding> findings, int offset, string reference)
    {
        var mcc = $"{Digit(source[0] & 0xF)}{Digit(source[0] >> 4)}{Digit(source[1] & 0xF)}";
        var mnc3 = source[1] >> 4;
        var mnc = $"{Digit(source[2] & 0xF)}{Digit(source[2] >> 4)}{(mnc3 == 0xF ? "" : Digit(mnc3).ToString())}";
        if (!(mcc + mnc).All(char.IsAsciiDigit))
            findings.Add(NasFindingKind.InvalidValue, offset, $"PLMN {mcc}/{mnc} has a non-decimal digit", reference);
        return new PlmnId(mcc, mnc);
    }

    private static char Digit(int d) => "0123456789ABCDEF"[d & 0xF];

    public override string ToString() => $"{Mcc}-{Mnc}";
}
