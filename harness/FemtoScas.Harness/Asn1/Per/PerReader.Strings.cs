namespace FemtoScas.Harness.Asn1.Per;

/// <summary>The string types of the PER reader: OCTET STRING, open types, BIT STRING, PrintableString (X.691 16, 17, 30, 11.2).</summary>
public sealed partial class PerReader
{
    /// <summary>OCTET STRING (X.691 17) with SIZE(lb..ub[, ...]); ub = int.MaxValue for no upper bound (fragmented form).</summary>
    public byte[] ReadOctetString(int lb = 0, int ub = int.MaxValue, bool extensible = false)
    {
        if (extensible && ReadBit() || ub == int.MaxValue)
        {
            return ReadFragmentedOctets();
        }
        int n;
        if (lb == ub)
        {
            n = lb;
            if (n > 2)
            {
                Align();
            }
        }
        else
        {
            n = ReadLength(lb, ub);
            if (n > 0)
            {
                Align();
            }
        }
        return ReadOctets(n);
    }

    /// <summary>An open type (X.691 11.2): a length-prefixed octet string holding another complete encoding.</summary>
    public byte[] ReadOpenType(out long contentBitOffset)
    {
        var octets = ReadFragmentedOctets(out contentBitOffset);
        if (Ok && octets.Length == 0)
        {
            Fail(PerFailureKind.ConstraintViolation, "empty open type (X.691 11.2.2: at least one octet)");
        }
        return octets;
    }

    /// <summary>A reader over an open type's contents; offsets stay absolute.</summary>
    public PerReader OpenTypeReader(out byte[] contents)
    {
        contents = ReadOpenType(out var at);
        var inner = new PerReader(contents, 0, contents.Length, at, Variant, Depth + 1);
        Adopt(inner.Failure);
        return inner;
    }

    /// <summary>A reader over <paramref name="contents"/> as found at <paramref name="bitOffset"/> of a larger buffer.</summary>
    public static PerReader At(byte[] contents, long bitOffset, PerVariant variant = PerVariant.Aligned) => new(contents, 0, contents.Length, bitOffset, variant, 0);

    private byte[] ReadFragmentedOctets() => ReadFragmentedOctets(out _);

    private byte[] ReadFragmentedOctets(out long contentBitOffset)
    {
        var first = ReadUnconstrainedLength(out var more);
        contentBitOffset = BitOffset;
        if (!more)
        {
            return ReadOctets(first);
        }
        var parts = new List<byte[]> { ReadOctets(first) };
        long total = first;
        while (more && Ok)
        {
            var n = ReadUnconstrainedLength(out more);
            total += n;
            if (total > MaxValueOctets)
            {
                Fail(PerFailureKind.LengthBeyondInput, $"fragmented value over {MaxValueOctets} octets");
                break;
            }
            parts.Add(ReadOctets(n));
        }
        if (!Ok)
        {
            return [];
        }
        var whole = new byte[total];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(whole, at);
            at += part.Length;
        }
        return whole;
    }

    private byte[] ReadOctets(int n)
    {
        if (!Ok || n == 0)
        {
            return [];
        }
        if (n * 8L > RemainingBits)
        {
            Fail(PerFailureKind.LengthBeyondInput, $"{n} octets announced, {RemainingBits / 8} left");
            return [];
        }
        var bytes = new byte[n];
        if ((_bit & 7) == 0)
        {
            Array.Copy(_data, _start + (int)(_bit >> 3), bytes, 0, n);
            _bit += n * 8L;
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                bytes[i] = (byte)ReadBits(8);
            }
        }
        return bytes;
    }

    /// <summary>BIT STRING (X.691 16) with SIZE(lb..ub[, ...]).</summary>
    public PerBitString ReadBitString(int lb, int ub, bool extensible = false)
    {
        int n;
        if (extensible && ReadBit())
        {
            n = ReadExtendedSize();
            Align();
        }
        else if (lb == ub)
        {
            n = lb;
            if (n > 16)
            {
                Align();
            }
        }
        else
        {
            n = ReadLength(lb, ub);
            if (n > 0)
            {
                Align();
            }
        }
        if (!Ok)
        {
            return new PerBitString([], 0);
        }
        if (n > RemainingBits)
        {
            Fail(PerFailureKind.LengthBeyondInput, $"{n} bits announced, {RemainingBits} left");
            return new PerBitString([], 0);
        }
        var bytes = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i += 8)
        {
            var take = Math.Min(8, n - i);
            bytes[i / 8] = (byte)(ReadBits(take) << (8 - take));
        }
        return new PerBitString(bytes, n);
    }

    /// <summary>PrintableString (X.691 30.5: 8 bits a character ALIGNED, 7 UNALIGNED) with SIZE(lb..ub[, ...]).</summary>
    public string ReadPrintableString(int lb, int ub, bool extensible = false)
    {
        if (!Aligned)
        {
            return ReadSevenBitPrintable(lb, ub, extensible);
        }
        int n;
        if (extensible && ReadBit())
        {
            n = ReadExtendedSize();
            Align();
        }
        else if (lb == ub)
        {
            n = lb;
            if (n * 8 > 16)
            {
                Align();
            }
        }
        else
        {
            n = ReadLength(lb, ub);
            if ((long)ub * 8 > 16 && n > 0)
            {
                Align();
            }
        }
        var octets = ReadOctets(n);
        foreach (var c in octets)
        {
            if (!IsPrintable((char)c))
            {
                Fail(PerFailureKind.ConstraintViolation, $"0x{c:X2} is not a PrintableString character (X.680 41.4)");
                return "";
            }
        }
        return System.Text.Encoding.ASCII.GetString(octets);
    }

    /// <summary>X.680 Table 10: the PrintableString alphabet.</summary>
    public static bool IsPrintable(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';

    private string ReadSevenBitPrintable(int lb, int ub, bool extensible)
    {
        var n = extensible && ReadBit() ? ReadExtendedSize() : lb == ub ? lb : ReadLength(lb, ub);
        if (!Ok)
        {
            return "";
        }
        if (n * 7L > RemainingBits)
        {
            Fail(PerFailureKind.LengthBeyondInput, $"{n} characters announced, {RemainingBits} bits left");
            return "";
        }
        var chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            chars[i] = (char)ReadBits(7);
            if (!IsPrintable(chars[i]))
            {
                Fail(PerFailureKind.ConstraintViolation, $"0x{(int)chars[i]:X2} is not a PrintableString character (X.680 41.4)");
                return "";
            }
        }
        return new string(chars);
    }
}
