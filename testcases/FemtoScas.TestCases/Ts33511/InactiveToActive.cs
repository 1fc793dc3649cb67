using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.19 TC_GNB_INACTIVE_TO_ACTIVE - UP security activation when a UE resumes from RRC_INACTIVE.
/// Requirement: a gNB that no longer has the UP security activation status of a suspended UE's context does not resume it
/// with a guessed activation but answers the RRCResumeRequest with RRCSetup (TS 33.501 6.8.2.1.3). The trial also checks the
/// rest of that clause on the way: no resume on a wrong resumeMAC-I, RRCResume under K_NG-RAN*; a breach FAILs the case too.
/// Expected: RRCSetup after the deletion; FAIL names the RRCResume (or the resumeMAC-I, or the stale keys).
/// Preconditions: PICS uuAccess, ngapCore and rrcInactive; the PIXIT's emulated air port (emulatedUuPort) and a test UE
/// identity; the profile's core section; the harness's SCTP stack; the operator-assisted step
/// TS33511-4.2.2.1.19.delete-up-activation (SimFemto performs it through its test access). A physical femto without an
/// emulated air port: INCONCLUSIVE (needs a UE or UE simulator with its air capture imported).
/// Steps: tunnel up, NG Setup with the harness AMF; the UE simulator sets up RRC and AS security (INITIAL CONTEXT SETUP with a
/// fresh K_gNB and Core Network Assistance Information for RRC INACTIVE); PDU SESSION RESOURCE SETUP; the cell's RRCRelease with
/// suspendConfig; RRCResumeRequest with a corrupted resumeMAC-I, then a correct one (RRCResume, RRCResumeComplete, SRB1 both
/// ways under the new keys); the next RRCRelease with suspendConfig; the tester deletes the UP security activation status;
/// RRCResumeRequest; the AMF releases the UE context.
/// Evidence: air frames and NGAP in the case's pcapng, pdcp_nr_ue_keys with one row per UE id (before and after resume), the
/// air-link step table, the resume-attempt table, the probe table, the operator step's answer, step log.
/// </summary>
[Requirement("TS33511-4.2.2.1.19")]
public sealed class InactiveToActive : ConformanceTest
{
    [Test]
    public Task TC_GNB_INACTIVE_TO_ACTIVE() => RunAsync(async t =>
    {
        var seen = await ResumeObservation.ObserveAsync(t);
        return ResumeJudgement.InactiveToActive(new ResumeJudgement.ResumeCaseSeen(seen.Ngc?.Amf, seen.Trial, seen.NotRun));
    });
}
