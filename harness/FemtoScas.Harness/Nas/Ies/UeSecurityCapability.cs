namespace FemtoScas.Harness.Nas.Ies;

/// <summary>
/// UE security capability (TS 24.501 9.11.3.54), value octets:
/// <code>
///  octet 1 | 5G-EA0 (bit 8) ... 5G-EA7 (bit 1)
///  octet 2 | 5G-IA0 (bit 8) ... 5G-IA7 (bit 1)
///  octet 3 | EEA0 ... EEA7   (optional, present when the UE supports S1 mode)
///  octet 4 | EIA0 ... EIA7   (optional)
///  octets 5-8 spare
/// </code>
/// Value length 2-8. The AMF replays it unchanged in Security Mode Command (TS 33.501 6.7.2),
/// so <see cref="Encode"/> returns the received octets, spare ones included.
/// </summary>
public sealed record UeSecurityCapability(byte Nea, byte Nia, byte? Eea = null, byte? Eia = null)
{
    private const string Clause = "TS 24.501 9.11.3.54";

    /// <summary>Octets 5-8 as received (spare), to replay them bit for bit.</summary>
    public byte[] Spare { get; init; } = [];

    /// <summary>Whether 128-NEA<paramref name="id"/> (0-7) is supported.</summary>
    public bool SupportsNea(int id) => (Nea & (0x80 >> id)) != 0;

    /// <summary>Whether 128-NIA<paramref name="id"/> (0-7) is supported.</summary>
    public bool SupportsNia(int id) => (Nia & (0x80 >> id)) != 0;

    /// <summary>A capability from algorithm lists, e.g. NEA {0,1,2,3}, NIA {1,2,3}.</summary>
    public static UeSecurityCapability Of(IEnumerable<int> nea, IEnumerable<int> nia, IEnumerable<int>? eea = null, IEnumerable<int>? eia = null)
    {
        static byte Bits(IEnumerable<int> ids) => (byte)ids.Aggregate(0, (bits, id) => bits | (0x80 >> id));
        return new(Bits(nea), Bits(nia), eea is null ? null : Bits(eea), eia is null ? null : Bits(eia));
    }

    public byte[] Encode()
    {
        var value = new List<byte> { Nea, Nia };
        if (Eea is { } eea)
        {
            value.Add(eea);
            value.Add(Eia ?? 0);
            value.AddRange(Spare);
        }
        return [.. value];
    }

    public static UeSecurityCapability? Read(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset = 0)
    {
        if (value.Length < 2 || value.Length > 8)
        {
            findings.Add(NasFindingKind.InvalidLength, offset, $"UE security capability of {value.Length} octets, 2-8 allowed", Clause);
            if (value.Length < 2) return null;
        }
        if (value.Length == 3) findings.Add(NasFindingKind.InvalidLength, offset, "EEA octet without the EIA octet", Clause);
        return new UeSecurityCapability(value[0], value[1], value.Length > 2 ? value[2] : null, value.Length > 3 ? value[3] : null)
        {
            Spare = value.Length > 4 ? value[4..Math.Min(value.Length, 8)].ToArray() : [],
        };
    }

    /// <summary>Bit-for-bit equality, spare octets included (what a UE checks of the replayed capability, TS 33.501 6.7.2).</summary>
    public bool Equals(UeSecurityCapability? other) =>
        other is not null && Nea == other.Nea && Nia == other.Nia && Eea == other.Eea && Eia == other.Eia && Spare.AsSpan().SequenceEqual(other.Spare);

    public override int GetHashCode() => HashCode.Combine(Nea, Nia, Eea, Eia, Spare.Length);

    public override string ToString() =>
        $"NEA {{{string.Join(",", Enumerable.Range(0, 8).Where(SupportsNea))}}} NIA {{{string.Join(",", Enumerable.Range(0, 8).Where(SupportsNia))}}}" +
        (Eea is null ? "" : $" EEA 0x{Eea:X2} EIA 0x{Eia:X2}");
}
