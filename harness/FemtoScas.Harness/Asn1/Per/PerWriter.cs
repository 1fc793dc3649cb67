using System.Numerics;

namespace FemtoScas.Harness.Asn1.Per;

/// <summary>
/// BASIC-PER encoder (ITU-T X.691), ALIGNED or UNALIGNED (<see cref="PerVariant"/>), the mirror
/// of <see cref="PerReader"/>. Values outside their constraint are a harness bug and throw;
/// a negative test that wants a malformed encoding patches the octets afterwards.
/// </summary>
public sealed class PerWriter
{
    private byte[] _buffer = new byte[64];
    private long _bit;

    public PerWriter(PerVariant variant = PerVariant.Aligned)
    {
        Variant = variant;
    }

    public PerVariant Variant { get; }

    private bool Aligned => Variant == PerVariant.Aligned;

    public long BitLength => _bit;

    public void WriteBits(ulong value, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 64);
        for (int i = count - 1; i >= 0; i--)
        {
            WriteBit(((value >> i) & 1) == 1);
        }
    }

    public void WriteBit(bool bit)
    {
        var index = (int)(_bit >> 3);
        if (index >= _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        if (bit)
        {
            _buffer[index] |= (byte)(0x80 >> (int)(_bit & 7));
        }
        _bit++;
    }

    /// <summary>Zero bits up to the next octet boundary in the ALIGNED variant; nothing in the UNALIGNED one.</summary>
    public void Align()
    {
        while (Aligned && (_bit & 7) != 0)
        {
            WriteBit(false);
        }
    }

    private void WriteOctets(ReadOnlySpan<byte> octets)
    {
        if ((_bit & 7) != 0)
        {
            foreach (var b in octets)
            {
                WriteBits(b, 8);
            }
            return;
        }
        var at = (int)(_bit >> 3);
        if (at + octets.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, at + octets.Length));
        }
        octets.CopyTo(_buffer.AsSpan(at));
        _bit += octets.Length * 8L;
    }

    /// <summary>Constrained whole number (X.691 11.5.7 ALIGNED; 11.5.6 UNALIGNED: always the minimal bit-field).</summary>
    public void WriteConstrainedWholeNumber(long value, long lb, long ub)
    {
        if (value < lb || value > ub)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} outside {lb}..{ub}");
        }
        var range = (ulong)(ub - lb) + 1;
        var offset = (ulong)(value - lb);
        if (range == 1)
        {
            return;
        }
        if (range <= 255 || !Aligned)
        {
            WriteBits(offset, BitsFor(range - 1));
        }
        else if (range == 256)
        {
            Align();
            WriteBits(offset, 8);
        }
        else if (range <= 65536)
        {
            Align();
            WriteBits(offset, 16);
        }
        else
        {
            var octets = Math.Max(1, (BitsFor(offset) + 7) / 8);
            WriteConstrainedWholeNumber(octets, 1, (BitsFor(range - 1) + 7) / 8);
            Align();
            WriteBits(offset, octets * 8);
        }
    }

    /// <summary>Normally small non-negative whole number (X.691 11.6).</summary>
    public void WriteNormallySmall(long value)
    {
        if (value < 64)
        {
            WriteBit(false);
            WriteBits((ulong)value, 6);
            return;
        }
        WriteBit(true);
        var octets = Math.Max(1, (BitsFor((ulong)value) + 7) / 8);
        WriteUnconstrainedLength(octets);
        WriteBits((ulong)value, octets * 8);
    }

    /// <summary>Unconstrained length below 16K (X.691 11.9.3.6-7).</summary>
    public void WriteUnconstrainedLength(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, 16384);
        Align();
        if (n < 128)
        {
            WriteBits((ulong)n, 8);
        }
        else
        {
            WriteBits(0x8000 | (ulong)n, 16);
        }
    }

    /// <summary>A length determinant for a count or size in lb..ub (X.691 11.9.4).</summary>
    public void WriteLength(int n, int lb, int ub)
    {
        if (n < lb || n > ub)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"size {n} outside {lb}..{ub}");
        }
        if (ub < 65536)
        {
            WriteConstrainedWholeNumber(n, lb, ub);
        }
        else
        {
            WriteUnconstrainedLength(n);
        }
    }

    /// <summary>The item count of SEQUENCE (SIZE(lb..ub[, ...])) OF; a count outside an extensible root uses the extension form.</summary>
    public void WriteCount(int n, int lb, int ub, bool extensible = false)
    {
        if (extensible)
        {
            var outside = n < lb || n > ub;
            WriteBit(outside);
            if (outside)
            {
                WriteUnconstrainedLength(n);
                return;
            }
        }
        WriteLength(n, lb, ub);
    }

    /// <summary>SEQUENCE (SIZE(lb..ub)) OF: the count, then each item written by <paramref name="item"/>.</summary>
    public void WriteList<T>(IReadOnlyList<T> items, int lb, int ub, Action<PerWriter, T> item)
    {
        WriteCount(items.Count, lb, ub);
        foreach (var x in items)
        {
            item(this, x);
        }
    }

    /// <summary>Octets preceded by unconstrained lengths, fragmented in 16K units from 16K on (X.691 11.9.3.8).</summary>
    public void WriteFragmentedOctets(ReadOnlySpan<byte> octets)
    {
        while (octets.Length >= 16384)
        {
            var m = Math.Min(4, octets.Length / 16384);
            Align();
            WriteBits(0xC0 | (ulong)m, 8);
            WriteOctets(octets[..(m * 16384)]);
            octets = octets[(m * 16384)..];
        }
        WriteUnconstrainedLength(octets.Length);
        WriteOctets(octets);
    }

    /// <summary>OCTET STRING (X.691 17) with SIZE(lb..ub[, ...]); ub = int.MaxValue for no upper bound.</summary>
    public void WriteOctetString(ReadOnlySpan<byte> value, int lb = 0, int ub = int.MaxValue, bool extensible = false)
    {
        var n = value.Length;
        if (extensible)
        {
            var outside = n < lb || n > ub;
            WriteBit(outside);
            if (outside)
            {
                WriteFragmentedOctets(value);
                return;
            }
        }
        if (ub == int.MaxValue)
        {
            WriteFragmentedOctets(value);
            return;
        }
        if (lb == ub)
        {
            if (n != lb)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{n} octets, SIZE({lb})");
            }
            if (n > 2)
            {
                Align();
            }
        }
        else
        {
            WriteLength(n, lb, ub);
            if (n > 0)
            {
                Align();
            }
        }
        WriteOctets(value);
    }

    /// <summary>BIT STRING (X.691 16) with SIZE(lb..ub[, ...]).</summary>
    public void WriteBitString(PerBitString value, int lb, int ub, bool extensible = false)
    {
        var n = value.BitLength;
        var outside = n < lb || n > ub;
        if (extensible)
        {
            WriteBit(outside);
        }
        if (outside)
        {
            if (!extensible)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{n} bits outside SIZE({lb}..{ub})");
            }
            WriteUnconstrainedLength(n);
            Align();
        }
        else if (lb == ub)
        {
            if (n > 16)
            {
                Align();
            }
        }
        else
        {
            WriteLength(n, lb, ub);
            if (n > 0)
            {
                Align();
            }
        }
        for (int i = 0; i < n; i++)
        {
            WriteBit(value.Bit(i) == 1);
        }
    }

    /// <summary>PrintableString (X.691 30.5: 8 bits a character ALIGNED, 7 UNALIGNED) with SIZE(lb..ub[, ...]).</summary>
    public void WritePrintableString(string value, int lb, int ub, bool extensible = false)
    {
        foreach (var c in value)
        {
            if (!PerReader.IsPrintable(c))
            {
                throw new ArgumentException($"'{c}' is not a PrintableString character", nameof(value));
            }
        }
        var n = value.Length;
        var outside = n < lb || n > ub;
        if (extensible)
        {
            WriteBit(outside);
        }
        if (outside)
        {
            if (!extensible)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{n} characters outside SIZE({lb}..{ub})");
            }
            WriteUnconstrainedLength(n);
        }
        else if (lb == ub)
        {
            if (n * 8 > 16)
            {
                Align();
            }
        }
        else
        {
            WriteLength(n, lb, ub);
            if ((long)ub * 8 > 16 && n > 0)
            {
                Align();
            }
        }
        if (!Aligned)
        {
            foreach (var c in value)
            {
                WriteBits(c, 7);
            }
            return;
        }
        WriteOctets(System.Text.Encoding.ASCII.GetBytes(value));
    }

    /// <summary>ENUMERATED (X.691 14); values from rootCount on are extension values.</summary>
    public void WriteEnumerated(int value, int rootCount, bool extensible)
    {
        if (value >= rootCount)
        {
            if (!extensible)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{value} outside a non-extensible root of {rootCount}");
            }
            WriteBit(true);
            WriteNormallySmall(value - rootCount);
            return;
        }
        if (extensible)
        {
            WriteBit(false);
        }
        WriteConstrainedWholeNumber(value, 0, rootCount - 1);
    }

    /// <summary>A CHOICE index (X.691 23); for an extension alternative the caller writes the value as an open type.</summary>
    public void WriteChoiceIndex(int index, int rootCount, bool extensible) => WriteEnumerated(index, rootCount, extensible);

    /// <summary>SEQUENCE preamble (X.691 19): extension bit (set only when <paramref name="extended"/>: additions follow the root) and the OPTIONAL bitmap.</summary>
    public void WritePreamble(bool extensible, int optionals, ulong bitmap, bool extended = false)
    {
        if (extended && !extensible)
        {
            throw new ArgumentException("extension additions in a SEQUENCE without an extension marker", nameof(extended));
        }
        if (extensible)
        {
            WriteBit(extended);
        }
        WriteBits(bitmap, optionals);
    }

    /// <summary>
    /// The extension additions of a SEQUENCE whose extension bit was set (X.691 19.7-19.9): the
    /// bitmap's length as a normally small length, one bit per addition (null = absent), then each
    /// present addition as an open type. The list is as long as the additions the sender knows.
    /// </summary>
    public void WriteExtensionAdditions(IReadOnlyList<Action<PerWriter>?> additions)
    {
        ArgumentOutOfRangeException.ThrowIfZero(additions.Count);
        if (additions.Count <= 64)
        {
            WriteBit(false);
            WriteBits((ulong)(additions.Count - 1), 6);
        }
        else
        {
            WriteBit(true);
            WriteUnconstrainedLength(additions.Count);
        }
        foreach (var addition in additions)
        {
            WriteBit(addition is not null);
        }
        foreach (var addition in additions)
        {
            if (addition is not null)
            {
                WriteOpenType(addition);
            }
        }
    }

    /// <summary>An open type (X.691 11.2): <paramref name="body"/> encoded as a complete encoding, then length-prefixed.</summary>
    public void WriteOpenType(Action<PerWriter> body)
    {
        var inner = new PerWriter(Variant);
        body(inner);
        WriteFragmentedOctets(inner.ToArray());
    }

    /// <summary>Already-encoded open type contents (e.g. an IE value kept as received).</summary>
    public void WriteOpenType(ReadOnlySpan<byte> contents) => WriteFragmentedOctets(contents);

    /// <summary>The complete encoding: padded to an octet, and one zero octet when empty (X.691 11.1.3).</summary>
    public byte[] ToArray()
    {
        if (_bit == 0)
        {
            return [0];
        }
        return _buffer.AsSpan(0, (int)((_bit + 7) >> 3)).ToArray();
    }

    private static int BitsFor(ulong value) => value == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(value);
}
