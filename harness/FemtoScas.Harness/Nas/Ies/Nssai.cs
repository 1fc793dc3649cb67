using System.Buffers.Binary;

namespace FemtoScas.Harness.Nas.Ies;

/// <summary>
/// S-NSSAI (TS 24.501 9.11.2.8) as carried inside an NSSAI: SST, optional SD (24 bits), optional
/// mapped HPLMN SST and SD. Contents length 1 (SST), 2 (SST, mapped SST), 4 (SST, SD),
/// 5 (SST, SD, mapped SST) or 8 (all four).
/// </summary>
public sealed record SNssai(byte Sst, uint? Sd = null, byte? MappedSst = null, uint? MappedSd = null)
{
    public byte[] EncodeContents()
    {
        var contents = new List<byte> { Sst };
        if (Sd is { } sd) contents.AddRange([(byte)(sd >> 16), (byte)(sd >> 8), (byte)sd]);
        if (MappedSst is { } m) contents.Add(m);
        if (MappedSd is { } msd) contents.AddRange([(byte)(msd >> 16), (byte)(msd >> 8), (byte)msd]);
        return [.. contents];
    }

    internal static SNssai? ReadContents(ReadOnlySpan<byte> c, List<NasFinding> findings, int offset)
    {
        static uint U24(ReadOnlySpan<byte> b) => (uint)(b[0] << 16 | BinaryPrimitives.ReadUInt16BigEndian(b[1..]));
        switch (c.Length)
        {
            case 1: return new(c[0]);
            case 2: return new(c[0], null, c[1]);
            case 4: return new(c[0], U24(c[1..]));
            case 5: return new(c[0], U24(c[1..]), c[4]);
            case 8: return new(c[0], U24(c[1..]), c[4], U24(c[5..]));
            default:
                findings.Add(NasFindingKind.InvalidLength, offset, $"S-NSSAI contents of {c.Length} octets (1, 2, 4, 5 or 8 allowed)", "TS 24.501 9.11.2.8");
                return null;
        }
    }

    public override string ToString() => Sd is { } sd ? $"SST {Sst} SD {sd:X6}" : $"SST {Sst}";
}

/// <summary>NSSAI (TS 24.501 9.11.3.37): a list of S-NSSAI values, each as length and contents.</summary>
public sealed record Nssai(IReadOnlyList<SNssai> Slices)
{
    public byte[] Encode()
    {
        var value = new List<byte>();
        foreach (var s in Slices)
        {
            var c = s.EncodeContents();
            value.Add((byte)c.Length);
            value.AddRange(c);
        }
        return [.. value];
    }

    public static Nssai Read(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset = 0)
    {
        var slices = new List<SNssai>();
        var p = 0;
        while (p < value.Length)
        {
            var length = value[p];
            if (p + 1 + length > value.Length)
            {
                findings.Add(NasFindingKind.Truncated, offset + p, $"S-NSSAI announces {length} octets, {value.Length - p - 1} left", "TS 24.501 9.11.3.37");
                break;
            }
            if (SNssai.ReadContents(value.Slice(p + 1, length), findings, offset + p) is { } s) slices.Add(s);
            p += 1 + length;
        }
        return new Nssai(slices);
    }

    public override string ToString() => string.Join("; ", Slices);
}
