using System.Text;
using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Usim;

/// <summary>File identifiers used by the harness (TS 102 221 clause 13, TS 31.102 clause 4.2).</summary>
public static class FileIds
{
    public const ushort Mf = 0x3F00;
    public const ushort EfDir = 0x2F00;
    public const ushort EfIccid = 0x2FE2;
    public const ushort EfImsi = 0x6F07;
    public const ushort EfAd = 0x6FAD;
    public const ushort EfUst = 0x6F38;
}

/// <summary>
/// Decoders (and the virtual card's encoders) for the USIM files the harness reads:
/// EF.IMSI (TS 31.102 4.2.2), EF.ICCID (TS 102 221 13.2, swapped BCD), EF.AD (TS 31.102 4.2.18).
/// </summary>
public static class UsimFiles
{
    /// <summary>
    /// EF.IMSI: byte 1 = number of following bytes; byte 2 low nibble = '1' type with parity bit
    /// b4 (odd digit count), high nibble = digit 1; then two digits a byte, low nibble first, 'F' pad.
    /// </summary>
    public static string? DecodeImsi(ReadOnlySpan<byte> data, List<ParseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        const string clause = "TS 31.102 4.2.2";
        if (data.Length < 2 || data[0] == 0xFF)
        {
            findings.Add(new ParseFinding(0, "EF.IMSI is empty or unset", clause));
            return null;
        }
        var length = data[0];
        if (length is < 1 or > 8 || length + 1 > data.Length)
        {
            findings.Add(new ParseFinding(0, $"EF.IMSI length byte {length} is invalid for {data.Length} bytes", clause));
            return null;
        }
        if ((data[1] & 0x07) != 0x01)
        {
            findings.Add(new ParseFinding(1, $"identity type {data[1] & 0x07} is not IMSI (1)", clause));
        }
        var digits = new StringBuilder();
        if (!AppendDigit(digits, data[1] >> 4, 1, findings, clause))
        {
            return null;
        }
        for (var i = 2; i <= length; i++)
        {
            if (!AppendDigit(digits, data[i] & 0x0F, i, findings, clause) || !AppendDigit(digits, data[i] >> 4, i, findings, clause))
            {
                break;
            }
        }
        var oddFlag = (data[1] & 0x08) != 0;
        if (oddFlag != (digits.Length % 2 == 1))
        {
            findings.Add(new ParseFinding(1, $"parity bit says {(oddFlag ? "odd" : "even")} but {digits.Length} digits follow", clause));
        }
        if (digits.Length is < 6 or > 15)
        {
            findings.Add(new ParseFinding(0, $"IMSI of {digits.Length} digits (TS 23.003: at most 15)", "TS 23.003 2.2"));
        }
        return digits.ToString();
    }

    public static byte[] EncodeImsi(string imsi)
    {
        ArgumentNullException.ThrowIfNull(imsi);
        if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("IMSI must be 6 to 15 decimal digits", nameof(imsi));
        }
        var nibbles = new List<int> { 0x01 | (imsi.Length % 2 == 1 ? 0x08 : 0) };
        nibbles.AddRange(imsi.Select(c => c - '0'));
        if (nibbles.Count % 2 == 1)
        {
            nibbles.Add(0xF);
        }
        var data = new byte[9];
        Array.Fill(data, (byte)0xFF);
        data[0] = (byte)(nibbles.Count / 2);
        for (var i = 0; i < nibbles.Count; i += 2)
        {
            data[1 + (i / 2)] = (byte)(nibbles[i] | (nibbles[i + 1] << 4));
        }
        return data;
    }

    /// <summary>EF.ICCID: 10 bytes of BCD with swapped nibbles, 'F' filler after the last digit.</summary>
    public static string? DecodeIccid(ReadOnlySpan<byte> data, List<ParseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        const string clause = "ETSI TS 102 221 13.2";
        if (data.Length != 10)
        {
            findings.Add(new ParseFinding(0, $"EF.ICCID is {data.Length} bytes, expected 10", clause));
        }
        var digits = new StringBuilder();
        for (var i = 0; i < data.Length; i++)
        {
            if (!AppendDigit(digits, data[i] & 0x0F, i, findings, clause) || !AppendDigit(digits, data[i] >> 4, i, findings, clause))
            {
                break;
            }
        }
        return digits.Length == 0 ? null : digits.ToString();
    }

    public static byte[] EncodeIccid(string iccid)
    {
        ArgumentNullException.ThrowIfNull(iccid);
        if (iccid.Length is < 1 or > 20 || !iccid.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("ICCID must be 1 to 20 decimal digits", nameof(iccid));
        }
        var padded = iccid.PadRight(20, 'F');
        var data = new byte[10];
        for (var i = 0; i < 10; i++)
        {
            data[i] = (byte)(Nibble(padded[2 * i]) | (Nibble(padded[(2 * i) + 1]) << 4));
        }
        return data;
    }

    /// <summary>EF.AD byte 4, b1-b4: number of MNC digits (2 or 3); null when absent.</summary>
    public static int? DecodeMncLength(ReadOnlySpan<byte> data, List<ParseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (data.Length < 4)
        {
            findings.Add(new ParseFinding(0, $"EF.AD is {data.Length} bytes; no MNC length byte", "TS 31.102 4.2.18"));
            return null;
        }
        var mnc = data[3] & 0x0F;
        if (mnc is not (2 or 3))
        {
            findings.Add(new ParseFinding(3, $"MNC length {mnc} is neither 2 nor 3", "TS 31.102 4.2.18"));
            return null;
        }
        return mnc;
    }

    private static bool AppendDigit(StringBuilder digits, int nibble, int offset, List<ParseFinding> findings, string clause)
    {
        if (nibble == 0xF)
        {
            return false;
        }
        if (nibble > 9)
        {
            findings.Add(new ParseFinding(offset, $"nibble {nibble:X} is not a BCD digit", clause));
            return false;
        }
        digits.Append((char)('0' + nibble));
        return true;
    }

    private static int Nibble(char c) => c == 'F' ? 0xF : c - '0';
}
