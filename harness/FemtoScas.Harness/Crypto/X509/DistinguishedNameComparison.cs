using System.Formats.Asn1;
using System.Text;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// How two DER Names compared: whether they name the same entity (RFC 5280 7.1), whether their
/// encodings are identical, and in words what differs (an RDN, an attribute, an encoding).
/// </summary>
internal sealed record DnComparison(bool SameName, bool ByteIdentical, string Detail);

/// <summary>
/// Distinguished-name comparison as RFC 5280 7.1 asks: the same number of RDNs in the same order,
/// each RDN holding the same set of attribute types with matching values. Values that are both
/// PrintableString or UTF8String (either way round) are compared after the basics of LDAP string
/// preparation (RFC 4518 2: transcoding to Unicode, case folding, mapping of space characters and
/// insignificant space handling). Gap: NFKC normalisation (RFC 4518 2.3) is not applied, since the
/// project runs with invariant globalization, where .NET does not normalise non-ASCII text; two
/// values that differ only in Unicode normal form compare as different. domainComponent values (IA5String) compare case-insensitively (RFC 5280 7.3);
/// every other value is compared byte for byte. Parsing is bounded by the input: a Name that is
/// not DER gives a detail naming where it breaks, never an exception.
/// </summary>
internal static class DistinguishedNameComparison
{
    private const string DomainComponent = "0.9.2342.19200300.100.1.25";

    /// <summary>One attribute of an RDN: type, the value's tag and its full encoding, and the prepared text when it is a string.</summary>
    private sealed record Ava(string Type, Asn1Tag Tag, byte[] Encoded, string? Text);

    public static DnComparison Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.SequenceEqual(right)) return new DnComparison(true, true, "identical encodings");
        var (a, problemA) = Parse(left.ToArray());
        var (b, problemB) = Parse(right.ToArray());
        if (a is null) return new DnComparison(false, false, $"the first name is not a DER Name ({problemA})");
        if (b is null) return new DnComparison(false, false, $"the second name is not a DER Name ({problemB})");
        if (a.Count != b.Count) return new DnComparison(false, false, $"{a.Count} RDNs against {b.Count}");

        var encodings = new List<string>();
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Count != b[i].Count) return new DnComparison(false, false, $"RDN {i + 1} holds {a[i].Count} attributes against {b[i].Count}");
            foreach (var ava in a[i])
            {
                var match = b[i].FirstOrDefault(o => o.Type == ava.Type && ValuesMatch(ava, o));
                if (match is null)
                    return new DnComparison(false, false, $"RDN {i + 1}: no attribute {Name(ava.Type)} with a matching value ({Show(ava)})");
                if (!match.Encoded.AsSpan().SequenceEqual(ava.Encoded))
                    encodings.Add($"{Name(ava.Type)} as {TagName(ava.Tag)} '{ava.Text}' against {TagName(match.Tag)} '{match.Text}'");
            }
        }
        return new DnComparison(true, false, encodings.Count > 0
            ? "the same name, encoded differently: " + string.Join("; ", encodings)
            : "the same name, encoded differently (attribute order within an RDN or length form)");
    }

    private static bool ValuesMatch(Ava x, Ava y)
    {
        if (x.Text is not null && y.Text is not null && IsPreparedString(x.Tag) && IsPreparedString(y.Tag))
            return Prepare(x.Text) == Prepare(y.Text);
        if (x.Type == DomainComponent && x.Text is not null && y.Text is not null && x.Tag == y.Tag)
            return string.Equals(x.Text, y.Text, StringComparison.OrdinalIgnoreCase);
        return x.Encoded.AsSpan().SequenceEqual(y.Encoded);
    }

    private static bool IsPreparedString(Asn1Tag tag) =>
        tag == new Asn1Tag(UniversalTagNumber.UTF8String) || tag == new Asn1Tag(UniversalTagNumber.PrintableString);

    /// <summary>RFC 4518 2 in its basic steps: case folding (2.4), spaces (2.2, 2.6.1); not NFKC (see the class).</summary>
    internal static string Prepare(string value)
    {
        var folded = value.ToUpperInvariant().ToLowerInvariant();
        var text = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            // 2.2 maps the other Unicode spaces to SPACE; 2.6.1 drops leading and trailing spaces and
            // treats a run of spaces inside as one.
            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }
            if (space) text.Append(' ');
            space = false;
            text.Append(c);
        }
        return text.ToString();
    }

    private static (List<List<Ava>>? Rdns, string? Problem) Parse(byte[] der)
    {
        try
        {
            var rdns = new List<List<Ava>>();
            var name = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = name.ReadSequence();
            if (name.HasData) return (null, "bytes after the Name");
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf(skipSortOrderValidation: true);
                var avas = new List<Ava>();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    var encoded = attribute.ReadEncodedValue().ToArray();
                    if (attribute.HasData) return (null, $"attribute {Name(type)} has more than a type and a value");
                    avas.Add(new Ava(type, tag, encoded, Text(tag, encoded)));
                }
                if (avas.Count == 0) return (null, $"RDN {rdns.Count + 1} is empty");
                rdns.Add(avas);
            }
            return (rdns, null);
        }
        catch (AsnContentException e)
        {
            return (null, e.Message);
        }
    }

    private static string? Text(Asn1Tag tag, byte[] encoded)
    {
        UniversalTagNumber? kind = tag.TagClass != TagClass.Universal ? null : tag.TagValue switch
        {
            (int)UniversalTagNumber.UTF8String => UniversalTagNumber.UTF8String,
            (int)UniversalTagNumber.PrintableString => UniversalTagNumber.PrintableString,
            (int)UniversalTagNumber.IA5String => UniversalTagNumber.IA5String,
            (int)UniversalTagNumber.BMPString => UniversalTagNumber.BMPString,
            _ => null,
        };
        if (kind is not { } k) return null;
        try
        {
            return AsnDecoder.ReadCharacterString(encoded, AsnEncodingRules.DER, k, out _);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static string TagName(Asn1Tag tag) => tag.TagClass == TagClass.Universal
        ? ((UniversalTagNumber)tag.TagValue).ToString()
        : $"[{tag.TagClass} {tag.TagValue}]";

    private static string Show(Ava ava) => ava.Text is { } text ? $"{TagName(ava.Tag)} '{text}'" : $"{TagName(ava.Tag)} 0x{Convert.ToHexString(ava.Encoded)}";

    private static string Name(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        DomainComponent => "DC",
        _ => oid,
    };
}
