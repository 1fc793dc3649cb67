namespace FemtoScas.Harness.Nas.Ies;

/// <summary>One partial tracking area list of a 5GS TAI list (TS 24.501 9.11.3.9): a PLMN and its TACs (24 bits each).</summary>
public sealed record PartialTaiList(PlmnId Plmn, IReadOnlyList<uint> Tacs);

/// <summary>
/// 5GS tracking area identity list (TS 24.501 9.11.3.9), sent in REGISTRATION ACCEPT (IEI 0x54). Each partial list
/// starts with an octet whose bits 7-6 give the type of list and bits 5-1 the number of elements minus one:
/// <code>
///  type 00 | MCC/MNC, then one TAC (3 octets) per element (non-consecutive TACs of one PLMN)
///  type 01 | MCC/MNC, then one TAC: the first of as many consecutive TACs as elements
///  type 10 | per element MCC/MNC and TAC (TAIs of several PLMNs)
/// </code>
/// The harness writes type 00 only; it reads all three, bounded by the IE's own length, with a finding for a reserved type, more than 16
/// elements in a partial list, a truncated partial list or a non-zero spare bit.
/// </summary>
public sealed record TaiList(IReadOnlyList<PartialTaiList> Lists)
{
    private const string Clause = "TS 24.501 9.11.3.9";

    /// <summary>At most 16 elements in a partial list (5 bits, value + 1); the whole list holds at most 16 TAIs.</summary>
    public const int MaxElements = 16;

    public static TaiList Of(PlmnId plmn, IEnumerable<uint> tacs) => new([new PartialTaiList(plmn, [.. tacs])]);

    public byte[] Encode()
    {
        var value = new List<byte>();
        foreach (var list in Lists)
        {
            if (list.Tacs.Count is 0 or > MaxElements) throw new ArgumentException($"a partial TAI list holds 1-{MaxElements} TACs, got {list.Tacs.Count}");
            value.Add((byte)(list.Tacs.Count - 1)); // type 00
            value.AddRange(list.Plmn.ToBytes());
            foreach (var tac in list.Tacs)
            {
                if (tac > 0xFFFFFF) throw new ArgumentException($"TAC {tac} is more than 24 bits");
                value.AddRange([(byte)(tac >> 16), (byte)(tac >> 8), (byte)tac]);
            }
        }
        return [.. value];
    }

    public static TaiList Read(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var lists = new List<PartialTaiList>();
        var p = 0;
        while (p < value.Length)
        {
            var head = value[p];
            var type = (head >> 5) & 0x03;
            var count = (head & 0x1F) + 1;
            if (count > MaxElements) findings.Add(NasFindingKind.InvalidValue, offset + p, $"partial TAI list of {count} elements (at most {MaxElements})", Clause);
            if ((head & 0x80) != 0) findings.Add(NasFindingKind.NonZeroSpare, offset + p, $"partial TAI list octet 1 = 0x{head:X2} (bit 8 spare)", Clause);
            var need = type switch { 0 => 3 + 3 * count, 1 => 6, 2 => 6 * count, _ => -1 };
            if (need < 0)
            {
                findings.Add(NasFindingKind.InvalidValue, offset + p, "type of list 11 (reserved)", Clause);
                break;
            }
            if (p + 1 + need > value.Length)
            {
                findings.Add(NasFindingKind.Truncated, offset + p, $"partial TAI list of type {type} with {count} element(s) needs {need} octets, {value.Length - p - 1} left", Clause);
                break;
            }
            var body = value.Slice(p + 1, need);
            if (type == 2)
            {
                for (var i = 0; i < count; i++)
                    lists.Add(new PartialTaiList(PlmnId.Read(body[(6 * i)..], findings, offset + p + 1 + 6 * i, Clause), [Tac(body[(6 * i + 3)..])]));
            }
            else
            {
                var plmn = PlmnId.Read(body, findings, offset + p + 1, Clause);
                var first = Tac(body[3..]);
                var tacs = new List<uint>(count);
                for (var i = 0; i < count; i++) tacs.Add(type == 0 ? Tac(body[(3 + 3 * i)..]) : (first + (uint)i) & 0xFFFFFF);
                lists.Add(new PartialTaiList(plmn, tacs));
            }
            p += 1 + need;
        }
        return new TaiList(lists);
    }

    private static uint Tac(ReadOnlySpan<byte> b) => (uint)(b[0] << 16 | b[1] << 8 | b[2]);

    public override string ToString() => string.Join("; ", Lists.Select(l => $"{l.Plmn}: TAC {string.Join(",", l.Tacs)}"));
}
