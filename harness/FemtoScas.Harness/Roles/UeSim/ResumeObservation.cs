using System.Globalization;
using System.Net;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>What the TS 33.511 4.2.2.1.19 case saw: NG-C (tunnel, harness AMF) and the resume trial, or why none ran.</summary>
public sealed record ResumeSeen(NgcSeen? Ngc, ResumeTrialOutcome? Trial, string? NotRun);

/// <summary>
/// The way the RRC_INACTIVE case observes the femto (issue 13): NG-C as <see cref="NgcObservation"/> watches it and one
/// <see cref="ResumeTrial"/> through the PIXIT's emulated air port. Evidence as for the AS cases (air frames in the pcapng,
/// the air-link step table, the probe table) with the Wireshark key table holding one row per UE id: the connection before
/// the resume (its C-RNTI, its keys) and after it (the new C-RNTI, the K_NG-RAN* keys), plus a table of the resume attempts.
/// </summary>
public static class ResumeObservation
{
    /// <summary>TS 33.511 4.2.2.1.19 step 3 through the operator-assisted step (SimFemto's controller performs it through its test access).</summary>
    private static async Task<(bool Done, string How)> DeleteUpActivationAsync(IRoleScope t)
    {
        var question = Dut.OperatorSteps.DeleteUpActivationStatus;
        var answer = await t.AskOperatorAsync(question).ConfigureAwait(false);
        if (answer is null) return (false, $"no answer to operator step {question.Id}; give one in the PIXIT's operatorAnswers file");
        return (answer.Choice == Dut.OperatorSteps.Done, $"'{answer.Choice}' by {answer.AnsweredBy}{(answer.Comment is { } c ? $": {c}" : "")}");
    }

    public static async Task<ResumeSeen> ObserveAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (AirLinkPreconditions.Missing(t, "a UE or UE simulator on its radio, moved to RRC_INACTIVE and resumed, with its air capture imported", out var air, out var core) is { } missing)
            return new(null, null, missing);
        ResumeTrialOutcome? trial = null;
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            t.Step($"UE simulator on the air link to {air} (RRC: SRB0 as RLC-NR TM, SRB1 over PDCP-NR, in Wireshark's UDP framings): connect, AS security, PDU session, RRC_INACTIVE, resume, deletion of the UP security activation status, resume");
            trial = await ResumeTrial.RunAsync(amf, air, t.Pixit.HarnessAddress, core, t.Pixit.TestUeIdentities[0], () => DeleteUpActivationAsync(t),
                t.Pixit.ResponseTimeout, t.Step, t.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (trial is { } done)
        {
            AsSecurityObservation.Record(t, done.Trial, air, done.EarlierKeys);
            t.Evidence.Table(new EvidenceTable("RRC resume attempts (TS 38.331 5.3.13; TS 33.501 6.8.2.1.3)",
                ["attempt", "shortI-RNTI", "resumeMAC-I sent", "the cell must", "answer (as the UE judged it)", "detail"],
                [.. done.Attempts.Select(a => (IReadOnlyList<string>)[a.Name, $"0x{a.ShortIRnti:X6}", $"0x{a.ResumeMacI:X4}", a.MacICorrupted ? "not resume" : a.Name == ResumeTrialOutcome.AfterDeletion ? "answer RRCSetup" : "resume under K_NG-RAN*",
                    a.Answer.ToString(), a.Detail])]));
            if (done.Suspend is { } s)
                t.Step(string.Create(CultureInfo.InvariantCulture, $"suspendConfig: fullI-RNTI 0x{s.FullIRnti:X10}, shortI-RNTI 0x{s.ShortIRnti:X6}, NCC {s.NextHopChainingCount}, RAN area {(s.RanNotificationArea is { } area ? string.Join(", ", area.SelectMany(a => a.Cells).Select(c => $"0x{c:X9}")) : "none")}"));
        }
        return new(seen, trial, null);
    }
}
