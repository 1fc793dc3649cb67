using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap;

/// <summary>What <see cref="NgapMessageParser.Parse"/> made of a PDU: the message (null when even the header did not decode) and every deviation found.</summary>
public sealed record NgapParseResult(NgapMessage? Message, IReadOnlyList<NgapFinding> Findings);

/// <summary>
/// Lenient NGAP decoding with findings (TS 38.413 10: handling of unknown, unforeseen and
/// erroneous protocol data). Decoding goes as far as the octets allow; every deviation is a
/// finding with its bit offset: transfer syntax errors (10.2), an IE not in the message's table,
/// an IE more than once, a missing mandatory IE, a wrong criticality (10.3), an IE value that does
/// not decode or has octets left over. Nothing escapes; a PDU of any size costs one pass.
/// </summary>
public static class NgapMessageParser
{
    private const string TransferSyntax = "TS 38.413 10.2";
    private const string AbstractSyntax = "TS 38.413 10.3";

    public static NgapParseResult Parse(byte[] pdu)
    {
        var findings = new List<NgapFinding>();
        var reader = new PerReader(pdu);
        var header = NgapPdu.Read(reader);
        if (header is null)
        {
            findings.Add(new NgapFinding(reader.Failure!.BitOffset, $"NGAP-PDU does not decode: {reader.Failure.Kind}: {reader.Failure.Detail}", TransferSyntax));
            return new NgapParseResult(null, findings);
        }
        if (!reader.AtEnd)
        {
            findings.Add(new NgapFinding(reader.BitOffset, $"{reader.RemainingBits / 8} octets after the NGAP-PDU", TransferSyntax));
        }

        var valueReader = PerReader.At(header.Value, header.ValueBitOffset);
        valueReader.ReadPreamble(true, 0, out var extended);
        var ies = ProtocolIeField.ReadList(valueReader, 0);
        if (extended && valueReader.Ok)
        {
            valueReader.SkipExtensionAdditions();
        }
        if (!valueReader.Ok)
        {
            var f = valueReader.Failure!;
            findings.Add(new NgapFinding(f.BitOffset, $"protocolIEs do not decode after {ies.Count} IEs: {f.Kind}: {f.Detail}", TransferSyntax));
        }
        else if (!valueReader.AtEnd)
        {
            findings.Add(new NgapFinding(valueReader.BitOffset, $"{valueReader.RemainingBits / 8} octets after the protocolIEs", TransferSyntax));
        }

        var rule = NgapMessageRules.Find(header.Kind, header.ProcedureCode);
        if (rule is null)
        {
            findings.Add(new NgapFinding(8, $"{header.Kind} of procedure {header.ProcedureCode}: not a message this harness has a table for", AbstractSyntax));
        }
        else
        {
            CheckAgainst(rule, header, ies, valueReader.Ok, findings);
        }

        var typed = new Dictionary<int, INgapIeValue>();
        foreach (var field in ies)
        {
            if (typed.ContainsKey(field.Id) || !NgapIeCodecs.IsTyped(field.Id))
            {
                continue;
            }
            var value = NgapIeCodecs.Decode(field, out var failure, out var trailing);
            if (failure is not null)
            {
                findings.Add(new NgapFinding(failure.BitOffset, $"IE {field.Id} value does not decode: {failure.Kind}: {failure.Detail}", TransferSyntax));
                continue;
            }
            if (trailing > 0)
            {
                findings.Add(new NgapFinding(field.ValueBitOffset + (field.Value.Length - trailing) * 8L, $"IE {field.Id}: {trailing} octets after its value", TransferSyntax));
            }
            typed[field.Id] = value!;
        }
        return new NgapParseResult(new NgapMessage(header, rule, ies, typed), findings);
    }

    private static void CheckAgainst(NgapMessageRule rule, NgapPdu header, List<ProtocolIeField> ies, bool complete, List<NgapFinding> findings)
    {
        var clause = $"TS 38.413 {rule.Clause}";
        if (header.Criticality != rule.ProcedureCriticality)
        {
            findings.Add(new NgapFinding(16, $"{rule.Name}: procedure criticality {header.Criticality}, expected {rule.ProcedureCriticality}", "TS 38.413 9.4.3"));
        }
        var seen = new HashSet<int>();
        foreach (var field in ies)
        {
            var at = field.ValueBitOffset;
            var row = rule.Ie(field.Id);
            if (row is null)
            {
                findings.Add(new NgapFinding(at, $"{rule.Name}: IE {field.Id} ({field.Criticality}) is not in the message's table", AbstractSyntax));
            }
            else if (field.Criticality != row.Criticality)
            {
                findings.Add(new NgapFinding(at, $"{rule.Name}: {row.Name} with criticality {field.Criticality}, expected {row.Criticality}", clause));
            }
            if (!seen.Add(field.Id))
            {
                findings.Add(new NgapFinding(at, $"{rule.Name}: IE {row?.Name ?? field.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)} more than once", AbstractSyntax));
            }
        }
        if (!complete)
        {
            return; // a truncated container would report every later IE as missing
        }
        foreach (var row in rule.Ies.Where(r => r.Mandatory && !seen.Contains(r.Id)))
        {
            findings.Add(new NgapFinding(header.ValueBitOffset, $"{rule.Name}: mandatory {row.Name} (IE {row.Id}) missing", clause));
        }
    }
}
