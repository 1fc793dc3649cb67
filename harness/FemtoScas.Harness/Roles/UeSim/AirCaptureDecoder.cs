using System.Globalization;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// Deciphers and verifies an imported air capture (AirCaptureImport) with the AS keys of the K_gNB the harness AMF sent in
/// INITIAL CONTEXT SETUP (TS 33.501 A.8: K_RRCint/K_RRCenc under the algorithms the femto's SecurityModeCommand names):
/// the captured downlink of each UE id goes, in capture order, through a passive harness UE (<see cref="AirUe.Passive"/>),
/// which verifies the SMC's MAC-I and judges every later downlink PDU exactly as the in-process UE does. The UE id whose
/// SMC verifies is the attach the AMF served; a capture with none (another attach, other keys, no SMC) gives an outcome
/// that is not secured, with the reason. The captured UE's uplink is listed as captured, not judged. Bounded by the
/// import's bounds and <see cref="MaxUeIds"/>.
/// </summary>
public static class AirCaptureDecoder
{
    /// <summary>UE ids tried at most (a lab capture of one attach in a quiet cell has one or a few).</summary>
    public const int MaxUeIds = 16;

    /// <param name="capture">The import (not refused).</param>
    /// <param name="kgnb">K_gNB as the AMF sent it (copied; the caller keeps and disposes its own).</param>
    /// <param name="niaOffered">The NR integrity mask of UE Security Capabilities the AMF sent.</param>
    /// <param name="neaOffered">The NR ciphering mask the AMF sent.</param>
    public static AsTrialOutcome Decode(AirCaptureImport capture, SecretBytes kgnb, ushort niaOffered, ushort neaOffered)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(kgnb);
        var name = Path.GetFileName(capture.File);
        if (capture.Refused is { } refused) return AsTrialOutcome.NotRun(refused) with { NiaOffered = niaOffered, NeaOffered = neaOffered };
        var ids = capture.Frames.Select(f => f.UeId).Distinct().ToList();
        var tried = new List<string>();
        foreach (var id in ids.Take(MaxUeIds))
        {
            var frames = capture.Frames.Where(f => f.UeId == id).ToList();
            using var ue = new AirUe(_ => { }) { Passive = true, NiaCapabilities = niaOffered, NeaCapabilities = neaOffered, Kgnb = () => SecretBytes.Copy(kgnb.Span) };
            var steps = new List<AirStep>();
            foreach (var frame in frames)
            {
                if (frame.Direction == NrDirection.Downlink)
                {
                    var before = ue.Steps.Count;
                    ue.Receive(frame.Datagram);
                    steps.AddRange(ue.Steps.Skip(before).Select(s => s with { At = frame.At, Note = Joined(s.Note, $"{name} frame {frame.Number}") }));
                }
                else if (steps.Count < AirUe.MaxSteps)
                {
                    steps.Add(Uplink(frame, name));
                }
            }
            if (ue.Secured)
            {
                var smcFrames = frames.Count;
                // NIA0's MAC-I is zeros under any key: such an SMC names the attach's algorithms but proves no key.
                var proof = ue.Selected?.Integrity is null or NrIntegrityAlgorithm.Nia0
                    ? "its SecurityModeCommand selects NIA0, whose MAC-I proves no key (taken as the attach: the first such UE id)"
                    : "its SecurityModeCommand verifies with the K_gNB the harness AMF sent";
                return new AsTrialOutcome($"air capture {name} imported: UE id {id}, {smcFrames} frame(s) (#{frames[0].Number}-#{frames[^1].Number}); {proof}",
                    true, ue.Selected, niaOffered, neaOffered, steps.Take(AirUe.MaxSteps).ToList(), [.. ue.Received], [],
                    [.. frames.Select(f => (f.At, f.Datagram, f.Direction == NrDirection.Uplink))], id, ue.KeysForKeyTable());
            }
            var smc = ue.Steps.FirstOrDefault(s => s.Message == "securityModeCommand");
            tried.Add(smc is null ? $"UE id {id}: no SecurityModeCommand" : $"UE id {id}: {smc.Protection} ({smc.Note})");
        }
        var more = ids.Count > MaxUeIds ? $"; {ids.Count - MaxUeIds} further UE id(s) not tried" : "";
        return AsTrialOutcome.NotRun($"the air capture {name} does not decrypt with the AS keys derived from the K_gNB the harness AMF sent: no SecurityModeCommand in it verifies ({string.Join("; ", tried)}{more})")
            with { NiaOffered = niaOffered, NeaOffered = neaOffered };
    }

    /// <summary>An uplink PDU of the captured UE: bearer and SN as framed, not judged (the lab's UE protected it, not the harness).</summary>
    private static AirStep Uplink(ImportedAirFrame frame, string name)
    {
        uint? sn = null;
        if (frame.Bearer == "SRB1" && PdcpNrUdpFrame.Read(frame.Datagram, []) is { } read && PdcpPduReader.Read(read.Pdu, read.Bearer, []) is PdcpDataPdu data) sn = data.Sn;
        return new AirStep(frame.At, NrDirection.Uplink, frame.Bearer, "(captured uplink)", null, "as captured (the lab UE's; not judged)",
            $"{name} frame {frame.Number}" + (sn is { } s ? $", PDCP SN {s.ToString(CultureInfo.InvariantCulture)}" : ""));
    }

    private static string Joined(string note, string where) => note.Length == 0 ? where : $"{note} ({where})";
}
