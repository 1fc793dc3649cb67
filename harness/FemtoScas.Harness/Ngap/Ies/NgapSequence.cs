using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// The tail most NGAP SEQUENCEs share (TS 38.413 9.4.5): an OPTIONAL <c>iE-Extensions</c>
/// ProtocolExtensionContainer and the extension marker. Extension fields are read generically
/// (id, criticality, value) and extension additions skipped, so a newer peer's IE still decodes.
/// </summary>
internal static class NgapSequence
{
    public static IReadOnlyList<ProtocolIeField> ReadTail(PerReader reader, bool extensionsPresent, bool extended)
    {
        IReadOnlyList<ProtocolIeField> fields = extensionsPresent ? ProtocolIeField.ReadList(reader, 1) : [];
        if (extended)
        {
            reader.SkipExtensionAdditions();
        }
        return fields;
    }

    public static void WriteExtensions(PerWriter writer, IReadOnlyList<ProtocolIeField>? fields)
    {
        if (fields is { Count: > 0 })
        {
            ProtocolIeField.WriteList(writer, fields, 1);
        }
    }

    /// <summary>A SEQUENCE (SIZE(lb..ub)) OF, items read by <paramref name="item"/> while the reader is well.</summary>
    public static List<T> ReadList<T>(PerReader reader, int lb, int ub, Func<PerReader, T> item, int minimumItemBits = 1) =>
        reader.ReadList(lb, ub, item, minimumItemBits);

    public static void WriteList<T>(PerWriter writer, IReadOnlyList<T> items, int lb, int ub, Action<PerWriter, T> item) =>
        writer.WriteList(items, lb, ub, item);

    public static int ReadTac(PerReader reader) => ToInt(reader.ReadOctetString(3, 3));

    public static void WriteTac(PerWriter writer, int tac) =>
        writer.WriteOctetString([(byte)(tac >> 16), (byte)(tac >> 8), (byte)tac], 3, 3);

    public static int ToInt(byte[] octets)
    {
        var value = 0;
        foreach (var b in octets)
        {
            value = value << 8 | b;
        }
        return value;
    }
}
