using System.Net;
using FemtoScas.Harness.Asn1.Per;
using UpSecurityIndication = FemtoScas.Harness.Ngap.Ies.SecurityIndication;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// UPTransportLayerInformation (TS 38.413 9.3.2.2) with its only root alternative, a GTP tunnel: the N3 endpoint (an
/// IPv4 or IPv6 address, TransportLayerAddress 9.3.2.4) and its GTP-TEID (9.3.2.5).
/// <code>
/// UPTransportLayerInformation ::= CHOICE { gTPTunnel GTPTunnel, choice-Extensions }   -- 1 bit
/// GTPTunnel ::= SEQUENCE { transportLayerAddress BIT STRING (SIZE(1..160, ...)), gTP-TEID OCTET STRING (SIZE(4)), iE-Extensions OPTIONAL, ... }
/// </code>
/// A 160-bit address (IPv4 then IPv6, both offered) is read as its IPv4 part; other lengths are a failure.
/// </summary>
public sealed record GtpTunnel(IPAddress Address, uint Teid) : INgapIeValue
{
    public static GtpTunnel Read(PerReader reader)
    {
        var choice = reader.ReadChoiceIndex(2, extensible: false);
        if (reader.Ok && choice != 0) reader.Fail(PerFailureKind.Unsupported, "UPTransportLayerInformation choice-Extensions");
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var address = reader.ReadBitString(1, 160, extensible: true);
        var teid = reader.ReadOctetString(4, 4);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        var ip = IPAddress.None;
        if (reader.Ok)
        {
            switch (address.BitLength)
            {
                case 32: ip = new IPAddress(address.Bytes); break;
                case 128: ip = new IPAddress(address.Bytes); break;
                case 160: ip = new IPAddress(address.Bytes.AsSpan(0, 4)); break;
                default: reader.Fail(PerFailureKind.ConstraintViolation, $"TransportLayerAddress of {address.BitLength} bits (TS 38.413 9.3.2.4: 32, 128 or 160)"); break;
            }
        }
        return new GtpTunnel(ip, teid.Length == 4 ? (uint)NgapSequence.ToInt(teid) : 0);
    }

    public void Write(PerWriter writer)
    {
        writer.WriteChoiceIndex(0, 2, extensible: false);
        writer.WritePreamble(true, 1, 0);
        var octets = Address.GetAddressBytes();
        writer.WriteBitString(new PerBitString(octets, octets.Length * 8), 1, 160, extensible: true);
        writer.WriteOctetString([(byte)(Teid >> 24), (byte)(Teid >> 16), (byte)(Teid >> 8), (byte)Teid], 4, 4);
    }

    public override string ToString() => $"GTP tunnel {Address} TEID 0x{Teid:X8}";
}

/// <summary>PDUSessionType (TS 38.413 9.3.1.52): ENUMERATED { ipv4, ipv6, ipv4v6, ethernet, unstructured, ... }.</summary>
public enum PduSessionType
{
    Ipv4 = 0,
    Ipv6 = 1,
    Ipv4v6 = 2,
    Ethernet = 3,
    Unstructured = 4,
}

/// <summary>
/// One QosFlowSetupRequestItem (TS 38.413 9.3.4.1) with a non-dynamic (standardised) 5QI and its ARP; pre-emption is
/// never triggered nor suffered (shall-not-trigger-pre-emption, not-pre-emptable).
/// <code>
/// QosFlowSetupRequestItem ::= SEQUENCE { qosFlowIdentifier INTEGER (0..63, ...), qosFlowLevelQosParameters, e-RAB-ID INTEGER (0..15, ...) OPTIONAL, iE-Extensions OPTIONAL, ... }
/// QosFlowLevelQosParameters ::= SEQUENCE { qosCharacteristics CHOICE { nonDynamic5QI, dynamic5QI, choice-Extensions },
///     allocationAndRetentionPriority, gBR-QosInformation OPTIONAL, reflectiveQosAttribute ENUMERATED {subject-to, ...} OPTIONAL,
///     additionalQosFlowInformation ENUMERATED {more-likely, ...} OPTIONAL, iE-Extensions OPTIONAL, ... }
/// NonDynamic5QIDescriptor ::= SEQUENCE { fiveQI INTEGER (0..255, ...), priorityLevelQos OPTIONAL, averagingWindow OPTIONAL,
///     maximumDataBurstVolume OPTIONAL, iE-Extensions OPTIONAL, ... }
/// AllocationAndRetentionPriority ::= SEQUENCE { priorityLevelARP INTEGER (1..15), pre-emptionCapability ENUMERATED {2, ...},
///     pre-emptionVulnerability ENUMERATED {2, ...}, iE-Extensions OPTIONAL, ... }
/// </code>
/// Not decoded (a failure naming it): a dynamic 5QI, GBR information, the optional parts of the 5QI descriptor.
/// </summary>
public sealed record QosFlowSetupRequest(int Qfi, int FiveQi, int ArpPriority = 15)
{
    public static QosFlowSetupRequest Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 2, out var extended);
        var qfi = ReadQfi(reader);
        var qos = reader.ReadPreamble(true, 4, out var qosExtended);
        var characteristics = reader.ReadChoiceIndex(3, extensible: false);
        if (reader.Ok && characteristics != 0) reader.Fail(PerFailureKind.Unsupported, "qosCharacteristics other than nonDynamic5QI");
        var descriptor = reader.ReadPreamble(true, 4, out var descriptorExtended);
        if (reader.Ok && (descriptor & 0b1110) != 0) reader.Fail(PerFailureKind.Unsupported, "NonDynamic5QIDescriptor with priorityLevelQos, averagingWindow or maximumDataBurstVolume");
        if (reader.Ok && reader.ReadBit()) reader.Fail(PerFailureKind.Unsupported, "fiveQI outside its root range (extension)");
        var fiveQi = (int)reader.ReadConstrainedWholeNumber(0, 255);
        NgapSequence.ReadTail(reader, (descriptor & 1) != 0, descriptorExtended);
        var arpBits = reader.ReadPreamble(true, 1, out var arpExtended);
        var arp = (int)reader.ReadConstrainedWholeNumber(1, 15);
        reader.ReadEnumerated(2, extensible: true);
        reader.ReadEnumerated(2, extensible: true);
        NgapSequence.ReadTail(reader, arpBits != 0, arpExtended);
        if (reader.Ok && (qos & 0b1000) != 0) reader.Fail(PerFailureKind.Unsupported, "gBR-QosInformation");
        if ((qos & 0b0100) != 0) reader.ReadEnumerated(1, extensible: true);
        if ((qos & 0b0010) != 0) reader.ReadEnumerated(1, extensible: true);
        NgapSequence.ReadTail(reader, (qos & 1) != 0, qosExtended);
        if ((bits & 2) != 0)
        {
            if (reader.ReadBit()) reader.Fail(PerFailureKind.Unsupported, "e-RAB-ID outside its root range (extension)");
            reader.ReadConstrainedWholeNumber(0, 15);
        }
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        return new QosFlowSetupRequest(qfi, fiveQi, arp);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 2, 0);
        WriteQfi(writer, Qfi);
        writer.WritePreamble(true, 4, 0);
        writer.WriteChoiceIndex(0, 3, extensible: false);
        writer.WritePreamble(true, 4, 0);
        writer.WriteBit(false);
        writer.WriteConstrainedWholeNumber(FiveQi, 0, 255);
        writer.WritePreamble(true, 1, 0);
        writer.WriteConstrainedWholeNumber(ArpPriority, 1, 15);
        writer.WriteEnumerated(0, 2, extensible: true);
        writer.WriteEnumerated(0, 2, extensible: true);
    }

    /// <summary>QosFlowIdentifier ::= INTEGER (0..63, ...) (TS 38.413 9.3.1.51).</summary>
    internal static int ReadQfi(PerReader reader)
    {
        if (reader.ReadBit())
        {
            reader.Fail(PerFailureKind.Unsupported, "QosFlowIdentifier outside its root range (extension)");
            return 0;
        }
        return (int)reader.ReadConstrainedWholeNumber(0, 63);
    }

    internal static void WriteQfi(PerWriter writer, int qfi)
    {
        writer.WriteBit(false);
        writer.WriteConstrainedWholeNumber(qfi, 0, 63);
    }

    public override string ToString() => $"QFI {Qfi} 5QI {FiveQi} ARP {ArpPriority}";
}

/// <summary>
/// PDU Session Resource Setup Request Transfer (TS 38.413 9.3.4.1), the SMF's container the AMF carries per session:
/// the UPF's UL N3 endpoint, the session type and the QoS flows to set up.
/// <code>
/// PDUSessionResourceSetupRequestTransfer ::= SEQUENCE { protocolIEs ProtocolIE-Container, ... }
///   PDUSessionAggregateMaximumBitRate (130, reject, O), UL-NGU-UP-TNLInformation (139, reject, M), AdditionalUL-NGU-UP-TNLInformation (126, reject, O),
///   DataForwardingNotPossible (127, reject, O), PDUSessionType (134, reject, M), SecurityIndication (138, reject, O), NetworkInstance (129, reject, O),
///   QosFlowSetupRequestList (136, reject, M) SEQUENCE (SIZE(1..64)) OF QosFlowSetupRequestItem, CommonNetworkInstance (166, ignore, O), ...
/// </code>
/// Parsed leniently like a message: unknown, duplicate or missing IEs and wrong criticalities are findings.
/// </summary>
public sealed record PduSessionResourceSetupRequestTransfer(GtpTunnel UplinkTunnel, PduSessionType Type, IReadOnlyList<QosFlowSetupRequest> QosFlows)
{
    public const int PduSessionAggregateMaximumBitRate = 130;
    public const int UlNguUpTnlInformation = 139;
    public const int AdditionalUlNguUpTnlInformation = 126;
    public const int DataForwardingNotPossible = 127;
    public const int PduSessionTypeId = 134;
    public const int SecurityIndication = 138;
    public const int NetworkInstance = 129;
    public const int QosFlowSetupRequestList = 136;
    public const int CommonNetworkInstance = 166;

    /// <summary>The IE table of the container (TS 38.413 9.4.4, PDUSessionResourceSetupRequestTransferIEs), Rel-15/16 IEs.</summary>
    public static IReadOnlyList<NgapIeRule> Ies { get; } =
    [
        new(PduSessionAggregateMaximumBitRate, "PDUSessionAggregateMaximumBitRate", Criticality.Reject, false),
        new(UlNguUpTnlInformation, "UL-NGU-UP-TNLInformation", Criticality.Reject, true),
        new(AdditionalUlNguUpTnlInformation, "AdditionalUL-NGU-UP-TNLInformation", Criticality.Reject, false),
        new(DataForwardingNotPossible, "DataForwardingNotPossible", Criticality.Reject, false),
        new(PduSessionTypeId, "PDUSessionType", Criticality.Reject, true),
        new(SecurityIndication, "SecurityIndication", Criticality.Reject, false),
        new(NetworkInstance, "NetworkInstance", Criticality.Reject, false),
        new(QosFlowSetupRequestList, "QosFlowSetupRequestList", Criticality.Reject, true),
        new(CommonNetworkInstance, "CommonNetworkInstance", Criticality.Ignore, false),
    ];

    /// <summary>The SMF's UP security policy (IE 138, 9.3.1.27); null: absent (the NG-RAN node then applies its own, TS 38.413 8.2.1.2).</summary>
    public UpSecurityIndication? Security { get; init; }

    public byte[] Encode() => NgapMessage.EncodeValue(
    [
        ProtocolIeField.Of(UlNguUpTnlInformation, Criticality.Reject, UplinkTunnel),
        ProtocolIeField.Of(PduSessionTypeId, Criticality.Reject, new NgapEnumerated((int)Type, 5)),
        .. Security is { } security ? [ProtocolIeField.Of(SecurityIndication, Criticality.Reject, security)] : Array.Empty<ProtocolIeField>(),
        ProtocolIeField.Of(QosFlowSetupRequestList, Criticality.Reject, new QosFlowList(QosFlows)),
    ]);

    /// <summary>
    /// Decodes a transfer found at <paramref name="bitOffset"/> of its PDU; null when a mandatory IE is missing or does
    /// not decode, with every deviation in the findings either way.
    /// </summary>
    public static PduSessionResourceSetupRequestTransfer? Parse(byte[] transfer, long bitOffset, List<NgapFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(findings);
        var fields = NgapContainer.Read("PDUSessionResourceSetupRequestTransfer", transfer, bitOffset, Ies, "9.3.4.1", findings);
        var tunnel = NgapContainer.Decode(fields, UlNguUpTnlInformation, GtpTunnel.Read, findings);
        var type = NgapContainer.Decode(fields, PduSessionTypeId, r => new NgapEnumerated(r.ReadEnumerated(5, extensible: true), 5), findings);
        var flows = NgapContainer.Decode(fields, QosFlowSetupRequestList, QosFlowList.Read, findings);
        var security = NgapContainer.Decode(fields, SecurityIndication, UpSecurityIndication.Read, findings);
        return tunnel is null || type is null || flows is null ? null : new(tunnel, (PduSessionType)type.Value, flows.Flows) { Security = security };
    }

    /// <summary>QosFlowSetupRequestList ::= SEQUENCE (SIZE(1..maxnoofQosFlows = 64)) OF QosFlowSetupRequestItem.</summary>
    private sealed record QosFlowList(IReadOnlyList<QosFlowSetupRequest> Flows) : INgapIeValue
    {
        public static QosFlowList Read(PerReader reader) => new(NgapSequence.ReadList(reader, 1, 64, QosFlowSetupRequest.Read, 24));

        public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Flows, 1, 64, (w, f) => f.Write(w));
    }

    public override string ToString() => $"UL {UplinkTunnel}, {Type}, " + string.Join(", ", QosFlows) + (Security is { } s ? $", UP security {s}" : "");
}

/// <summary>
/// PDU Session Resource Setup Response Transfer (TS 38.413 9.3.4.2): the NG-RAN node's DL N3 endpoint and the QoS flows
/// it associated with it.
/// <code>
/// PDUSessionResourceSetupResponseTransfer ::= SEQUENCE { dLQosFlowPerTNLInformation QosFlowPerTNLInformation,
///     additionalDLQosFlowPerTNLInformation OPTIONAL, securityResult OPTIONAL, qosFlowFailedToSetupList OPTIONAL, iE-Extensions OPTIONAL, ... }
/// QosFlowPerTNLInformation ::= SEQUENCE { uPTransportLayerInformation, associatedQosFlowList, iE-Extensions OPTIONAL, ... }
/// AssociatedQosFlowList ::= SEQUENCE (SIZE(1..64)) OF SEQUENCE { qosFlowIdentifier, qosFlowMappingIndication ENUMERATED {ul, dl, ...} OPTIONAL, iE-Extensions OPTIONAL, ... }
/// </code>
/// The security result (9.3.1.59) is typed; the other optional lists (additional tunnels, failed flows) are not decoded:
/// a failure naming them.
/// </summary>
public sealed record PduSessionResourceSetupResponseTransfer(GtpTunnel DownlinkTunnel, IReadOnlyList<int> Qfis)
{
    /// <summary>Whether the node performed UP integrity / confidentiality protection (securityResult); null: absent.</summary>
    public SecurityResult? Security { get; init; }

    public byte[] Encode()
    {
        var w = new PerWriter();
        w.WritePreamble(true, 4, Security is null ? 0u : 0b0100u);
        w.WritePreamble(true, 1, 0);
        DownlinkTunnel.Write(w);
        NgapSequence.WriteList(w, Qfis, 1, 64, (x, qfi) =>
        {
            x.WritePreamble(true, 2, 0);
            QosFlowSetupRequest.WriteQfi(x, qfi);
        });
        Security?.Write(w);
        return w.ToArray();
    }

    public static PduSessionResourceSetupResponseTransfer Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 4, out var extended);
        if (reader.Ok && (bits & 0b1010) != 0) reader.Fail(PerFailureKind.Unsupported, "additionalDLQosFlowPerTNLInformation or qosFlowFailedToSetupList");
        var inner = reader.ReadPreamble(true, 1, out var innerExtended);
        var tunnel = GtpTunnel.Read(reader);
        var qfis = NgapSequence.ReadList(reader, 1, 64, r =>
        {
            var b = r.ReadPreamble(true, 2, out var e);
            var qfi = QosFlowSetupRequest.ReadQfi(r);
            if ((b & 2) != 0) r.ReadEnumerated(2, extensible: true);
            NgapSequence.ReadTail(r, (b & 1) != 0, e);
            return qfi;
        }, 8);
        NgapSequence.ReadTail(reader, inner != 0, innerExtended);
        var security = (bits & 0b0100) != 0 && reader.Ok ? SecurityResult.Read(reader) : null;
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        return new PduSessionResourceSetupResponseTransfer(tunnel, qfis) { Security = security };
    }

    /// <summary>Decodes a transfer at <paramref name="bitOffset"/> of its PDU; null with a finding when it does not decode.</summary>
    public static PduSessionResourceSetupResponseTransfer? Parse(byte[] transfer, long bitOffset, List<NgapFinding> findings) =>
        NgapContainer.DecodeWhole(transfer, bitOffset, Read, "PDUSessionResourceSetupResponseTransfer", findings);

    public override string ToString() => $"DL {DownlinkTunnel}, QFI " + string.Join(", ", Qfis) + (Security is { } s ? $", security result {s}" : "");
}

/// <summary>
/// The small per-session transfers that carry a cause or nothing (TS 38.413 9.3.4.x), written field by field:
/// <code>
/// PDUSessionResourceSetupUnsuccessfulTransfer ::= SEQUENCE { cause Cause, criticalityDiagnostics OPTIONAL, iE-Extensions OPTIONAL, ... }
/// PDUSessionResourceReleaseCommandTransfer ::= SEQUENCE { cause Cause, iE-Extensions OPTIONAL, ... }
/// PDUSessionResourceReleaseResponseTransfer ::= SEQUENCE { iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public static class PduSessionTransfers
{
    public static byte[] SetupUnsuccessful(Cause cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var w = new PerWriter();
        w.WritePreamble(true, 2, 0);
        cause.Write(w);
        return w.ToArray();
    }

    public static Cause? ParseSetupUnsuccessful(byte[] transfer, long bitOffset, List<NgapFinding> findings) =>
        NgapContainer.DecodeWhole(transfer, bitOffset, r =>
        {
            var bits = r.ReadPreamble(true, 2, out var extended);
            var cause = Cause.Read(r);
            if (r.Ok && (bits & 2) != 0) r.Fail(PerFailureKind.Unsupported, "criticalityDiagnostics");
            NgapSequence.ReadTail(r, (bits & 1) != 0, extended);
            return cause;
        }, "PDUSessionResourceSetupUnsuccessfulTransfer", findings);

    public static byte[] ReleaseCommand(Cause cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var w = new PerWriter();
        w.WritePreamble(true, 1, 0);
        cause.Write(w);
        return w.ToArray();
    }

    public static Cause? ParseReleaseCommand(byte[] transfer, long bitOffset, List<NgapFinding> findings) =>
        NgapContainer.DecodeWhole(transfer, bitOffset, r =>
        {
            var bits = r.ReadPreamble(true, 1, out var extended);
            var cause = Cause.Read(r);
            NgapSequence.ReadTail(r, bits != 0, extended);
            return cause;
        }, "PDUSessionResourceReleaseCommandTransfer", findings);

    public static byte[] ReleaseResponse()
    {
        var w = new PerWriter();
        w.WritePreamble(true, 1, 0);
        return w.ToArray();
    }
}

/// <summary>
/// The lists of PDU session resources whose items are a PDU session ID, optionally a NAS-PDU and an S-NSSAI, and the
/// session's transfer as an OCTET STRING (TS 38.413 9.2.1): one record, the IE id telling which list it is.
/// <code>
/// PDUSessionResourceSetupListSUReq (74) ::= SEQUENCE (SIZE(1..256)) OF SEQUENCE { pDUSessionID INTEGER (0..255), pDUSessionNAS-PDU NAS-PDU OPTIONAL,
///     s-NSSAI S-NSSAI, pDUSessionResourceSetupRequestTransfer OCTET STRING, iE-Extensions OPTIONAL, ... }
/// PDUSessionResourceSetupListSURes (75), PDUSessionResourceFailedToSetupListSURes (58), PDUSessionResourceToReleaseListRelCmd (79),
/// PDUSessionResourceReleasedListRelRes (70) ::= SEQUENCE (SIZE(1..256)) OF SEQUENCE { pDUSessionID, transfer OCTET STRING, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record PduSessionResourceList(IReadOnlyList<PduSessionResourceItem> Items, bool WithSliceAndNas = false) : INgapIeValue
{
    public static PduSessionResourceList ReadSetupRequest(PerReader reader) =>
        new(NgapSequence.ReadList(reader, 1, 256, r =>
        {
            var bits = r.ReadPreamble(true, 2, out var extended);
            var id = (int)r.ReadConstrainedWholeNumber(0, 255);
            var nas = (bits & 2) != 0 ? r.ReadOctetString() : null;
            var slice = SNssai.Read(r);
            var transfer = r.ReadOctetString();
            var at = r.BitOffset - transfer.Length * 8L;
            NgapSequence.ReadTail(r, (bits & 1) != 0, extended);
            return new PduSessionResourceItem(id, transfer, slice, nas) { TransferBitOffset = at };
        }, 24), WithSliceAndNas: true);

    public static PduSessionResourceList Read(PerReader reader) =>
        new(NgapSequence.ReadList(reader, 1, 256, r =>
        {
            var bits = r.ReadPreamble(true, 1, out var extended);
            var id = (int)r.ReadConstrainedWholeNumber(0, 255);
            var transfer = r.ReadOctetString();
            var at = r.BitOffset - transfer.Length * 8L;
            NgapSequence.ReadTail(r, bits != 0, extended);
            return new PduSessionResourceItem(id, transfer) { TransferBitOffset = at };
        }, 16));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 256, (w, i) =>
    {
        if (WithSliceAndNas)
        {
            w.WritePreamble(true, 2, i.NasPdu is null ? 0u : 2u);
            w.WriteConstrainedWholeNumber(i.PduSessionId, 0, 255);
            if (i.NasPdu is { } nas) w.WriteOctetString(nas);
            (i.Slice ?? throw new InvalidOperationException($"PDU session {i.PduSessionId} of a setup request has no S-NSSAI")).Write(w);
        }
        else
        {
            w.WritePreamble(true, 1, 0);
            w.WriteConstrainedWholeNumber(i.PduSessionId, 0, 255);
        }
        w.WriteOctetString(i.Transfer);
    });

    public override string ToString() => "PDU sessions " + string.Join(", ", Items.Select(i => i.PduSessionId));
}

/// <summary>One PDU session of a <see cref="PduSessionResourceList"/>; <see cref="TransferBitOffset"/> is where its transfer starts in the PDU (0 when built).</summary>
public sealed record PduSessionResourceItem(int PduSessionId, byte[] Transfer, SNssai? Slice = null, byte[]? NasPdu = null)
{
    public long TransferBitOffset { get; init; }
}

/// <summary>
/// A ProtocolIE-Container that is not a message (the PDU session transfers, TS 38.413 9.3.4), read and checked against
/// its IE table like <see cref="NgapMessageParser"/> checks a message; and whole-value decoding with a finding on failure.
/// </summary>
internal static class NgapContainer
{
    public static List<ProtocolIeField> Read(string name, byte[] contents, long bitOffset, IReadOnlyList<NgapIeRule> rules, string clause, List<NgapFinding> findings)
    {
        var reader = PerReader.At(contents, bitOffset);
        reader.ReadPreamble(true, 0, out var extended);
        var fields = ProtocolIeField.ReadList(reader, 0);
        if (extended && reader.Ok) reader.SkipExtensionAdditions();
        if (!reader.Ok)
        {
            findings.Add(new NgapFinding(reader.Failure!.BitOffset, $"{name}: protocolIEs do not decode after {fields.Count} IEs: {reader.Failure.Kind}: {reader.Failure.Detail}", "TS 38.413 10.2"));
        }
        else if (!reader.AtEnd)
        {
            findings.Add(new NgapFinding(reader.BitOffset, $"{name}: {reader.RemainingBits / 8} octets after the protocolIEs", "TS 38.413 10.2"));
        }
        var seen = new HashSet<int>();
        foreach (var field in fields)
        {
            var row = rules.FirstOrDefault(r => r.Id == field.Id);
            if (row is null)
                findings.Add(new NgapFinding(field.ValueBitOffset, $"{name}: IE {field.Id} ({field.Criticality}) is not in the container's table", "TS 38.413 10.3"));
            else if (row.Criticality != field.Criticality)
                findings.Add(new NgapFinding(field.ValueBitOffset, $"{name}: {row.Name} with criticality {field.Criticality}, expected {row.Criticality}", $"TS 38.413 {clause}"));
            if (!seen.Add(field.Id))
                findings.Add(new NgapFinding(field.ValueBitOffset, $"{name}: IE {row?.Name ?? field.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)} more than once", "TS 38.413 10.3"));
        }
        if (reader.Ok)
        {
            foreach (var row in rules.Where(r => r.Mandatory && !seen.Contains(r.Id)))
                findings.Add(new NgapFinding(bitOffset, $"{name}: mandatory {row.Name} (IE {row.Id}) missing", $"TS 38.413 {clause}"));
        }
        return fields;
    }

    /// <summary>The first field <paramref name="id"/> decoded by <paramref name="read"/>; null (with a finding when present but undecodable) otherwise.</summary>
    public static T? Decode<T>(List<ProtocolIeField> fields, int id, Func<PerReader, T> read, List<NgapFinding> findings) where T : class
    {
        if (fields.FirstOrDefault(f => f.Id == id) is not { } field) return null;
        var reader = field.ValueReader();
        var value = read(reader);
        if (!reader.Ok)
        {
            findings.Add(new NgapFinding(reader.Failure!.BitOffset, $"IE {id} value does not decode: {reader.Failure.Kind}: {reader.Failure.Detail}", "TS 38.413 10.2"));
            return null;
        }
        if (!reader.AtEnd) findings.Add(new NgapFinding(reader.BitOffset, $"IE {id}: {reader.RemainingBits / 8} octets after its value", "TS 38.413 10.2"));
        return value;
    }

    /// <summary>Decodes the whole of <paramref name="contents"/> with <paramref name="read"/>; null with a finding when it fails.</summary>
    public static T? DecodeWhole<T>(byte[] contents, long bitOffset, Func<PerReader, T> read, string name, List<NgapFinding> findings) where T : class
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(findings);
        var reader = PerReader.At(contents, bitOffset);
        var value = read(reader);
        if (!reader.Ok)
        {
            findings.Add(new NgapFinding(reader.Failure!.BitOffset, $"{name} does not decode: {reader.Failure.Kind}: {reader.Failure.Detail}", "TS 38.413 10.2"));
            return null;
        }
        if (!reader.AtEnd) findings.Add(new NgapFinding(reader.BitOffset, $"{name}: {reader.RemainingBits / 8} octets after its value", "TS 38.413 10.2"));
        return value;
    }
}
