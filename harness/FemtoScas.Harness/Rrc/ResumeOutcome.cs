using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Rrc;

// What the air link showed of RRC_INACTIVE and resume (issue 13; TS 38.331 5.3.8, 5.3.13; TS 33.501 6.8.2.1.3), as the
// harness UE simulator (Roles/UeSim) records it: engine data the TS 33.511 4.2.2.1.19 judgement reads.

/// <summary>How the cell answered one RRCResumeRequest, as the UE judged the answer on SRB1.</summary>
public enum ResumeAnswer
{
    /// <summary>No RRCResume came (the request was discarded, or nothing was sent yet).</summary>
    None,
    /// <summary>RRCResume verified with the K_RRCint of K_NG-RAN* (TS 33.501 A.11) and deciphered with its K_RRCenc.</summary>
    NewKeys,
    /// <summary>RRCResume verified only with the K_RRCint of the suspended connection: the cell derived no new keys.</summary>
    OldKeys,
    /// <summary>RRCSetup on SRB0 instead: the network fell back to a new RRC connection (TS 38.331 5.3.13.1).</summary>
    Setup,
    /// <summary>The UE could not resume (an NCC that needs an NH the simulator does not have): nothing sent.</summary>
    NotSent,
}

/// <summary>One RRCResumeRequest of the UE simulator: whether its resumeMAC-I was corrupted on purpose, what it carried and how the cell answered.</summary>
public sealed record AirResumeAttempt(string Name, bool MacICorrupted, uint ShortIRnti, ushort ResumeMacI, ResumeAnswer Answer, string Detail)
{
    public override string ToString() => $"{Name} (shortI-RNTI 0x{ShortIRnti:X6}, resumeMAC-I 0x{ResumeMacI:X4}): {Answer}{(Detail.Length > 0 ? ", " + Detail : "")}";
}

/// <summary>
/// What one resume trial saw: the AS trial outcome (steps, frames, the keys after resume), the suspendConfig of the cell's
/// last RRCRelease (null: none came), the resume attempts in order, the UE ids and keys of the connections before each resume
/// (key-table rows), whether the PDU session was set up, and the tester's deletion of the UP security activation status
/// (null: not asked; else whether it was done and how).
/// </summary>
public sealed record ResumeTrialOutcome(AsTrialOutcome Trial, SuspendConfig? Suspend, IReadOnlyList<AirResumeAttempt> Attempts,
    IReadOnlyList<(ushort UeId, Pdcp.AsKeyExport Keys)> EarlierKeys, bool PduSessionSetUp = false, (bool Done, string How)? Deletion = null)
{
    /// <summary>The name of the attempt made after the tester deleted the UP security activation status.</summary>
    public const string AfterDeletion = "resumeMAC-I correct, UP security activation status deleted";

    public static ResumeTrialOutcome NotRun(string why) => new(AsTrialOutcome.NotRun(why), null, [], []);
}
