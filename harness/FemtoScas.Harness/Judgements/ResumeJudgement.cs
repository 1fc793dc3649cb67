using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rules of TS33511-4.2.2.1.19 TC_GNB_INACTIVE_TO_ACTIVE (issue 13) over one ResumeTrial (Roles/UeSim). TS 33.511's
/// test: with a PDU session set up (so the gNB holds the UP security activation status), the gNB suspends the UE, the tester
/// deletes that status from the stored context, the UE sends RRCResumeRequest; expected: the gNB answers RRCSetup (it does not
/// resume with a guessed activation; TS 33.501 6.8.2.1.3). The trial also exercises the rest of that clause on the way, and a
/// breach there FAILs the case too, named as such: a resume on a wrong resumeMAC-I, and an RRCResume under the suspended
/// connection's keys (no K_NG-RAN*). INCONCLUSIVE when NG-C, AS security, the PDU session, the suspension or the deletion did
/// not happen, or the last resume request got no answer.
/// </summary>
public static class ResumeJudgement
{
    /// <summary>What the case hands the rules: NG-C as the harness AMF saw it, the trial, or why none ran.</summary>
    public sealed record ResumeCaseSeen(AmfObservation? Amf, ResumeTrialOutcome? Trial, string? NotRun);

    /// <summary>TS33511-4.2.2.1.19 TC_GNB_INACTIVE_TO_ACTIVE.</summary>
    public static Decision InactiveToActive(ResumeCaseSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.NotRun is { } notRun) return Decision.Inconclusive(notRun);
        if (NgcPreconditions.NotUp(seen.Amf) is { } ngc) return ngc;
        if (seen.Trial is not { } trial) return Decision.Inconclusive("the resume trial did not run");
        if (!trial.Trial.Secured) return Decision.Inconclusive($"AS security was not activated on the air link: {trial.Trial.Why}");

        // Breaches of TS 33.501 6.8.2.1.3 seen on the way decide first: they are FAILs whatever follows.
        if (trial.Attempts.FirstOrDefault(a => a.MacICorrupted && a.Answer is ResumeAnswer.NewKeys or ResumeAnswer.OldKeys) is { } bad)
            return Decision.Fail($"the gNB resumed the suspended context on an RRCResumeRequest whose resumeMAC-I (0x{bad.ResumeMacI:X4}, shortI-RNTI 0x{bad.ShortIRnti:X6}) does not verify with the stored K_RRCint ({bad.Detail}); TS 33.501 6.8.2.1.3 requires the check (part of the clause this case exercises, beyond TS 33.511's steps)");
        if (trial.Attempts.FirstOrDefault(a => a.Answer == ResumeAnswer.OldKeys) is { } stale)
            return Decision.Fail($"RRCResume verifies only with the K_RRCint of the suspended connection: the gNB derived no K_NG-RAN* on resume ({stale.Detail}; PDCP COUNT restarts under the same keys), TS 33.501 6.8.2.1.3 (beyond TS 33.511's steps)");

        if (!trial.PduSessionSetUp) return Decision.Inconclusive($"no PDU session was set up, so the gNB holds no UP security activation status to lose: {trial.Trial.Why}");
        if (trial.Suspend is null) return Decision.Inconclusive($"the femto never moved the UE to RRC_INACTIVE (no RRCRelease with suspendConfig although the AMF sent Core Network Assistance Information for RRC INACTIVE): {trial.Trial.Why}");
        if (trial.Deletion is not { } deletion) return Decision.Inconclusive($"the UP security activation status was not deleted (the trial stopped before step 3): {trial.Trial.Why}");
        if (!deletion.Done) return Decision.Inconclusive($"the tester could not delete the UP security activation status at the femto: {deletion.How}");
        if (trial.Attempts.LastOrDefault(a => a.Name == ResumeTrialOutcome.AfterDeletion) is not { } last)
            return Decision.Inconclusive($"no RRCResumeRequest after the deletion: {trial.Trial.Why}");
        var control = trial.Attempts.FirstOrDefault(a => !a.MacICorrupted && a.Name != ResumeTrialOutcome.AfterDeletion);
        var controlNote = control is { Answer: ResumeAnswer.NewKeys }
            ? $"before the deletion the gNB refused a wrong resumeMAC-I and resumed a correct one under K_NG-RAN* ({control.Detail})"
            : "no resume before the deletion was shown";
        return last.Answer switch
        {
            ResumeAnswer.Setup => Decision.Pass($"after the tester deleted the UP security activation status ({deletion.How}) the gNB answered RRCResumeRequest (shortI-RNTI 0x{last.ShortIRnti:X6}) with RRCSetup, not RRCResume ({last.Detail}); {controlNote}"),
            ResumeAnswer.NewKeys => Decision.Fail($"after the tester deleted the UP security activation status the gNB resumed the UE with RRCResume ({last.Detail}) instead of falling back to RRCSetup: it activated UP security without the stored status (TS 33.501 6.8.2.1.3)"),
            _ => Decision.Inconclusive($"the RRCResumeRequest after the deletion got {last.Answer} within the response timeout: neither RRCSetup nor RRCResume"),
        };
    }
}
