using System.Globalization;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>What a TS 33.511 4.2.2.1 user-plane case saw: NG-C (tunnel, harness AMF) and one air-link UP trial per SMF policy asked for, or why none ran.</summary>
public sealed record UpSecuritySeen(NgcSeen? Ngc, IReadOnlyList<UpTrialOutcome> Trials, string? NotRun);

/// <summary>
/// The one way the TS 33.511 user-plane cases observe the femto (issue 13): NG-C as <see cref="NgcObservation"/> watches it,
/// and once NG Setup is answered one <see cref="UpSecurityTrial"/> per SMF policy, in turn, through the PIXIT's emulated air
/// port with the harness UPF on the tunnel's inner channel. Evidence: every air frame (SRB and DRB) in the case's pcapng as
/// UDP (Wireshark's pdcp_nr_udp heuristic), GTP-U on N3 in the same pcapng, the Wireshark PDCP-NR key table
/// <c>pdcp_nr_ue_keys</c> (each trial UE's AS session keys, K_UPenc/K_UPint included; never K or OPc), every trial's RRC
/// messages in <c>air-rrc.pcapng</c> (<see cref="AirRrcCapture"/>), and per trial the air steps, the DRB and Security
/// Result, the probe table.
/// </summary>
public static class UpSecurityObservation
{
    public static async Task<UpSecuritySeen> ObserveAsync(IRoleScope t, params SecurityIndication[] policies)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(policies);
        if (t.Pixit.EmulatedUuPort is not { } uuPort)
            return new(null, [], "the PIXIT names no emulated air port (emulatedUuPort): a physical femto needs a UE or UE simulator on its radio with its air capture imported, which this case does not drive yet");
        if (t.Profile.Core is not { } core)
            return new(null, [], "the DUT profile has no core section: no AMF or UPF to play");
        if (t.Pixit.TestUeIdentities.Count == 0)
            return new(null, [], "the PIXIT names no test UE identity (testUeIdentities) for the UE simulator's Registration Request");
        var trials = new List<UpTrialOutcome>();
        var air = new IPEndPoint(t.Pixit.DutAddress, uuPort);
        var seen = await NgcObservation.ObserveWithChannelAsync(t, async (amf, channel) =>
        {
            foreach (var policy in policies)
            {
                t.Step($"UE simulator on the air link to {air}; harness UPF on {channel.LocalAddress} inside the tunnel; SMF Security Indication: {policy}");
                trials.Add(await UpSecurityTrial.RunAsync(amf, channel, air, t.Pixit.HarnessAddress, core, t.Pixit.TestUeIdentities[0], policy, t.Pixit.ResponseTimeout,
                    t.Step, (packet, comment) => t.Recorder.IpPacket(packet, comment), t.CancellationToken).ConfigureAwait(false));
            }
        }).ConfigureAwait(false);
        Record(t, trials, air);
        return new(seen, trials, null);
    }

    private static void Record(IRoleScope t, IReadOnlyList<UpTrialOutcome> trials, IPEndPoint air)
    {
        var keys = new List<string>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            var name = $"trial {i + 1} (SMF policy: {trial.Policy})";
            AsSecurityObservation.RecordAirFrames(t, air, trial.Frames);
            if (trial.Keys is { } k) keys.Add(WiresharkPdcpKeyTable.Row(trial.UeId, k));
            t.Evidence.Table(new EvidenceTable($"Air link steps, {name} (TS 38.331 5.3.3-5.3.5; TS 38.323; as the harness UE simulator saw them)",
                ["time", "direction", "bearer", "message", "PDCP COUNT", "protection (as judged by the UE)", "note"],
                [.. trial.Steps.Select(s => (IReadOnlyList<string>)[s.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    s.Direction == Crypto.Nr.NrDirection.Uplink ? "UE -> gNB" : "gNB -> UE", s.Bearer, s.Message, s.Count?.ToString(CultureInfo.InvariantCulture) ?? "-", s.Protection, s.Note])]));
            t.Evidence.Table(new EvidenceTable($"User-plane security, {name} (TS 33.501 6.6; TS 38.413 9.3.1.27, 9.3.1.59)",
                ["SMF Security Indication", "AS algorithms", "DRB (RRCReconfiguration)", "UP integrity on the DRB", "UP ciphering on the DRB", "Security Result reported", "downlink user packet at the UE"],
                [[trial.Policy.ToString(), trial.Selected is { } a ? $"{a.Ciphering}, {a.Integrity}" : "-", trial.Drb is { } d ? $"DRB {d.DrbIdentity}" : "none",
                  Flag(trial.DrbIntegrity), Flag(trial.DrbCiphering), trial.Result?.ToString() ?? (trial.SessionSetUp ? "absent" : "-"),
                  trial.Downlink is not { } dl ? "-" : dl.Seen is null ? "not received" : dl.DeliveredIntact ? "delivered intact (deciphered, MAC-I checked as configured)" : dl.SentInClear ? "readable as sent: NOT ciphered" : $"not delivered ({dl.Seen.Outcome})"]]));
            t.Evidence.Table(new EvidenceTable($"Uplink user-plane probes on the DRB, {name} (TS 38.323 5.2.2, 5.9)",
                ["probe", "PDCP COUNT", "sent", "the cell must", "copies at the harness UPF (G-PDU on the UL TEID)"],
                [.. trial.Probes.Select(p => (IReadOnlyList<string>)[p.Name, p.Count.ToString(CultureInfo.InvariantCulture), p.Sent ? "yes" : "no", p.MustArrive ? "deliver" : "discard",
                    p.Arrivals.ToString(CultureInfo.InvariantCulture)])]));
        }
        AirRrcCapture.Record(t.Evidence, [.. trials.Select((trial, i) => ((string?)$"trial {i + 1} (SMF policy: {trial.Policy})", trial.Steps))]);
        if (keys.Count > 0)
            t.Evidence.AttachText(WiresharkPdcpKeyTable.FileName, "key-table",
                "Wireshark PDCP-NR key table (pdcp_nr_ue_keys) of the trial UEs: the AS session keys (K_RRCenc, K_UPenc, K_RRCint, K_UPint) derived from the K_gNB the harness AMF chose; no long-term key",
                string.Join("\n", keys) + "\n");
    }

    private static string Flag(bool? on) => on switch { true => "on", false => "off", null => "-" };
}
