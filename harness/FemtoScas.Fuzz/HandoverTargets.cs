using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.InterNode;

namespace FemtoScas.Fuzz;

/// <summary>The inter-node RRC messages of an N2 handover as the harness reads them from a target femto (TS 38.331 11.2.2, TS 38.413 9.3.1.29/30).</summary>
internal static class HandoverTargets
{
    /// <summary>
    /// Input: octet 0 picks the reader (modulo 4): 0 HandoverCommand.Decode, 1 HandoverPreparationInformation.Decode,
    /// 2 ReconfigurationWithSync.FromCellGroupConfig, 3 a Target to Source Transparent Container (NGAP, ALIGNED PER) through
    /// HandoverContainers.RrcContainer to HandoverCommand.Decode; the rest is the PDU. Contract: a message or a finding (or
    /// for 2 and 3 a null with its reason), never an exception; a message decoded without findings is encoded again and that
    /// encoding decodes cleanly to the same octets.
    /// </summary>
    public static void RrcInterNode(byte[] input)
    {
        if (input.Length < 1) return;
        var pdu = input[1..];
        switch (input[0] % 4)
        {
            case 0:
                Command(pdu);
                break;
            case 1:
                var preparation = HandoverPreparationInformation.Decode(pdu);
                if (preparation.Message is null && preparation.Findings.Count == 0) throw new FuzzContractException("HandoverPreparationInformation: no message and no finding");
                if (!preparation.Clean) return;
                var again = preparation.Message!.Encode();
                var second = HandoverPreparationInformation.Decode(again);
                if (!second.Clean || !second.Message!.Encode().AsSpan().SequenceEqual(again))
                    throw new FuzzContractException($"HandoverPreparationInformation does not read back as written: {string.Join("; ", second.Findings)}");
                break;
            case 2:
                var findings = new List<RrcFinding>();
                if (ReconfigurationWithSync.FromCellGroupConfig(pdu, findings) is { NewUeIdentity: >= 0 } sync && findings.Count == 0)
                {
                    var back = ReconfigurationWithSync.FromCellGroupConfig(sync.CellGroupConfig(), findings);
                    if (back != sync || findings.Count > 0) throw new FuzzContractException($"reconfigurationWithSync does not read back as written: {string.Join("; ", findings)}");
                }
                break;
            default:
                if (HandoverContainers.RrcContainer(pdu, sourceToTarget: false, out var why) is { } rrc) Command(rrc);
                else if (why is null) throw new FuzzContractException("Target to Source container: no RRC container and no reason");
                break;
        }
    }

    private static void Command(byte[] pdu)
    {
        var command = HandoverCommand.Decode(pdu);
        if (command.Message is null && command.Findings.Count == 0) throw new FuzzContractException("HandoverCommand: no message and no finding");
        if (!command.Clean) return;
        var again = command.Message!.Encode();
        var second = HandoverCommand.Decode(again);
        if (!second.Clean || !second.Message!.Encode().AsSpan().SequenceEqual(again))
            throw new FuzzContractException($"HandoverCommand does not read back as written: {string.Join("; ", second.Findings)}");
    }
}
