using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Fuzz;

/// <summary>The air-resume target (issue 13, RRC_INACTIVE): what the UE simulator does with a cell's datagram while it waits for RRCResume.</summary>
public static class AirResumeTargets
{
    /// <summary>
    /// Input: one datagram from the cell. A scripted cell brings a UE simulator to RRC_INACTIVE (RRCSetup, an SMC and an
    /// RRCRelease with suspendConfig, protected with NEA2/NIA2 from the fuzz seed K_gNB) and the UE sends RRCResumeRequest;
    /// then it receives the datagram twice: it must never throw, its steps and datagrams stay bounded, and at most one resume
    /// attempt is answered.
    /// </summary>
    public static void AirResume(byte[] input)
    {
        var sent = 0;
        using var ue = new AirUe(_ => sent++) { Kgnb = () => SecretBytes.Copy(PdcpTargets.SeedKgnb) };
        var (context, cell) = ScriptedCell.Secure(ue);
        using var keys = context;
        ue.Receive(ScriptedCell.Frame(cell.Protect(RrcCodec.Encode(new RrcRelease(1, new SuspendConfig(0x12345678AB, 0x5678AB, 0, 0, [new RanAreaCells(null, [1])], 0)))), true, ScriptedCell.Crnti));
        if (!ue.Inactive) throw new FuzzContractException($"the scripted cell did not suspend the UE: {string.Join("; ", ue.Steps)}");
        if (ue.Resume(ResumeCause.MoData) is null) throw new FuzzContractException("no RRCResumeRequest from a suspended UE");
        ue.Receive(input);
        ue.Receive(input);
        if (ue.Steps.Count > AirUe.MaxSteps || sent > 12) throw new FuzzContractException($"{ue.Steps.Count} steps, {sent} datagrams sent");
        if (ue.ResumeAttempts.Count != 1) throw new FuzzContractException($"{ue.ResumeAttempts.Count} resume attempts recorded for one request");
    }
}
