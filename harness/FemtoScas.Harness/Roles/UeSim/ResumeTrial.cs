using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// RRC_INACTIVE and resume through the femto's air link with the harness as AMF (issue 13; TS 33.511 4.2.2.1.19; TS 38.331
/// 5.3.8, 5.3.13; TS 33.501 6.8.2.1.3). The UE simulator connects and activates AS security as in <see cref="AsSecurityTrial"/>,
/// with INITIAL CONTEXT SETUP REQUEST carrying Core Network Assistance Information for RRC INACTIVE (TS 38.413 9.3.1.15: the
/// AMF allows the node to suspend the UE; the TAI is the UE's registration TAI, the UE identity index stands in for 5G-S-TMSI
/// mod 1024, which this trial has not assigned), and the AMF sets up one PDU session (PDU SESSION RESOURCE SETUP; the node then
/// holds its UP security activation status). Then: the cell's RRCRelease with suspendConfig (the cell decides when: its own
/// inactivity timer); RRCResumeRequest with a corrupted resumeMAC-I (must get no RRCResume); a correct one (must get RRCResume
/// under K_NG-RAN*), then SRB1 both ways under the new keys; the next suspension; the tester deletes the UP security activation
/// status of the stored context (<c>deleteUpActivation</c>, an operator-assisted step SimFemto automates); a correct
/// RRCResumeRequest again, which must now get RRCSetup (TS 33.511 4.2.2.1.19 expected result). It decides nothing. Every wait
/// is bounded by the PIXIT response timeout (plus <see cref="SuspendAllowance"/> for a suspension); the UE context is released.
/// </summary>
public static class ResumeTrial
{
    /// <summary>How long the trial waits for the cell to suspend the UE on top of the response timeout (an inactivity timer of a few seconds fits).</summary>
    public static readonly TimeSpan SuspendAllowance = TimeSpan.FromSeconds(10);

    public const int PduSessionId = 5;

    /// <summary>The periodic registration update timer sent in the assistance IE (GPRS timer 3 coding: unit 1 hour, value 6).</summary>
    private const byte PeriodicRegistrationTimer = 0x26;

    /// <summary>
    /// What one trial drives: the harness AMF, the UE simulator's link (its <see cref="AirUe"/> only under its gate, which the
    /// receive pump also takes), the trial's K_gNB and the PIXIT's bounds; uplink probes go to <see cref="Probes"/>.
    /// </summary>
    private sealed record Link(AmfRole Amf, AirUeLink Air, CoreNetworkSettings Core, string Imsi, SecretBytes Kgnb, List<AirUplinkProbe> Probes,
        TimeSpan Wait, Action<string> Step, CancellationToken Ct)
    {
        public AirUe Ue => Air.Ue;

        public object Gate => Air.Gate;
    }

    /// <summary>One trial; <paramref name="deleteUpActivation"/> is the tester's step 3 (deletes the UP security activation status at the femto; whether it was done and how).</summary>
    public static async Task<ResumeTrialOutcome> RunAsync(AmfRole amf, IPEndPoint air, IPAddress local, CoreNetworkSettings core, string imsi,
        Func<Task<(bool Done, string How)>> deleteUpActivation, TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(deleteUpActivation);
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false)) return new ResumeTrialOutcome(AsTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}"), null, [], []);
        const ushort all = AsSecurityObservation.AllNrAlgorithms;
        var session = false;
        (bool, string)? deletion = null;
        using var kgnb = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        await using var airLink = AirUeLink.Open(air, local, all, all, kgnb, ct);
        var link = new Link(amf, airLink, core, imsi, kgnb, [], wait, step, ct);
        var why = await DriveAsync(link, local, () => session = true, async () => (deletion = await deleteUpActivation().ConfigureAwait(false)).Value).ConfigureAwait(false);
        var outcome = AsSecurityTrial.Outcome(airLink, why, all, all, link.Probes);
        lock (link.Gate)
            return new ResumeTrialOutcome(outcome, link.Ue.SuspendConfig, [.. link.Ue.ResumeAttempts], [.. link.Ue.EarlierKeys], session, deletion);
    }

    private static CoreNetworkAssistanceForInactive? Assistance(NgapMessage initial) =>
        initial.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation) is { } location
            ? new CoreNetworkAssistanceForInactive((int)((initial.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value ?? 0) % 1024), PeriodicRegistrationTimer, [location.Tai])
            : null;

    private static async Task<string> DriveAsync(Link link, IPAddress local, Action sessionSetUp, Func<Task<(bool Done, string How)>> deleteUpActivation)
    {
        const ushort all = AsSecurityObservation.AllNrAlgorithms;
        var (secured, initial, failure) = await AsSecurityTrial.ConnectAndSecureAsync(link.Amf, link.Ue, link.Gate, link.Core, link.Imsi, all, all, link.Kgnb,
            link.Wait, link.Step, link.Ct, Assistance).ConfigureAwait(false);
        if (secured is not { } ranUeId) return failure!;
        var why = await AfterSecurityAsync(link, ranUeId, initial, local, sessionSetUp, deleteUpActivation).ConfigureAwait(false);
        await AsSecurityTrial.ReleaseAsync(link.Amf, ranUeId, link.Wait, link.Ct).ConfigureAwait(false);
        return why;
    }

    private static async Task<string> AfterSecurityAsync(Link link, long ranUeId, NgapMessage? initial, IPAddress local, Action sessionSetUp,
        Func<Task<(bool Done, string How)>> deleteUpActivation)
    {
        var (amf, ue, gate, wait, step, ct) = (link.Amf, link.Ue, link.Gate, link.Wait, link.Step, link.Ct);
        if (initial?.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation) is not { } location)
            return "INITIAL UE MESSAGE carried no NR User Location Information: no cell identity for the resumeMAC-I and no TAI for the RRC INACTIVE assistance";
        // The cell identity a UE reads in SIB1; the emulated link sends the trial UE no SIB1, the node reports it in INITIAL UE MESSAGE.
        lock (gate) ue.ServingCellIdentity = location.Cgi.CellIdentity;
        step($"INITIAL CONTEXT SETUP carried Core Network Assistance Information for RRC INACTIVE (TAI {location.Tai})");

        // Step 1: a PDU session, so the node holds a UP security activation status for the UE.
        var slice = link.Core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).FirstOrDefault() ?? new SNssai(1);
        var transfer = new PduSessionResourceSetupRequestTransfer(new GtpTunnel(local, 0x5E550001), PduSessionType.Ipv4, [new QosFlowSetupRequest(1, 9)]);
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceSetupRequest(AsSecurityTrial.AmfUeNgapId, ranUeId,
                [new PduSessionResourceItem(PduSessionId, transfer.Encode(), slice)]), "PDUSessionResourceSetupRequest").ConfigureAwait(false))
            return "PDU SESSION RESOURCE SETUP REQUEST could not be sent (NG-C down)";
        var setup = await amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceSetupResponse, from, wait, ct).ConfigureAwait(false);
        if (setup?.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuRes)?.Items.Any(i => i.PduSessionId == PduSessionId) != true)
            return $"PDU session {PduSessionId} was not set up ({setup?.Name ?? $"no PDU SESSION RESOURCE SETUP RESPONSE within {wait.TotalSeconds:0.#} s"})";
        sessionSetUp();
        step($"PDU session {PduSessionId} set up (PDU SESSION RESOURCE SETUP RESPONSE)");

        // Step 2: the cell suspends the UE; the resume control: a wrong resumeMAC-I is refused, a correct one resumed under new keys.
        if (await SuspendedAsync(link).ConfigureAwait(false) is { } notSuspended) return notSuspended;
        if (await ResumeAsync(link, true, null, ResumeAnswer.None).ConfigureAwait(false) is { } refused) return refused;
        if (await ResumeAsync(link, false, null, ResumeAnswer.NewKeys).ConfigureAwait(false) is { } resumed) return resumed;
        int received;
        lock (gate) received = ue.Received.Count;
        if (await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(AsSecurityTrial.AmfUeNgapId, ranUeId, AsSecurityTrial.DownlinkNas), "DownlinkNasTransport").ConfigureAwait(false))
            await AsSecurityTrial.UntilAsync(() => { lock (gate) return ue.Received.Count > received; }, wait, ct).ConfigureAwait(false);
        link.Probes.Add(await AsSecurityTrial.ProbeAsync(amf, ue, gate, ranUeId, "good ULInformationTransfer after resume (new keys)", AsSecurityTrial.Probe(0x63), null, true, wait, ct).ConfigureAwait(false));
        step($"uplink probe after resume (COUNT {link.Probes[^1].Count}): {(link.Probes[^1].Arrived ? "reached the AMF" : "did not reach the AMF")}");

        // Steps 2-4 of TS 33.511 4.2.2.1.19: suspended again, the tester deletes the UP security activation status, the UE resumes.
        if (await SuspendedAsync(link).ConfigureAwait(false) is { } notAgain) return notAgain;
        var (done, how) = await deleteUpActivation().ConfigureAwait(false);
        step($"tester deletes the UP security activation status at the femto: {(done ? "done" : "not done")} ({how})");
        if (!done) return $"the UP security activation status could not be deleted: {how}";
        return await ResumeAsync(link, false, ResumeTrialOutcome.AfterDeletion, ResumeAnswer.Setup).ConfigureAwait(false) ?? "trial completed";
    }

    private static async Task<string?> SuspendedAsync(Link link)
    {
        link.Step("waiting for the cell's RRCRelease with suspendConfig (its inactivity timer)");
        if (!await AsSecurityTrial.UntilAsync(() => { lock (link.Gate) return link.Ue.Inactive; }, link.Wait + SuspendAllowance, link.Ct).ConfigureAwait(false))
            return $"no RRCRelease with suspendConfig within {(link.Wait + SuspendAllowance).TotalSeconds:0.#} s (the femto did not move the UE to RRC_INACTIVE)";
        lock (link.Gate) link.Step($"RRCRelease with suspendConfig verified on SRB1: shortI-RNTI 0x{link.Ue.SuspendConfig!.ShortIRnti:X6}, NCC {link.Ue.SuspendConfig.NextHopChainingCount}; UE in RRC_INACTIVE");
        return null;
    }

    /// <summary>One RRCResumeRequest and its answer; null when the answer is <paramref name="expected"/>, else why the trial stops there.</summary>
    private static async Task<string?> ResumeAsync(Link link, bool corrupt, string? name, ResumeAnswer expected)
    {
        var (ue, gate) = (link.Ue, link.Gate);
        lock (gate)
        {
            if (ue.Resume(ResumeCause.MoData, corrupt, name) is null) return $"the UE simulator sent no RRCResumeRequest: {ue.Steps[^1]}";
        }
        // No answer is expected to a wrong resumeMAC-I: wait the quiet time; an answer comes well within the response timeout.
        await AsSecurityTrial.UntilAsync(() => { lock (gate) return ue.ResumeAttempts[^1].Answer != ResumeAnswer.None; },
            expected == ResumeAnswer.None ? AsSecurityTrial.Quiet(link.Wait) : link.Wait, link.Ct).ConfigureAwait(false);
        AirResumeAttempt attempt;
        lock (gate) attempt = ue.ResumeAttempts[^1];
        link.Step($"RRCResumeRequest, {attempt}");
        return attempt.Answer == expected ? null : $"{attempt.Name}: answered {attempt.Answer}, expected {expected}";
    }
}
