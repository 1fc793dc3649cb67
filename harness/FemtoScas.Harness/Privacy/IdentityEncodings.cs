using System.Text;

namespace FemtoScas.Harness.Privacy;

/// <summary>One way a permanent identity can appear in octets, and the octets to look for.</summary>
public sealed record IdentityPattern(string Identity, string Encoding, byte[] Octets);

/// <summary>Where a pattern was found: which source, at which offset, in which encoding (the identity itself is evidence enough).</summary>
public sealed record IdentityHit(string Source, int Offset, IdentityPattern Pattern)
{
    public override string ToString() => $"{Source} at offset {Offset}: {Pattern.Encoding} of {Pattern.Identity}";
}

/// <summary>
/// The common encodings of an IMSI / SUPI (TS 23.003 2.1; TS 24.008 10.5.1.4 / TS 24.501 9.11.3.4
/// mobile identity digits in TBCD): ASCII and UTF-16 digit strings (covering "imsi-…" SUPIs and NAIs),
/// TBCD octets (swapped nibbles, 'F' filler; with and without the first digit, since the mobile
/// identity IE puts it beside the type bits), plain BCD, and the TBCD as hex text. Searching
/// decrypted-looking data for them is how a leak to the hosting party shows.
/// </summary>
public static class IdentityEncodings
{
    public static IReadOnlyList<IdentityPattern> For(string imsi)
    {
        if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit))
            throw new ArgumentException($"'{imsi}' is not an IMSI (6 to 15 decimal digits)", nameof(imsi));
        var tbcd = Tbcd(imsi);
        var tbcdTail = Tbcd(imsi[1..]);
        return
        [
            new(imsi, "ASCII digits", Encoding.ASCII.GetBytes(imsi)),
            new(imsi, "UTF-16LE digits", Encoding.Unicode.GetBytes(imsi)),
            new(imsi, "UTF-16BE digits", Encoding.BigEndianUnicode.GetBytes(imsi)),
            new(imsi, "TBCD", tbcd),
            new(imsi, "TBCD from the second digit (mobile identity IE)", tbcdTail),
            new(imsi, "BCD", Bcd(imsi)),
            new(imsi, "TBCD as hex text", Encoding.ASCII.GetBytes(Convert.ToHexString(tbcd))),
            new(imsi, "TBCD as lower-case hex text", Encoding.ASCII.GetBytes(Convert.ToHexString(tbcd).ToLowerInvariant())),
        ];
    }

    /// <summary>Every occurrence of every pattern in <paramref name="data"/>.</summary>
    public static IEnumerable<IdentityHit> Search(string source, ReadOnlySpan<byte> data, IReadOnlyList<IdentityPattern> patterns)
    {
        var hits = new List<IdentityHit>();
        foreach (var pattern in patterns)
        {
            int from = 0;
            while (from <= data.Length - pattern.Octets.Length)
            {
                int at = data[from..].IndexOf(pattern.Octets);
                if (at < 0) break;
                hits.Add(new IdentityHit(source, from + at, pattern));
                from += at + 1;
            }
        }

        return hits;
    }

    /// <summary>Digits two per octet, the first in the low nibble, 'F' filling an odd count (TS 29.002 TBCD-STRING).</summary>
    public static byte[] Tbcd(string digits)
    {
        var octets = new byte[(digits.Length + 1) / 2];
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i] - '0';
            octets[i / 2] |= (byte)(i % 2 == 0 ? d : d << 4);
        }

        if (digits.Length % 2 == 1) octets[^1] |= 0xF0;
        return octets;
    }

    private static byte[] Bcd(string digits)
    {
        var octets = new byte[(digits.Length + 1) / 2];
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i] - '0';
            octets[i / 2] |= (byte)(i % 2 == 0 ? d << 4 : d);
        }

        if (digits.Length % 2 == 1) octets[^1] |= 0x0F;
        return octets;
    }
}
