using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// One ProtocolIE-Field or ProtocolExtensionField (TS 38.413 9.4.6 NGAP-Containers), kept generic
/// so IEs this harness does not type survive a decode and re-encode unchanged.
/// <code>
/// ProtocolIE-Field ::= SEQUENCE {
///     id           ProtocolIE-ID,    -- INTEGER (0..65535): two aligned octets
///     criticality  Criticality,      -- 2 bits
///     value        OPEN TYPE }       -- length determinant + the IE's encoding
/// </code>
/// </summary>
public sealed record ProtocolIeField(int Id, Criticality Criticality, byte[] Value, long ValueBitOffset = 0)
{
    /// <summary>A field whose value is written by <paramref name="value"/>.</summary>
    public static ProtocolIeField Of(int id, Criticality criticality, INgapIeValue value)
    {
        var writer = new PerWriter();
        value.Write(writer);
        return new ProtocolIeField(id, criticality, writer.ToArray());
    }

    /// <summary>A reader over the value; bit offsets stay those of the PDU.</summary>
    public PerReader ValueReader() => PerReader.At(Value, ValueBitOffset);

    /// <summary>
    /// ProtocolIE-Container (SIZE (0..maxProtocolIEs)) or ProtocolExtensionContainer (SIZE (1..maxProtocolExtensions)):
    /// maxProtocolIEs = maxProtocolExtensions = 65535, so the count is two aligned octets.
    /// Fields read before a failure are returned with it.
    /// </summary>
    public static List<ProtocolIeField> ReadList(PerReader reader, int lowerBound)
    {
        var count = reader.ReadCount(lowerBound, 65535, minimumItemBits: 32);
        var fields = new List<ProtocolIeField>();
        for (int i = 0; i < count && reader.Ok; i++)
        {
            var id = (int)reader.ReadConstrainedWholeNumber(0, 65535);
            var criticality = reader.ReadEnumerated(3, extensible: false);
            var value = reader.ReadOpenType(out var at);
            if (reader.Ok && criticality > 2)
            {
                reader.Fail(PerFailureKind.ConstraintViolation, $"criticality {criticality} of IE {id}");
            }
            if (reader.Ok)
            {
                fields.Add(new ProtocolIeField(id, (Criticality)criticality, value, at));
            }
        }
        return fields;
    }

    public static void WriteList(PerWriter writer, IReadOnlyList<ProtocolIeField> fields, int lowerBound)
    {
        writer.WriteCount(fields.Count, lowerBound, 65535);
        foreach (var field in fields)
        {
            writer.WriteConstrainedWholeNumber(field.Id, 0, 65535);
            writer.WriteEnumerated((int)field.Criticality, 3, extensible: false);
            writer.WriteOpenType(field.Value);
        }
    }

    public override string ToString() => $"IE {Id} ({Criticality}), {Value.Length} octets";
}

/// <summary>A typed IE value (or a component of one) that writes its own ALIGNED PER encoding.</summary>
public interface INgapIeValue
{
    void Write(PerWriter writer);
}
