using System.Numerics;

namespace FemtoScas.Harness.Asn1.Per;

/// <summary>
/// BASIC-PER decoder (ITU-T X.691), ALIGNED or UNALIGNED (<see cref="PerVariant"/>), over a peer's octets.
/// <para>
/// It never throws on bad input: the first problem is kept in <see cref="Failure"/> with its bit
/// offset, and every later read returns a zero value, so a caller decodes straight through and
/// checks <see cref="Ok"/> once. Every length is checked against the octets that remain before
/// anything is allocated, and every loop a length drives consumes input, so garbage costs at
/// most one pass over it.
/// </para>
/// </summary>
public sealed partial class PerReader
{
    /// <summary>Bound for the length of any one decoded value sized by the peer (1 MiB).</summary>
    public const int MaxValueOctets = 1 << 20;

    /// <summary>Bound for open types nested in open types (a peer cannot make the decoder recurse deeper).</summary>
    public const int MaxDepth = 16;

    private readonly byte[] _data;
    private readonly int _start;
    private readonly int _octets;
    private long _bit;

    public PerReader(byte[] data, PerVariant variant = PerVariant.Aligned) : this(data, 0, data.Length, 0, variant, 0)
    {
    }

    private PerReader(byte[] data, int start, int octets, long baseBitOffset, PerVariant variant, int depth)
    {
        _data = data;
        _start = start;
        _octets = octets;
        BaseBitOffset = baseBitOffset;
        Variant = variant;
        Depth = depth;
        if (depth > MaxDepth)
        {
            Fail(PerFailureKind.Unsupported, $"open types nested deeper than {MaxDepth}");
        }
    }

    public PerVariant Variant { get; }

    private bool Aligned => Variant == PerVariant.Aligned;

    /// <summary>How many open types enclose this reader's contents (0 for the outermost buffer).</summary>
    public int Depth { get; }

    /// <summary>The first failure, or null while decoding went well.</summary>
    public PerFailure? Failure { get; private set; }

    public bool Ok => Failure is null;

    /// <summary>Bit offset of this reader's first bit within the outermost buffer (non-zero for an open type's contents).</summary>
    public long BaseBitOffset { get; }

    /// <summary>Current position in bits from the start of the outermost buffer.</summary>
    public long BitOffset => BaseBitOffset + _bit;

    public long RemainingBits => _octets * 8L - _bit;

    /// <summary>Whether everything but the padding of the last octet was consumed.</summary>
    public bool AtEnd => RemainingBits < 8;

    /// <summary>Records the first failure at the current offset; always false, for <c>return reader.Fail(...)</c>.</summary>
    public bool Fail(PerFailureKind kind, string detail)
    {
        Failure ??= new PerFailure(kind, BitOffset, detail);
        return false;
    }

    /// <summary>Adopts a failure found by a sub-reader (the offsets are already absolute).</summary>
    public void Adopt(PerFailure? failure)
    {
        if (failure is not null)
        {
            Failure ??= failure;
        }
    }

    public ulong ReadBits(int count)
    {
        if (!Ok || count == 0)
        {
            return 0;
        }
        if (count > RemainingBits)
        {
            Fail(PerFailureKind.Truncated, $"{count} bits wanted, {RemainingBits} left");
            return 0;
        }
        ulong value = 0;
        for (int i = 0; i < count; i++, _bit++)
        {
            var octet = _data[_start + (int)(_bit >> 3)];
            value = (value << 1) | (uint)((octet >> (7 - (int)(_bit & 7))) & 1);
        }
        return value;
    }

    public bool ReadBit() => ReadBits(1) == 1;

    /// <summary>Skips to the next octet boundary (X.691 3.7.13 octet-aligned) in the ALIGNED variant; nothing in the UNALIGNED one. Padding bits are not checked.</summary>
    public void Align()
    {
        if (!Aligned)
        {
            return;
        }
        var pad = (8 - (int)(_bit & 7)) & 7;
        if (!Ok || pad == 0)
        {
            return;
        }
        if (pad > RemainingBits)
        {
            Fail(PerFailureKind.Truncated, "padding past the end");
            return;
        }
        _bit += pad;
    }

    /// <summary>Constrained whole number (X.691 11.5.7 ALIGNED; 11.5.6 UNALIGNED: always the minimal bit-field).</summary>
    public long ReadConstrainedWholeNumber(long lb, long ub)
    {
        var range = (ulong)(ub - lb) + 1;
        ulong offset;
        if (!Ok || range == 1)
        {
            return lb;
        }
        if (range <= 255 || !Aligned)
        {
            offset = ReadBits(BitsFor(range - 1));
        }
        else if (range == 256)
        {
            Align();
            offset = ReadBits(8);
        }
        else if (range <= 65536)
        {
            Align();
            offset = ReadBits(16);
        }
        else
        {
            // 11.5.7.4: the octet count, itself a constrained whole number, then the octets.
            var octets = (int)ReadConstrainedWholeNumber(1, (BitsFor(range - 1) + 7) / 8);
            Align();
            offset = ReadBits(octets * 8);
        }
        if (Ok && offset > range - 1)
        {
            Fail(PerFailureKind.ConstraintViolation, $"{lb + (long)offset} outside {lb}..{ub}");
            return lb;
        }
        return Ok ? lb + (long)offset : lb;
    }

    /// <summary>Normally small non-negative whole number (X.691 11.6): extension CHOICE indexes and ENUMERATED values.</summary>
    public long ReadNormallySmall()
    {
        if (!ReadBit())
        {
            return (long)ReadBits(6);
        }
        // 11.6.2: semi-constrained whole number, its octet count as a length determinant.
        var octets = ReadUnconstrainedLength(out var fragmented);
        if (fragmented || octets is < 1 or > 4)
        {
            Fail(PerFailureKind.Unsupported, $"normally small number of {octets} octets");
            return 0;
        }
        return (long)ReadBits(octets * 8);
    }

    /// <summary>Normally small length (X.691 11.9.3.4), used for the extension-addition bitmap of a SEQUENCE.</summary>
    public int ReadNormallySmallLength()
    {
        if (!ReadBit())
        {
            return (int)ReadBits(6) + 1;
        }
        var n = ReadUnconstrainedLength(out var fragmented);
        if (fragmented)
        {
            Fail(PerFailureKind.Unsupported, "fragmented extension bitmap");
        }
        return n;
    }

    /// <summary>
    /// Unconstrained length determinant (X.691 11.9.3.6-8): one octet below 128, two below 16K,
    /// else a fragment of m x 16K units (m 1..4) and <paramref name="fragmented"/> set: more follow.
    /// </summary>
    public int ReadUnconstrainedLength(out bool fragmented)
    {
        fragmented = false;
        Align();
        var first = (int)ReadBits(8);
        if ((first & 0x80) == 0)
        {
            return first;
        }
        if ((first & 0xC0) == 0x80)
        {
            return ((first & 0x3F) << 8) | (int)ReadBits(8);
        }
        var m = first & 0x3F;
        if (m is < 1 or > 4)
        {
            Fail(PerFailureKind.ConstraintViolation, $"fragment multiplier {m} (X.691 11.9.3.8.1: 1..4)");
            return 0;
        }
        fragmented = true;
        return m * 16384;
    }

    /// <summary>
    /// A length determinant for a count or size in lb..ub (X.691 11.9.4): a constrained whole number
    /// when ub is below 64K, else the unconstrained form (fragmented counts are refused).
    /// </summary>
    public int ReadLength(int lb, int ub)
    {
        if (ub < 65536)
        {
            return (int)ReadConstrainedWholeNumber(lb, ub);
        }
        var n = ReadUnconstrainedLength(out var fragmented);
        if (fragmented)
        {
            Fail(PerFailureKind.Unsupported, "fragmented count (more than 16383 items)");
            return lb;
        }
        if (n < lb || n > ub)
        {
            Fail(PerFailureKind.ConstraintViolation, $"size {n} outside {lb}..{ub}");
            return lb;
        }
        return n;
    }

    /// <summary>
    /// The item count of SEQUENCE (SIZE(lb..ub)) OF, refused when the items could not fit in what
    /// remains at <paramref name="minimumItemBits"/> each.
    /// </summary>
    public int ReadCount(int lb, int ub, bool extensible = false, int minimumItemBits = 1)
    {
        var n = extensible && ReadBit() ? ReadExtendedSize() : ReadLength(lb, ub);
        if (Ok && (long)n * minimumItemBits > RemainingBits)
        {
            Fail(PerFailureKind.LengthBeyondInput, $"{n} items cannot fit in {RemainingBits} bits");
            return 0;
        }
        return Ok ? n : 0;
    }

    /// <summary>SEQUENCE (SIZE(lb..ub)) OF: the count (refused when the items cannot fit), then items read by <paramref name="item"/> while the reader is well.</summary>
    public List<T> ReadList<T>(int lb, int ub, Func<PerReader, T> item, int minimumItemBits = 1)
    {
        var count = ReadCount(lb, ub, minimumItemBits: minimumItemBits);
        var items = new List<T>(count);
        for (int i = 0; i < count && Ok; i++)
        {
            items.Add(item(this));
        }
        return items;
    }

    private int ReadExtendedSize()
    {
        var n = ReadUnconstrainedLength(out var fragmented);
        if (fragmented)
        {
            Fail(PerFailureKind.Unsupported, "fragmented size outside the root");
        }
        return n;
    }

    /// <summary>
    /// ENUMERATED (X.691 14) or a CHOICE index (X.691 23): root values 0..rootCount-1 as a constrained
    /// whole number, extension values as rootCount + a normally small number.
    /// </summary>
    public int ReadEnumerated(int rootCount, bool extensible)
    {
        if (extensible && ReadBit())
        {
            var ext = ReadNormallySmall();
            return ext > int.MaxValue - rootCount ? int.MaxValue : rootCount + (int)ext;
        }
        return (int)ReadConstrainedWholeNumber(0, rootCount - 1);
    }

    /// <summary>A CHOICE index (X.691 23.6-23.8); an extension alternative's value follows as an open type.</summary>
    public int ReadChoiceIndex(int rootCount, bool extensible) => ReadEnumerated(rootCount, extensible);

    /// <summary>
    /// SEQUENCE preamble (X.691 19.1-19.3): the extension bit if extensible, then one bit per
    /// OPTIONAL component; returns them as a bitmap, first OPTIONAL in bit <c>optionals - 1</c>.
    /// </summary>
    public ulong ReadPreamble(bool extensible, int optionals, out bool extended)
    {
        extended = extensible && ReadBit();
        return ReadBits(optionals);
    }

    /// <summary>Skips the extension additions of a SEQUENCE whose extension bit was set (X.691 19.7-19.9); returns how many were present.</summary>
    public int SkipExtensionAdditions() => ReadExtensionAdditions(0, static (_, _) => { });

    /// <summary>
    /// The extension additions of a SEQUENCE whose extension bit was set (X.691 19.7-19.9): each
    /// present addition is an open type; the first <paramref name="knownCount"/> are handed to
    /// <paramref name="read"/> (index, a reader over the contents), later ones are skipped by their
    /// length as 19.9 lets a receiver of an older version do. Returns how many unknown additions
    /// were skipped. A failure inside an addition becomes this reader's failure.
    /// </summary>
    public int ReadExtensionAdditions(int knownCount, Action<int, PerReader> read)
    {
        var n = ReadNormallySmallLength();
        if (Ok && n > RemainingBits)
        {
            Fail(PerFailureKind.LengthBeyondInput, $"extension bitmap of {n} bits");
            return 0;
        }
        if (!Ok)
        {
            return 0;
        }
        var bitmapAt = _bit;
        _bit += n;
        var skipped = 0;
        for (int i = 0; i < n && Ok; i++)
        {
            var octet = _data[_start + (int)((bitmapAt + i) >> 3)];
            if (((octet >> (7 - (int)((bitmapAt + i) & 7))) & 1) == 0)
            {
                continue;
            }
            var inner = OpenTypeReader(out _);
            if (i < knownCount && inner.Ok)
            {
                read(i, inner);
                Adopt(inner.Failure);
            }
            else
            {
                skipped++;
            }
        }
        return skipped;
    }

    private static int BitsFor(ulong value) => value == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(value);
}
