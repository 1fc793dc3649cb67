namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// One BER-TLV data object (ISO/IEC 7816-4 clause 5.2, ITU-T X.690 subset). <see cref="Tag"/> holds
/// the tag bytes big-endian (e.g. 0x62, 0x5F2D). Constructed objects carry their children.
/// Offsets are relative to the buffer given to <see cref="BerTlv.Parse"/>.
/// </summary>
public sealed record TlvNode(uint Tag, int Offset, ReadOnlyMemory<byte> Value, IReadOnlyList<TlvNode> Children)
{
    public bool IsConstructed => (FirstTagByte & 0x20) != 0;

    private byte FirstTagByte
    {
        get
        {
            var t = Tag;
            while (t > 0xFF)
            {
                t >>= 8;
            }
            return (byte)t;
        }
    }

    public TlvNode? Find(uint tag) => Children.FirstOrDefault(c => c.Tag == tag);
}

/// <summary>
/// Lenient BER-TLV reader: definite short and long lengths up to 3 length bytes; padding bytes
/// '00' and 'FF' between objects are skipped (ISO/IEC 7816-4 5.2); anything else malformed stops
/// the current level with a finding, keeping whatever parsed before it.
/// </summary>
public static class BerTlv
{
    private const string Clause = "ISO/IEC 7816-4 5.2";
    private const int MaxDepth = 16;

    public static IReadOnlyList<TlvNode> Parse(ReadOnlyMemory<byte> buffer, List<ParseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return ParseLevel(buffer, 0, 0, findings);
    }

    private static List<TlvNode> ParseLevel(ReadOnlyMemory<byte> buffer, int baseOffset, int depth, List<ParseFinding> findings)
    {
        var nodes = new List<TlvNode>();
        var span = buffer.Span;
        var i = 0;
        while (i < span.Length)
        {
            if (span[i] is 0x00 or 0xFF)
            {
                i++;
                continue;
            }
            var start = i;
            uint tag = span[i++];
            if ((tag & 0x1F) == 0x1F)
            {
                var tagBytes = 1;
                do
                {
                    if (i >= span.Length)
                    {
                        findings.Add(new ParseFinding(baseOffset + start, "tag runs past the end of the data", Clause));
                        return nodes;
                    }
                    if (++tagBytes > 4)
                    {
                        findings.Add(new ParseFinding(baseOffset + start, "tag longer than 4 bytes", Clause));
                        return nodes;
                    }
                    tag = (tag << 8) | span[i];
                }
                while ((span[i++] & 0x80) != 0);
            }
            if (i >= span.Length)
            {
                findings.Add(new ParseFinding(baseOffset + start, $"tag {tag:X2} has no length", Clause));
                return nodes;
            }
            int length = span[i++];
            if (length == 0x80)
            {
                findings.Add(new ParseFinding(baseOffset + i - 1, "indefinite length is not allowed", Clause));
                return nodes;
            }
            if (length > 0x80)
            {
                var count = length & 0x7F;
                if (count > 3 || i + count > span.Length)
                {
                    findings.Add(new ParseFinding(baseOffset + i - 1, $"length field of {count} bytes is invalid or truncated", Clause));
                    return nodes;
                }
                length = 0;
                for (var k = 0; k < count; k++)
                {
                    length = (length << 8) | span[i++];
                }
            }
            if (i + length > span.Length)
            {
                findings.Add(new ParseFinding(baseOffset + start, $"tag {tag:X2} declares {length} bytes but {span.Length - i} remain", Clause));
                return nodes;
            }
            var value = buffer.Slice(i, length);
            var constructed = (FirstByte(tag) & 0x20) != 0;
            IReadOnlyList<TlvNode> children = [];
            if (constructed)
            {
                if (depth >= MaxDepth)
                {
                    findings.Add(new ParseFinding(baseOffset + start, $"nesting deeper than {MaxDepth}", Clause));
                }
                else
                {
                    children = ParseLevel(value, baseOffset + i, depth + 1, findings);
                }
            }
            nodes.Add(new TlvNode(tag, baseOffset + start, value, children));
            i += length;
        }
        return nodes;
    }

    private static byte FirstByte(uint tag)
    {
        while (tag > 0xFF)
        {
            tag >>= 8;
        }
        return (byte)tag;
    }

    /// <summary>Encodes one primitive or constructed object (definite length).</summary>
    public static byte[] Encode(uint tag, ReadOnlySpan<byte> value)
    {
        var output = new List<byte>();
        var tagBytes = new List<byte>();
        for (var t = tag; t != 0; t >>= 8)
        {
            tagBytes.Insert(0, (byte)t);
        }
        if (tagBytes.Count == 0)
        {
            tagBytes.Add(0);
        }
        output.AddRange(tagBytes);
        var length = value.Length;
        if (length < 0x80)
        {
            output.Add((byte)length);
        }
        else if (length <= 0xFF)
        {
            output.Add(0x81);
            output.Add((byte)length);
        }
        else
        {
            output.Add(0x82);
            output.Add((byte)(length >> 8));
            output.Add((byte)length);
        }
        output.AddRange(value);
        return [.. output];
    }
}
