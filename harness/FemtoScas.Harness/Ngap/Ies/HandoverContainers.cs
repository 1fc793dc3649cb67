using System.Net;
using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// The minimal but complete inner PDUs a handover into a cell needs (TS 38.413 9.3.4.1, 9.3.4.11, 9.3.1.29/30), each
/// written field by field with the PER engine, never as a byte template. They are what the harness AMF (HANDOVER
/// REQUEST) and SimFemto's target cell (HANDOVER REQUEST ACKNOWLEDGE) carry; no user plane is set up behind them.
/// </summary>
public static class HandoverContainers
{
    /// <summary>
    /// A Handover Request Transfer (a <see cref="PduSessionResourceSetupRequestTransfer"/>, TS 38.413 9.3.4.1) with its three
    /// mandatory IEs: UL NG-U tunnel (<paramref name="upf"/>, <paramref name="teid"/>), PDU session type IPv4, one non-GBR QoS
    /// flow <paramref name="qfi"/> with standardised 5QI <paramref name="fiveQi"/> and ARP priority 15, no pre-emption.
    /// </summary>
    public static byte[] HandoverRequestTransfer(IPAddress upf, uint teid, int qfi = 1, int fiveQi = 9)
    {
        ArgumentNullException.ThrowIfNull(upf);
        return new PduSessionResourceSetupRequestTransfer(new GtpTunnel(upf, teid), PduSessionType.Ipv4, [new QosFlowSetupRequest(qfi, fiveQi)]).Encode();
    }

    /// <summary>
    /// A Handover Request Acknowledge Transfer (TS 38.413 9.3.4.11): the target's DL NG-U tunnel and the one admitted QoS flow.
    /// <code>
    /// HandoverRequestAcknowledgeTransfer ::= SEQUENCE { dL-NGU-UP-TNLInformation UPTransportLayerInformation, dLForwardingUP-TNLInformation OPTIONAL,
    ///     securityResult OPTIONAL, qosFlowSetupResponseList QosFlowListWithDataForwarding, qosFlowFailedToSetupList OPTIONAL,
    ///     dataForwardingResponseDRBList OPTIONAL, iE-Extensions OPTIONAL, ... }
    /// QosFlowListWithDataForwarding ::= SEQUENCE (SIZE(1..64)) OF SEQUENCE { qosFlowIdentifier, dataForwardingAccepted OPTIONAL, iE-Extensions OPTIONAL, ... }
    /// </code>
    /// </summary>
    public static byte[] HandoverRequestAcknowledgeTransfer(IPAddress gnb, uint teid, int qfi = 1)
    {
        ArgumentNullException.ThrowIfNull(gnb);
        var w = new PerWriter();
        w.WritePreamble(true, 5, 0);
        new GtpTunnel(gnb, teid).Write(w);
        w.WriteCount(1, 1, 64);
        w.WritePreamble(true, 2, 0);
        QosFlowSetupRequest.WriteQfi(w, qfi);
        return w.ToArray();
    }

    /// <summary>
    /// A Source to Target Transparent Container for an intra-5GS handover to an NR cell (TS 38.413 9.3.1.29 →
    /// SourceNGRANNode-ToTargetNGRANNode-TransparentContainer): an RRC container holding a HandoverPreparationInformation
    /// (TS 38.331) with an empty UE capability list and nothing else, the target cell, and a UE history of one cell
    /// (<paramref name="source"/>, a small cell, 10 s).
    /// <code>
    /// SourceNGRANNode-ToTargetNGRANNode-TransparentContainer ::= SEQUENCE { rRCContainer OCTET STRING, pDUSessionResourceInformationList OPTIONAL,
    ///     e-RABInformationList OPTIONAL, targetCell-ID NGRAN-CGI, indexToRFSP OPTIONAL, uEHistoryInformation UEHistoryInformation, iE-Extensions OPTIONAL, ... }
    /// UEHistoryInformation ::= SEQUENCE (SIZE(1..16)) OF LastVisitedCellItem ::= SEQUENCE { lastVisitedCellInformation, iE-Extensions OPTIONAL, ... }
    /// LastVisitedCellInformation ::= CHOICE { nGRANCell, eUTRANCell, uTRANCell, gERANCell, choice-Extensions }   -- 3 bits
    /// LastVisitedNGRANCellInformation ::= SEQUENCE { globalCellID NGRAN-CGI, cellType CellType, timeUEStayedInCell INTEGER (0..4095),
    ///     timeUEStayedInCellEnhancedGranularity OPTIONAL, hOCauseValue Cause OPTIONAL, iE-Extensions OPTIONAL, ... }
    /// CellType ::= SEQUENCE { cellSize ENUMERATED { verysmall, small, medium, large, ... }, iE-Extensions OPTIONAL, ... }
    /// </code>
    /// </summary>
    public static byte[] SourceToTarget(NrCgi target, NrCgi source) => SourceToTarget(target, source, HandoverPreparationInformation());

    /// <summary>As <see cref="SourceToTarget(NrCgi, NrCgi)"/> with <paramref name="rrcContainer"/> (a HandoverPreparationInformation) as the RRC container.</summary>
    public static byte[] SourceToTarget(NrCgi target, NrCgi source, byte[] rrcContainer)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rrcContainer);
        var w = new PerWriter();
        w.WritePreamble(true, 4, 0);
        w.WriteOctetString(rrcContainer);
        WriteNgranCgi(w, target);
        w.WriteCount(1, 1, 16);
        w.WritePreamble(true, 1, 0);                      // LastVisitedCellItem
        w.WriteChoiceIndex(0, 5, extensible: false);      // nGRANCell
        w.WritePreamble(true, 3, 0);
        WriteNgranCgi(w, source);
        w.WritePreamble(true, 1, 0);                      // CellType
        w.WriteEnumerated(1, 4, extensible: true);        // small
        w.WriteConstrainedWholeNumber(10, 0, 4095);
        return w.ToArray();
    }

    /// <summary>
    /// A Target to Source Transparent Container (TS 38.413 9.3.1.30 → TargetNGRANNode-ToSourceNGRANNode-TransparentContainer
    /// ::= SEQUENCE { rRCContainer, iE-Extensions OPTIONAL, ... }) whose RRC container is a TS 38.331 HandoverCommand
    /// carrying an RRCReconfiguration with transaction id 0 and no optional field.
    /// </summary>
    public static byte[] TargetToSource() => TargetToSource(HandoverCommand());

    /// <summary>A Target to Source Transparent Container whose RRC container is <paramref name="handoverCommand"/> (a TS 38.331 HandoverCommand).</summary>
    public static byte[] TargetToSource(byte[] handoverCommand)
    {
        ArgumentNullException.ThrowIfNull(handoverCommand);
        var w = new PerWriter();
        w.WritePreamble(true, 1, 0);
        w.WriteOctetString(handoverCommand);
        return w.ToArray();
    }

    /// <summary>
    /// The rRCContainer, the first field of both transparent containers (Source to Target: HandoverPreparationInformation;
    /// Target to Source: HandoverCommand), or null with <paramref name="why"/>; never throws on input. The rest of the
    /// container is not read.
    /// </summary>
    public static byte[]? RrcContainer(byte[] container, bool sourceToTarget, out string? why)
    {
        ArgumentNullException.ThrowIfNull(container);
        var r = new PerReader(container);
        r.ReadPreamble(true, sourceToTarget ? 4 : 1, out _);
        var rrc = r.ReadOctetString();
        why = r.Ok ? null : $"{(sourceToTarget ? "Source" : "Target")} to {(sourceToTarget ? "Target" : "Source")} Transparent Container does not decode: {r.Failure!.Kind}: {r.Failure.Detail} at bit {r.Failure.BitOffset}";
        return r.Ok ? rrc : null;
    }

    /// <summary>
    /// TS 38.331 HandoverPreparationInformation, UNALIGNED PER, by hand (11 bits): criticalExtensions c1 (0),
    /// c1 handoverPreparationInformation (00 of 4), HandoverPreparationInformation-IEs with none of its 4 optional
    /// fields (0000) and ue-CapabilityRAT-List SIZE(0..maxRAT-Capabilities = 8) empty (0000), padded to 2 octets.
    /// </summary>
    public static byte[] HandoverPreparationInformation() => [0x00, 0x00];

    /// <summary>
    /// TS 38.331 HandoverCommand, UNALIGNED PER (20 bits): c1 (0), handoverCommand (00), nonCriticalExtension absent (0),
    /// handoverCommandMessage length 1 then the RRCReconfiguration octet 0x00 (rrc-TransactionIdentifier 0,
    /// rrcReconfiguration, no optional field), padded.
    /// </summary>
    public static byte[] HandoverCommand() => [0x00, 0x10, 0x00];

    private static void WriteNgranCgi(PerWriter w, NrCgi cgi)
    {
        w.WriteChoiceIndex(0, 3, extensible: false);
        cgi.Write(w);
    }
}
