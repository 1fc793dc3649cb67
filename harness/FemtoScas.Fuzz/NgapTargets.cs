using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Fuzz;

/// <summary>The NGAP PDU session transfers (TS 38.413 9.3.4): the containers a PDU SESSION RESOURCE message carries per session as octets.</summary>
internal static class NgapTargets
{
    /// <summary>
    /// Input: octet 0 picks the reader (0 Setup Request Transfer, 1 Setup Response Transfer, 2 Setup Unsuccessful Transfer,
    /// 3 Release Command Transfer), the rest is the transfer. Contract: a value or a finding, never an exception; a Setup
    /// Request / Response Transfer that decodes is written again and read back to the same value.
    /// </summary>
    public static void NgapTransfer(byte[] input)
    {
        if (input.Length < 1) return;
        var transfer = input[1..];
        var findings = new List<NgapFinding>();
        switch (input[0] % 4)
        {
            case 0:
                if (PduSessionResourceSetupRequestTransfer.Parse(transfer, 8, findings) is { } request)
                {
                    var again = PduSessionResourceSetupRequestTransfer.Parse(request.Encode(), 0, []);
                    if (again is null || again.UplinkTunnel != request.UplinkTunnel || !again.QosFlows.SequenceEqual(request.QosFlows) || again.Security != request.Security)
                        throw new FuzzContractException("a Setup Request Transfer does not read back as written");
                    return;
                }
                break;
            case 1:
                if (PduSessionResourceSetupResponseTransfer.Parse(transfer, 8, findings) is { } response)
                {
                    var again = PduSessionResourceSetupResponseTransfer.Parse(response.Encode(), 0, []);
                    if (again is null || again.DownlinkTunnel != response.DownlinkTunnel || !again.Qfis.SequenceEqual(response.Qfis) || again.Security != response.Security)
                        throw new FuzzContractException("a Setup Response Transfer does not read back as written");
                    return;
                }
                break;
            case 2:
                if (PduSessionTransfers.ParseSetupUnsuccessful(transfer, 8, findings) is not null) return;
                break;
            default:
                if (PduSessionTransfers.ParseReleaseCommand(transfer, 8, findings) is not null) return;
                break;
        }
        if (findings.Count == 0) throw new FuzzContractException("no value and no finding");
    }

    /// <summary>
    /// Input: one UDP payload as a DUT sends it to the harness UPF on N3. Contract: a header or the reason, never an
    /// exception; a header's payload length is what follows the mandatory 8 octets.
    /// </summary>
    public static void Gtpu(byte[] input)
    {
        var header = FemtoScas.Harness.Gtpu.GtpuHeader.Read(input, out var why);
        if (header is null && why is null) throw new FuzzContractException("no header and no reason");
        if (header is not null && header.PayloadLength != input.Length - 8) throw new FuzzContractException("payload length differs from the datagram");
        // The user packet of a G-PDU (issue 13, air link user plane): within the datagram, or the reason.
        var user = FemtoScas.Harness.Gtpu.GtpuUserPacket.Read(input, out _, out var userWhy);
        if (user is null && userWhy is null) throw new FuzzContractException("no user packet and no reason");
        if (user is not null && user.Length > input.Length - 8) throw new FuzzContractException("a user packet longer than the G-PDU's payload");
    }
}
