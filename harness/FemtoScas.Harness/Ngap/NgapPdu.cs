using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// NGAP-PDU (TS 38.413 9.4.3): the outer CHOICE and its message header.
/// <code>
/// NGAP-PDU ::= CHOICE { initiatingMessage, successfulOutcome, unsuccessfulOutcome, ... }
/// InitiatingMessage ::= SEQUENCE {            -- same shape for both outcomes
///     procedureCode  ProcedureCode,           -- INTEGER (0..255): one aligned octet
///     criticality    Criticality,             -- 2 bits
///     value          OPEN TYPE }              -- length determinant + the message's encoding
/// </code>
/// <see cref="Value"/> is the message's own encoding (SEQUENCE { protocolIEs, ... }), kept as
/// received; <see cref="ValueBitOffset"/> is where it starts in the PDU.
/// </summary>
public sealed record NgapPdu(NgapPduKind Kind, int ProcedureCode, Criticality Criticality, byte[] Value, long ValueBitOffset = 0)
{
    /// <summary>Decodes the header; a null PDU comes with the failure that stopped it.</summary>
    public static NgapPdu? Read(PerReader reader)
    {
        var kind = reader.ReadChoiceIndex(3, extensible: true);
        if (reader.Ok && kind > 2)
        {
            reader.Fail(PerFailureKind.UnknownAlternative, $"NGAP-PDU extension alternative {kind}");
            return null;
        }
        var code = (int)reader.ReadConstrainedWholeNumber(0, 255);
        var criticality = reader.ReadEnumerated(3, extensible: false);
        var value = reader.ReadOpenType(out var at);
        if (reader.Ok && criticality > 2)
        {
            reader.Fail(PerFailureKind.ConstraintViolation, $"criticality {criticality}");
        }
        return reader.Ok ? new NgapPdu((NgapPduKind)kind, code, (Criticality)criticality, value, at) : null;
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex((int)Kind, 3, extensible: true);
        writer.WriteConstrainedWholeNumber(ProcedureCode, 0, 255);
        writer.WriteEnumerated((int)Criticality, 3, extensible: false);
        writer.WriteOpenType(Value);
    }

    public byte[] ToArray()
    {
        var writer = new PerWriter();
        Write(writer);
        return writer.ToArray();
    }

    public override string ToString() => $"{Kind} procedure {ProcedureCode} ({Criticality}), {Value.Length} octets";
}
