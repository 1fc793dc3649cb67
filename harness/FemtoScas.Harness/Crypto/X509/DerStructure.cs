namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// A shallow X.690 DER walk that finds the first structural fault (bad length, element running
/// past its parent, indefinite length, trailing bytes) and its byte offset. The ASN.1 library
/// only says "failed"; a lab needs to know where a device's certificate is broken.
/// </summary>
internal static class DerStructure
{
    private const int MaxDepth = 32;

    /// <summary>Null when <paramref name="der"/> is one well-nested DER element starting with SEQUENCE.</summary>
    public static DerProblem? FindProblem(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
            return new DerProblem(0, "empty input where a DER SEQUENCE was expected");
        if (der[0] != 0x30)
            return new DerProblem(0, $"expected a SEQUENCE (tag 0x30), found tag 0x{der[0]:X2}");
        var problem = Walk(der, 0, der.Length, 0, out var end);
        if (problem is not null)
            return problem;
        return end != der.Length ? new DerProblem(end, $"{der.Length - end} bytes follow the end of the outer SEQUENCE") : null;
    }

    /// <summary>Walks the single element at <paramref name="start"/>; <paramref name="end"/> is where it stops.</summary>
    private static DerProblem? Walk(ReadOnlySpan<byte> der, int start, int limit, int depth, out int end)
    {
        end = start;
        if (depth > MaxDepth)
            return new DerProblem(start, $"nesting deeper than {MaxDepth} levels");
        var pos = start;
        var tag = der[pos++];
        if ((tag & 0x1F) == 0x1F)
        {
            // X.690 8.1.2.4: high tag numbers continue while bit 8 is set.
            while (pos < limit && (der[pos] & 0x80) != 0) pos++;
            pos++;
            if (pos > limit)
                return new DerProblem(start, "tag runs past the end of its enclosing element");
        }
        if (pos >= limit)
            return new DerProblem(pos, "length octets missing");
        int length;
        var first = der[pos++];
        if (first < 0x80)
            length = first;
        else if (first == 0x80)
            return new DerProblem(pos - 1, "indefinite length is not allowed in DER (X.690 10.1)");
        else
        {
            var count = first & 0x7F;
            if (count > 4)
                return new DerProblem(pos - 1, $"length uses {count} octets, more than any certificate needs");
            if (pos + count > limit)
                return new DerProblem(pos - 1, "length octets run past the end of the enclosing element");
            long value = 0;
            for (var i = 0; i < count; i++)
                value = (value << 8) | der[pos++];
            if (value > int.MaxValue)
                return new DerProblem(pos - count - 1, $"length {value} is out of range");
            length = (int)value;
        }
        if ((long)pos + length > limit)
            return new DerProblem(start, $"element declares {length} content bytes but only {limit - pos} remain");
        var contentEnd = pos + length;
        if ((tag & 0x20) != 0)
        {
            // Constructed: every child must fit exactly inside this element.
            while (pos < contentEnd)
            {
                var problem = Walk(der, pos, contentEnd, depth + 1, out var childEnd);
                if (problem is not null)
                    return problem;
                pos = childEnd;
            }
        }
        end = contentEnd;
        return null;
    }
}
