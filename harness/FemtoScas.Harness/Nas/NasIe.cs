namespace FemtoScas.Harness.Nas;

/// <summary>
/// One IE of a 5GMM message: the table row it matched (null for an IE the table does not list,
/// kept so a test can inject one), its IEI as received, and its value octets (no IEI, no length).
/// A half-octet V or type-1 TV value is one octet holding the 4-bit value.
/// <see cref="Offset"/> is where the IE starts in the decoded buffer (-1 when built).
/// </summary>
public sealed record NasIe(NasIeRule? Rule, byte? Iei, byte[] Value, int Offset = -1)
{
    public string Name => Rule?.Name ?? $"IEI 0x{Iei:X2}";

    /// <summary>An IE for a table row, value as given.</summary>
    public static NasIe Of(NasIeRule rule, byte[] value) => new(rule, rule.Iei, value);

    /// <summary>A half-octet or type-1 value.</summary>
    public static NasIe Nibble(NasIeRule rule, int value) => new(rule, rule.Iei, [(byte)(value & 0x0F)]);

    /// <summary>The value's first octet, or 0 when the value is empty.</summary>
    public byte First => Value.Length > 0 ? Value[0] : (byte)0;
}
