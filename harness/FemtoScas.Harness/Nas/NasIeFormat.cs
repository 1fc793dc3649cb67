namespace FemtoScas.Harness.Nas;

/// <summary>
/// IE formats of TS 24.007 11.2.1.1 as TS 24.501 clause 8 tables use them. Type-1 IEs (a 4-bit
/// IEI in bits 8-5 and the value in bits 4-1) are <see cref="Tv"/> with length 1; mandatory
/// half-octet values are <see cref="V"/> with <see cref="NasIeRule.HalfOctet"/>.
/// </summary>
public enum NasIeFormat
{
    /// <summary>Value only, fixed length (or half an octet).</summary>
    V,
    /// <summary>One length octet, then the value.</summary>
    Lv,
    /// <summary>Two length octets (big endian), then the value.</summary>
    LvE,
    /// <summary>IEI, then a fixed-length value (type 1 when the IEI is 4 bits).</summary>
    Tv,
    /// <summary>IEI, one length octet, value.</summary>
    Tlv,
    /// <summary>IEI, two length octets, value (IEIs 0x7X in 5GS, TS 24.007 11.2.4).</summary>
    TlvE,
}

/// <summary>
/// One row of a TS 24.501 clause 8 message table. <see cref="Iei"/> is the full octet for TV,
/// TLV and TLV-E, the high nibble (e.g. 0xE0) for a type-1 TV, and null for V/LV/LV-E.
/// Lengths are those of the table (whole IE: IEI and length octets included), so a reader
/// checks the received length against exactly what the specification prints.
/// </summary>
public sealed record NasIeRule(string Name, byte? Iei, NasIeFormat Format, bool Mandatory, int MinLength, int MaxLength, string Clause, bool HalfOctet = false)
{
    /// <summary>A type-1 IE: 4-bit IEI in bits 8-5.</summary>
    public bool IsType1 => Format == NasIeFormat.Tv && MinLength == 1 && Iei is { } i && (i & 0x0F) == 0 && (i & 0x80) != 0;

    /// <summary>Octets before the value: IEI and length fields.</summary>
    public int Overhead => Format switch
    {
        NasIeFormat.V => 0,
        NasIeFormat.Lv => 1,
        NasIeFormat.LvE => 2,
        NasIeFormat.Tv => IsType1 ? 0 : 1,
        NasIeFormat.Tlv => 2,
        _ => 3,
    };

    /// <summary>Shortest value (octets after IEI and length).</summary>
    public int MinValueLength => Math.Max(0, MinLength - Overhead);

    /// <summary>Longest value; <see cref="int.MaxValue"/> for "n" in the table.</summary>
    public int MaxValueLength => MaxLength == int.MaxValue ? int.MaxValue : Math.Max(0, MaxLength - Overhead);
}
