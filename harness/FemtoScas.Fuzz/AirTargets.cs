using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Roles.UeSim;

namespace FemtoScas.Fuzz;

/// <summary>The air-link target (issue 13): what the harness UE simulator does with a datagram from a cell.</summary>
public static class AirTargets
{
    /// <summary>
    /// Input: one datagram from the cell. AirCcchFrame.Read must give a frame that survives writing and reading, or a
    /// reason; then a UE simulator that has sent RRCSetupRequest (and holds a fixed test K_gNB for an SMC) receives the
    /// datagram twice: it must never throw and its steps stay bounded.
    /// </summary>
    public static void AirLink(byte[] input)
    {
        // CCCH and the cell's broadcast (BCCH-BCH, BCCH-DL-SCH) share the non-PDCP reader.
        var frame = AirCcchFrame.ReadNonPdcp(input, out var why);
        if (frame is null)
        {
            if (why is null) throw new FuzzContractException("no CCCH or broadcast frame and no reason");
        }
        else
        {
            var again = AirCcchFrame.ReadNonPdcp(frame.Write(), out _);
            if (again is null || again.Direction != frame.Direction || again.UeId != frame.UeId || again.BearerType != frame.BearerType || !again.Rrc.AsSpan().SequenceEqual(frame.Rrc))
                throw new FuzzContractException($"non-PDCP frame (bearer type {frame.BearerType}, UE {frame.UeId}) does not survive writing and reading");
            if ((AirCcchFrame.Read(input, out _) is not null) != (frame.BearerType == AirCcchFrame.BearerTypeCcch))
                throw new FuzzContractException($"AirCcchFrame.Read disagrees with ReadNonPdcp on bearer type {frame.BearerType}");
        }
        var sent = 0;
        using var ue = new AirUe(_ => sent++) { Kgnb = () => SecretBytes.Copy(PdcpTargets.SeedKgnb) };
        ue.Connect([0x7E, 0x00, 0x41], 1);
        ue.Receive(input);
        ue.Receive(input);
        if (ue.Steps.Count > AirUe.MaxSteps || sent > 8) throw new FuzzContractException($"{ue.Steps.Count} steps, {sent} datagrams sent for two inputs");
        if (ue.Broadcast.Pdus.Count > 2) throw new FuzzContractException($"{ue.Broadcast.Pdus.Count} broadcast PDUs kept for two inputs");
    }
}
