using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.Roles.UeSim;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// The CAG cases over the femto's air link (issue 13 item 6), with the harness as AMF: the harness UE simulator
/// (<see cref="AirUe"/>) sends RRCSetupRequest to the PIXIT's emulated air port, reads the MIB and SIB1 the cell sends it
/// (TS 38.331 5.2.2) and registers (RRCSetupComplete with a REGISTRATION REQUEST, INITIAL UE MESSAGE at the AMF). Without
/// <c>reject</c> the AMF then releases the UE (NRF-CAG-IDENTITY-BINDING only needs the broadcast and the NGAP view). With it
/// (NRF-CAG-ACCESS: a UE outside the CAG) the AMF applies its own check (TS 23.501 5.30.3): REGISTRATION REJECT with 5GMM
/// cause #76 in DOWNLINK NAS TRANSPORT (TS 24.501 5.5.1.2.5), then UE CONTEXT RELEASE COMMAND (TS 38.413 8.3.3); the cell
/// must release the RRC connection (RRCRelease, TS 38.331 5.3.8) and must not carry the UE further: the UE then sends a
/// ULInformationTransfer anyway, which must not reach the AMF. It decides nothing; every wait is bounded by the PIXIT
/// response timeout (what must not come: at most 2 s). Evidence: the air frames in the case's pcapng, the air step table,
/// the MIB/SIB1 as exported PDUs in <see cref="FileName"/> (tshark's nr-rrc dissects them) and the broadcast table.
/// </summary>
public static class CagAirTrial
{
    /// <summary>AMF UE NGAP ID of the air trial's UE (apart from the registration and handover trials').</summary>
    public const long AmfUeNgapId = 3000;

    /// <summary>The evidence file of the MIB/SIB1 the UE received.</summary>
    public const string FileName = "air-broadcast.pcapng";

    /// <summary>What the rejected UE sends after its release: a 5GMM STATUS (cause 111), which the cell must not carry to the AMF.</summary>
    public static readonly byte[] UplinkAfterRelease = [0x7E, 0x00, 0x64, 0x6F];

    /// <summary>
    /// Runs the trial for test UE <paramref name="imsi"/> through the emulated air port; <paramref name="allowed"/> (when rejecting)
    /// is the UE's allowed CAG list, from which the AMF's own decision is computed for the evidence.
    /// </summary>
    public static async Task<CagAirOutcome> RunAsync(IRoleScope t, AmfRole amf, string imsi, bool reject, AllowedPniNpnItem? allowed = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(imsi);
        if (t.Pixit.EmulatedUuPort is not { } port)
            return CagAirOutcome.NotRun("the PIXIT names no emulated air port (emulatedUuPort): reading a physical femto's MIB/SIB1 and registering a UE over its radio need a UE or UE simulator on its radio (or its broadcast and air capture imported), which this case does not drive");
        var air = new IPEndPoint(t.Pixit.DutAddress, port);
        t.Step($"UE simulator on the air link to {air}: RRCSetupRequest, reads the cell's MIB and SIB1, registers{(reject ? "; the AMF rejects it with 5GMM cause #76 and releases it" : "; the AMF releases it")}");
        var (outcome, trace) = await TryAsync(amf, air, t.Pixit.HarnessAddress, imsi, reject, allowed, t.Pixit.ResponseTimeout, t.Step, t.CancellationToken).ConfigureAwait(false);
        AsSecurityObservation.Record(t, trace, air);
        Record(t, outcome.Broadcast);
        t.Step($"air trial: {outcome.Why}; broadcast: {outcome.Broadcast}");
        return outcome;
    }

    /// <summary>The trial itself, without evidence: the outcome and the UE simulator's trace (steps, frames, the uplink probe).</summary>
    public static async Task<(CagAirOutcome Outcome, AsTrialOutcome Trace)> TryAsync(AmfRole amf, IPEndPoint air, IPAddress local, string imsi, bool reject,
        AllowedPniNpnItem? allowed, TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(step);
        await using var link = AirUeLink.OpenWithoutKey(air, local, ct);
        var probe = new List<AirUplinkProbe>();
        var outcome = await DriveAsync(amf, link, imsi, reject, allowed, probe, wait, step, ct).ConfigureAwait(false);
        return (outcome, AsSecurityTrial.Outcome(link, outcome.Why, 0, 0, probe));
    }

    private static async Task<CagAirOutcome> DriveAsync(AmfRole amf, AirUeLink link, string imsi, bool reject, AllowedPniNpnItem? allowed, List<AirUplinkProbe> probe,
        TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        var ue = link.Ue;
        var from = amf.ReceivedCount;
        lock (link.Gate) ue.Connect(UeStub.InitialRegistration(imsi), (ulong)RandomNumberGenerator.GetInt32(int.MaxValue));
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, wait, ct).ConfigureAwait(false);
        // The cell sends MIB and SIB1 before RRCSetup; allow a short while more for a cell that sends them late.
        await AsSecurityTrial.UntilAsync(() => { lock (link.Gate) return ue.Broadcast.Sib1 is not null && ue.Broadcast.Mib is not null; },
            initial is null ? TimeSpan.Zero : AsSecurityTrial.Quiet(wait), ct).ConfigureAwait(false);
        CellBroadcast broadcast;
        lock (link.Gate) broadcast = ue.Broadcast;
        if (broadcast.Pdus.Count == 0) broadcast = CellBroadcast.Unread($"the cell sent no MIB or SIB1 to the UE's RRCSetupRequest within {wait.TotalSeconds:0.#} s");
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId)
            return new($"no INITIAL UE MESSAGE within {wait.TotalSeconds:0.#} s after the UE's RRCSetupRequest", broadcast, null);
        var report = new InitialUeReport(ranUeId, initial.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation), initial.Get<CellCagList>(NgapIeId.NpnAccessInformation));
        step($"INITIAL UE MESSAGE over the air link, RAN UE NGAP ID {ranUeId}, CellCAGList {report.CellCagList?.ToString() ?? "(absent)"}");
        if (!reject)
        {
            await CagAccessTrials.ReleaseAsync(amf, AmfUeNgapId, ranUeId, wait, ct).ConfigureAwait(false);
            return new("the UE registered over the air link and was released", broadcast, report);
        }

        // AMF -> cell -> UE: REGISTRATION REJECT #76 (TS 24.501 5.5.1.2.5), then the AMF releases the NAS signalling connection.
        var wouldReject = allowed is null ? (bool?)null : CagAccessTrials.AmfWouldReject(report.CellCagList, allowed);
        var rejectNas = Nas.FiveGmmMessageWriter.Write(Nas.FiveGmmMessages.RegistrationReject(Nas.Ies.FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly));
        if (!await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(AmfUeNgapId, ranUeId, rejectNas), "DownlinkNASTransport (REGISTRATION REJECT #76)").ConfigureAwait(false))
            return new("REGISTRATION REJECT #76 could not be sent (NG-C down)", broadcast, report, AmfWouldReject: wouldReject);
        var relayed = await AsSecurityTrial.UntilAsync(() => { lock (link.Gate) return ue.DownlinkNas.Any(n => n.AsSpan().SequenceEqual(rejectNas)); }, wait, ct).ConfigureAwait(false);
        step($"REGISTRATION REJECT #76 in DOWNLINK NAS TRANSPORT: {(relayed ? "the UE received it in DLInformationTransfer" : "it did not reach the UE")}");
        await CagAccessTrials.ReleaseAsync(amf, AmfUeNgapId, ranUeId, wait, ct).ConfigureAwait(false);
        var released = await AsSecurityTrial.UntilAsync(() => { lock (link.Gate) return ue.Received.Any(r => r.Message is RrcRelease); }, AsSecurityTrial.Quiet(wait), ct).ConfigureAwait(false);
        step($"UE CONTEXT RELEASE COMMAND sent: {(released ? "the cell released the RRC connection (RRCRelease)" : $"no RRCRelease reached the UE within {AsSecurityTrial.Quiet(wait).TotalSeconds:0.#} s")}");

        // UE -> cell: uplink NAS after the release; it must not reach the AMF (neither UPLINK NAS TRANSPORT nor a new INITIAL UE MESSAGE).
        var after = amf.ReceivedCount;
        uint count;
        lock (link.Gate)
        {
            count = ue.NextUplinkCount;
            ue.SendNas(UplinkAfterRelease);
        }
        var forwarded = await amf.WaitForAsync(m => (m.Rule == NgapMessageRules.UplinkNasTransport || m.Rule == NgapMessageRules.InitialUeMessage)
            && m.Get<NasPdu>(NgapIeId.NasPdu)?.Octets.AsSpan().SequenceEqual(UplinkAfterRelease) == true, after, AsSecurityTrial.Quiet(wait), ct).ConfigureAwait(false);
        probe.Add(new AirUplinkProbe("ULInformationTransfer of the UE rejected with #76, after its UE context release", count, false, forwarded is not null));
        step($"uplink NAS of the rejected UE after its release: {(forwarded is null ? "not forwarded to the AMF" : $"forwarded to the AMF ({forwarded.Name})")}");
        if (forwarded?.Rule == NgapMessageRules.UplinkNasTransport && forwarded.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is { } stale)
            await CagAccessTrials.ReleaseAsync(amf, AmfUeNgapId, stale, wait, ct).ConfigureAwait(false);
        return new("the UE was rejected with #76 and released; its later uplink was sent", broadcast, report, true, wouldReject, relayed, released, forwarded is not null);
    }

    /// <summary>
    /// NRF-CAG-IDENTITY-BINDING's observation: NG-C as <see cref="NgcObservation"/> watches it (the test UEs attached as
    /// before), then the UE simulator reads the cell's broadcast and registers over the air link (released at once), so
    /// SIB1 can be compared with the binding and with what NGAP reports for the same cell.
    /// </summary>
    public static async Task<(NgcSeen Ngc, CellBroadcast Broadcast)> ObserveBindingAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        CellBroadcast? broadcast = null;
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            await NgcObservation.AttachTestUesAsync(t, amf).ConfigureAwait(false);
            broadcast = t.Pixit.TestUeIdentities.Count == 0
                ? CellBroadcast.Unread("the PIXIT names no test UE identity (testUeIdentities) for the UE simulator's Registration Request")
                : (await RunAsync(t, amf, t.Pixit.TestUeIdentities[0], reject: false).ConfigureAwait(false)).Broadcast;
        }).ConfigureAwait(false);
        return (seen, broadcast ?? CellBroadcast.Unread($"no UE simulator ran: {seen.Amf.Why}"));
    }

    /// <summary>The broadcast evidence: the PDUs as exported PDUs for tshark's nr-rrc, a table, and a finding per PDU that does not decode.</summary>
    internal static void Record(IRoleScope t, CellBroadcast broadcast)
    {
        if (broadcast.Pdus.Count > 0)
        {
            using var writer = RrcCaptureWriter.ForEvidence(t.Evidence, FileName);
            foreach (var pdu in broadcast.Pdus) writer.Write(pdu.At, pdu.Channel, pdu.Pdu, $"{pdu.Message?.Name ?? "undecodable"} as the UE simulator received it");
        }
        foreach (var (pdu, finding) in broadcast.Deviations)
            t.Finding(new Finding($"{RrcChannelSpec.Of(pdu.Channel).AsnType} from the cell (TS 38.331 6.2.2)", "a PDU that decodes", finding.ToString(), Conforms: false));
        t.Evidence.Table(new EvidenceTable("Cell broadcast read over the air link (TS 38.331 6.2.2 MIB, SIB1 cellAccessRelatedInfo; 6.3.2 NPN-IdentityInfo-r16)",
            ["channel", "message", "cells and TACs (plmn-IdentityInfoList)", "CAG IDs (npn-IdentityInfoList-r16; manual = manualCAGselectionAllowed-r16)", "decoder findings"],
            broadcast.Pdus.Count == 0 ? [["-", "-", "-", "-", broadcast.NotRead ?? "nothing received"]]
                : [.. broadcast.Pdus.Select(p => (IReadOnlyList<string>)[RrcChannelSpec.Of(p.Channel).AsnType, p.Message?.Name ?? "(undecodable)",
                    p.Message is Sib1 s ? string.Join("; ", s.CellAccess.Plmns.Select(i => $"{i.CellIdentity:X9} TAC {(i.TrackingAreaCode is { } tac ? tac.ToString("X6", CultureInfo.InvariantCulture) : "-")}")) : "-",
                    p.Message is Sib1 ? (new CellBroadcast([p]).Sib1Cags is { Count: > 0 } cags ? string.Join("; ", cags) : "none") : "-",
                    p.Findings.Count == 0 ? "none" : string.Join("; ", p.Findings)])]));
    }
}
