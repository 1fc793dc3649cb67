using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// A decoded NGAP message: the PDU header, every ProtocolIE-Field as received (unknown IEs
/// included, in order), the typed values of the IEs the harness understands, and the rule row
/// it was checked against (null for a procedure the harness has no table for).
/// </summary>
public sealed record NgapMessage(NgapPdu Pdu, NgapMessageRule? Rule, IReadOnlyList<ProtocolIeField> Ies, IReadOnlyDictionary<int, INgapIeValue> Typed)
{
    public string Name => Rule?.Name ?? $"{Pdu.Kind} procedure {Pdu.ProcedureCode}";

    /// <summary>The typed value of the first IE <paramref name="id"/>, or null when absent, untyped or undecodable.</summary>
    public T? Get<T>(int id) where T : class, INgapIeValue => Typed.GetValueOrDefault(id) as T;

    public bool Has(int id) => Ies.Any(i => i.Id == id);

    /// <summary>
    /// The message value: <c>SEQUENCE { protocolIEs ProtocolIE-Container, ... }</c> (TS 38.413 9.4.4),
    /// the same shape for every message here.
    /// </summary>
    public static byte[] EncodeValue(IReadOnlyList<ProtocolIeField> ies)
    {
        var writer = new PerWriter();
        writer.WritePreamble(true, 0, 0);
        ProtocolIeField.WriteList(writer, ies, 0);
        return writer.ToArray();
    }

    /// <summary>A complete NGAP-PDU for <paramref name="rule"/> with <paramref name="ies"/> as given (order and criticality untouched).</summary>
    public static byte[] Encode(NgapMessageRule rule, IReadOnlyList<ProtocolIeField> ies) =>
        new NgapPdu(rule.Kind, rule.ProcedureCode, rule.ProcedureCriticality, EncodeValue(ies)).ToArray();

    /// <summary>A complete NGAP-PDU for <paramref name="rule"/>, each IE with the criticality its table row gives.</summary>
    public static byte[] Encode(NgapMessageRule rule, params (int Id, INgapIeValue? Value)[] ies) =>
        Encode(rule, ies.Where(i => i.Value is not null)
            .Select(i => ProtocolIeField.Of(i.Id, rule.Ie(i.Id)?.Criticality ?? throw new ArgumentException($"IE {i.Id} is not in {rule.Name}"), i.Value!))
            .ToList());

    public override string ToString() => $"{Name}: {Ies.Count} IEs";
}
