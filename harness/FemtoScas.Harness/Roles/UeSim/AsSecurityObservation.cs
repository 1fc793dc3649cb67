using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>What a TS 33.511 4.2.2.1 AS case saw: NG-C (tunnel, harness AMF) and the air-link trial, or why none ran.</summary>
public sealed record AsSecuritySeen(NgcSeen? Ngc, AsTrialOutcome? Trial, string? NotRun);

/// <summary>
/// The one way the TS 33.511 AS cases observe the femto (issue 13): NG-C as <see cref="NgcObservation"/> watches it, and
/// once NG Setup is answered one attach of the UE adapter <see cref="AirUes.For"/> picks: the in-process UE simulator
/// (<see cref="AsSecurityTrial"/>) through the PIXIT's emulated air port (emulatedUuPort on the DUT address; SimFemto tells
/// the air link's frames from its emulated-Uu stand-in), else the operator-assisted lab UE whose air capture is imported
/// (<see cref="OperatorAssistedAirUe"/>). Evidence: the in-process UE's air frames in the case's pcapng as UDP between the
/// harness and that port (Wireshark's pdcp_nr_udp heuristic decodes them; SRB0 in the RLC-NR framing, rlc_nr_udp; an
/// imported capture is the operator's attachment instead), the Wireshark PDCP-NR key table <c>pdcp_nr_ue_keys</c> (the
/// trial UE's AS session keys, never K or OPc), every RRC message of the trial in <c>air-rrc.pcapng</c>
/// (<see cref="AirRrcCapture"/>), and a decoded table of every air step.
/// </summary>
public static class AsSecurityObservation
{
    /// <summary>NR NIA/NEA capabilities the trial UE offers: 128-NIA1/2/3 and 128-NEA1/2/3 (the first three bits).</summary>
    public const ushort AllNrAlgorithms = 0xE000;

    /// <summary>
    /// One attach and its evidence; <paramref name="manoeuvresUplink"/>: the case needs uplink PDUs with a corrupted MAC-I or a
    /// replayed COUNT (TS33511-4.2.2.1.4, .9), so a UE adapter that cannot send them gives no trial, with its reason.
    /// </summary>
    public static async Task<AsSecuritySeen> ObserveAsync(IRoleScope t, ushort nia = AllNrAlgorithms, ushort nea = AllNrAlgorithms, bool manoeuvresUplink = false)
    {
        ArgumentNullException.ThrowIfNull(t);
        var (ue, none) = AirUes.For(t);
        if (ue is null) return new(null, null, none);
        if (manoeuvresUplink && ue.CannotManoeuvreUplink is { } cannot) return new(null, null, cannot);
        if (t.Profile.Core is not { } core)
            return new(null, null, "the DUT profile has no core section: no AMF to play");
        if (t.Pixit.TestUeIdentities.Count == 0)
            return new(null, null, "the PIXIT names no test UE identity (testUeIdentities) for the UE simulator's Registration Request");
        AsTrialOutcome? trial = null;
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            t.Step(ue.Kind == AirUeKind.InProcess ? $"{ue.Description}; offers NIA mask 0x{nia:X4}, NEA mask 0x{nea:X4}" : ue.Description);
            trial = await ue.AttachAsync(amf, new AirAttachRequest(core, t.Pixit.TestUeIdentities[0], nia, nea, t.Pixit.ResponseTimeout), t.Step, t.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (trial is { } done) Record(t, done, (ue as InProcessAirUe)?.Air);
        return new(seen, trial, null);
    }

    /// <summary>
    /// The trial's air frames into the self-recorded pcapng as UDP between the harness UE and <paramref name="air"/>, each at the time
    /// the UE simulator sent or received it (they are recorded after the trial, beside packets recorded live).
    /// </summary>
    internal static void RecordAirFrames(IRoleScope t, IPEndPoint air, IEnumerable<(DateTimeOffset At, byte[] Frame, bool Uplink)> frames)
    {
        var ue = new IPEndPoint(t.Pixit.HarnessAddress, 0);
        foreach (var (at, frame, uplink) in frames)
            t.Recorder.IpPacket(uplink ? IpPacketSynthesizer.Udp(ue, air, frame) : IpPacketSynthesizer.Udp(air, ue, frame), $"air link: {(uplink ? "UE -> gNB" : "gNB -> UE")} ({AirCcchFrame.Framing(frame)})", at);
    }

    /// <summary>
    /// The evidence of one air-link trial; <paramref name="earlierKeys"/> are key-table rows of the UE's connections before a resume
    /// (their own UE ids). <paramref name="air"/> null: the frames are an imported capture (kept as the operator's attachment), not
    /// harness traffic, and stay out of the self-recorded pcapng.
    /// </summary>
    internal static void Record(IRoleScope t, AsTrialOutcome trial, IPEndPoint? air, IReadOnlyList<(ushort UeId, AsKeyExport Keys)>? earlierKeys = null)
    {
        if (air is not null) RecordAirFrames(t, air, trial.Frames);
        if (trial.Keys is { } keys)
            t.Evidence.AttachText(WiresharkPdcpKeyTable.FileName, "key-table",
                $"Wireshark PDCP-NR key table (pdcp_nr_ue_keys) of the trial UE (UE id {trial.UeId}): the AS session keys derived from the K_gNB the harness AMF chose; no long-term key",
                string.Concat((earlierKeys ?? []).Select(k => WiresharkPdcpKeyTable.Row(k.UeId, k.Keys) + "\n")) + WiresharkPdcpKeyTable.Row(trial.UeId, keys) + "\n");
        AirRrcCapture.Record(t.Evidence, [(null, trial.Steps)]);
        t.Evidence.Table(new EvidenceTable("Air link steps (TS 38.331 5.3.3, 5.3.4; TS 38.323; as the harness UE simulator saw them)",
            ["time", "direction", "bearer", "RRC message", "PDCP COUNT", "protection (as judged by the UE)", "note"],
            [.. trial.Steps.Select(s => (IReadOnlyList<string>)[s.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                s.Direction == Crypto.Nr.NrDirection.Uplink ? "UE -> gNB" : "gNB -> UE", s.Bearer, s.Message, s.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", s.Protection, s.Note])]));
        t.Evidence.Table(new EvidenceTable("Uplink NAS probes in ULInformationTransfer (TS 38.323 5.2.2, 5.9)",
            ["probe", "PDCP COUNT", "the cell must", "reached the AMF (UPLINK NAS TRANSPORT)"],
            [.. trial.Probes.Select(p => (IReadOnlyList<string>)[p.Name, p.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), p.MustArrive ? "deliver" : "discard", p.Arrived ? "yes" : "no"])]));
    }
}
