using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// One UE through the femto's air link with the harness as AMF (issue 13; TS 33.511 4.2.2.1): the harness UE simulator
/// (<see cref="AirUe"/>) sends RRCSetupRequest to the PIXIT's emulated air port, its RRCSetupComplete carries a Registration
/// Request which the AMF takes as INITIAL UE MESSAGE; the AMF sends INITIAL CONTEXT SETUP REQUEST with a fresh K_gNB (the
/// UE simulator gets the same key in process) and the UE security capabilities offered; the cell's AS Security Mode Command
/// is verified by the UE with that key. Then: DOWNLINK NAS TRANSPORT (the cell must send it as DLInformationTransfer,
/// protected), and three uplink NAS probes in ULInformationTransfer - a good one (positive control), one with its MAC-I
/// corrupted (COUNT not advanced; must not reach the AMF), the good one's PDU replayed octet for octet (must not reach the
/// AMF again) - and a last good one (the link still works). It decides nothing: each case's judgement reads the outcome.
/// Every wait is bounded by the PIXIT response timeout; the UE context is released at the end.
/// </summary>
public static class AsSecurityTrial
{
    public const long AmfUeNgapId = 4000;

    /// <summary>The NAS the AMF sends down (a 5GMM STATUS, cause 111): opaque to the cell.</summary>
    public static readonly byte[] DownlinkNas = [0x7E, 0x00, 0x64, 0x6F];

    internal static byte[] Probe(byte tag) => [0x7E, 0x00, 0x64, tag];

    public static async Task<AsTrialOutcome> RunAsync(AmfRole amf, IPEndPoint air, IPAddress local, CoreNetworkSettings core, string imsi,
        ushort nia, ushort nea, TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(step);
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false)) return AsTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}");
        using var kgnb = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        await using var link = AirUeLink.Open(air, local, nia, nea, kgnb, ct);
        var probes = new List<AirUplinkProbe>();
        var why = await DriveAsync(amf, link.Ue, link.Gate, core, imsi, nia, nea, kgnb, probes, wait, step, ct).ConfigureAwait(false);
        return Outcome(link, why, nia, nea, probes);
    }

    /// <summary>What the UE simulator of <paramref name="link"/> saw and sent (taken under its gate), with why the trial stopped and its probes.</summary>
    internal static AsTrialOutcome Outcome(AirUeLink link, string why, ushort nia, ushort nea, IReadOnlyList<AirUplinkProbe> probes)
    {
        lock (link.Gate)
            return new AsTrialOutcome(why, link.Ue.Secured, link.Ue.Selected, nia, nea, [.. link.Ue.Steps], [.. link.Ue.Received], probes, [.. link.Frames], link.Ue.UeId, link.Ue.KeysForKeyTable());
    }

    /// <summary>
    /// RRC setup, INITIAL UE MESSAGE, INITIAL CONTEXT SETUP with <paramref name="kgnb"/> and the offered capabilities (and
    /// <paramref name="inactive"/>'s Core Network Assistance Information for RRC INACTIVE, read off the INITIAL UE MESSAGE, when
    /// given), the AS SMC verified and completed: the RAN UE NGAP ID and the INITIAL UE MESSAGE once AS security is active,
    /// else why not (the UE context then released).
    /// </summary>
    internal static async Task<(long? RanUeId, NgapMessage? Initial, string? Why)> ConnectAndSecureAsync(AmfRole amf, AirUe ue, object gate, CoreNetworkSettings core, string imsi,
        ushort nia, ushort nea, SecretBytes kgnb, TimeSpan wait, Action<string> step, CancellationToken ct,
        Func<NgapMessage, CoreNetworkAssistanceForInactive?>? inactive = null)
    {
        var from = amf.ReceivedCount;
        lock (gate) ue.Connect(UeStub.InitialRegistration(imsi), (ulong)RandomNumberGenerator.GetInt32(int.MaxValue));
        step("UE simulator: RRCSetupRequest on SRB0 to the femto's air port");
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, wait, ct).ConfigureAwait(false);
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId)
            return (null, null, $"no INITIAL UE MESSAGE within {wait.TotalSeconds:0.#} s after RRCSetupRequest (RRC setup or RRCSetupComplete not carried)");
        step($"INITIAL UE MESSAGE, RAN UE NGAP ID {ranUeId}");

        var slices = AllowedSlices(core);
        var from2 = amf.ReceivedCount;
        using (var key = SecretBytes.Copy(kgnb.Span))
        {
            if (!await amf.SendUeAssociatedAsync(NgapMessages.InitialContextSetupRequest(AmfUeNgapId, ranUeId, amf.Guami, new AllowedNssai(slices),
                    new UeSecurityCapabilities(nea, nia, 0, 0), new SecurityKey(key), inactiveAssistance: inactive?.Invoke(initial)), "InitialContextSetupRequest").ConfigureAwait(false))
                return (null, initial, "INITIAL CONTEXT SETUP REQUEST could not be sent (NG-C down)");
        }
        var context = await amf.WaitForAsync(m => ForUe(m, ranUeId) && (m.Rule == NgapMessageRules.InitialContextSetupResponse || m.Rule == NgapMessageRules.InitialContextSetupFailure),
            from2, wait, ct).ConfigureAwait(false);
        step($"INITIAL CONTEXT SETUP (Security Key = K_gNB, NR NIA mask 0x{nia:X4}, NEA mask 0x{nea:X4}): {context?.Name ?? "no answer"}");
        if (!await UntilAsync(() => { lock (gate) return ue.Secured || ue.Steps.Any(s => s.Message == "securityModeFailure"); }, wait, ct).ConfigureAwait(false) || !ue.Secured)
        {
            await ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
            return (null, initial, $"AS security not activated: {(ue.Steps.LastOrDefault(s => s.Message == "securityModeCommand") is { } smc ? smc.ToString() : $"no Security Mode Command within {wait.TotalSeconds:0.#} s")}");
        }
        step($"AS Security Mode Command verified: {ue.Selected?.Ciphering}, {ue.Selected?.Integrity}; SecurityModeComplete sent");
        return (ranUeId, initial, null);
    }

    private static async Task<string> DriveAsync(AmfRole amf, AirUe ue, object gate, CoreNetworkSettings core, string imsi, ushort nia, ushort nea, SecretBytes kgnb,
        List<AirUplinkProbe> probes, TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        var (secured, _, failure) = await ConnectAndSecureAsync(amf, ue, gate, core, imsi, nia, nea, kgnb, wait, step, ct).ConfigureAwait(false);
        if (secured is not { } ranUeId) return failure!;

        int received;
        lock (gate) received = ue.Received.Count;
        if (await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(AmfUeNgapId, ranUeId, DownlinkNas), "DownlinkNasTransport").ConfigureAwait(false))
            await UntilAsync(() => { lock (gate) return ue.Received.Count > received || ue.Steps.Count(s => s.Direction == NrDirection.Downlink) > received + 2; }, wait, ct).ConfigureAwait(false);

        probes.Add(await ProbeAsync(amf, ue, gate, ranUeId, "good ULInformationTransfer (positive control)", Probe(0x60), null, true, wait, ct).ConfigureAwait(false));
        var good = ue.SentPdus.Count - 1;
        probes.Add(await ProbeAsync(amf, ue, gate, ranUeId, "MAC-I corrupted", Probe(0x61), true, false, wait, ct).ConfigureAwait(false));
        probes.Add(await ReplayAsync(amf, ue, gate, ranUeId, good, Probe(0x60), wait, ct).ConfigureAwait(false));
        probes.Add(await ProbeAsync(amf, ue, gate, ranUeId, "good ULInformationTransfer after the others (link still up)", Probe(0x62), null, true, wait, ct).ConfigureAwait(false));
        foreach (var p in probes) step($"uplink probe '{p.Name}' (COUNT {p.Count}): {(p.Arrived ? "reached the AMF" : "did not reach the AMF")}");
        await ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
        return "trial completed";
    }

    internal static async Task<AirUplinkProbe> ProbeAsync(AmfRole amf, AirUe ue, object gate, long ranUeId, string name, byte[] nas, bool? corrupt, bool mustArrive, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        uint count;
        lock (gate)
        {
            count = ue.NextUplinkCount;
            // A corrupted PDU keeps TX_NEXT where it is (a chosen COUNT), so the cell's receive window does not wait for it.
            ue.SendNas(nas, corrupt == true ? new PdcpManoeuvre(count, CorruptMacI: true) : null);
        }
        var arrived = await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.UplinkNasTransport && m.Get<NasPdu>(NgapIeId.NasPdu)?.Octets.SequenceEqual(nas) == true,
            from, mustArrive ? wait : Quiet(wait), ct).ConfigureAwait(false);
        return new AirUplinkProbe(name, count, mustArrive, arrived is not null);
    }

    private static async Task<AirUplinkProbe> ReplayAsync(AmfRole amf, AirUe ue, object gate, long ranUeId, int index, byte[] nas, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        uint count;
        lock (gate)
        {
            count = PdcpPduReader.Read(ue.SentPdus[index], PdcpBearerConfig.Srb(1), []) is PdcpDataPdu d ? d.Sn : 0;
            ue.Replay(index);
        }
        var arrived = await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.UplinkNasTransport && m.Get<NasPdu>(NgapIeId.NasPdu)?.Octets.SequenceEqual(nas) == true,
            from, Quiet(wait), ct).ConfigureAwait(false);
        return new AirUplinkProbe("the good PDU replayed (same COUNT)", count, false, arrived is not null);
    }

    /// <summary>How long the trial waits for something that must not come (bounded; the cell answers well within it).</summary>
    internal static TimeSpan Quiet(TimeSpan wait) => wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2);

    internal static async Task<bool> UntilAsync(Func<bool> done, TimeSpan wait, CancellationToken ct)
    {
        var until = DateTime.UtcNow + wait;
        while (!done())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
        return true;
    }

    internal static async Task ReleaseAsync(AmfRole amf, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(AmfUeNgapId, ranUeId), new Cause(CauseGroup.Nas, Cause.NasNormalRelease)), "UEContextReleaseCommand").ConfigureAwait(false))
            await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.UeContextReleaseComplete, from, wait, ct).ConfigureAwait(false);
    }

    /// <summary>The Allowed NSSAI of INITIAL CONTEXT SETUP: the core's slices, or SST 1 when it names none.</summary>
    internal static List<SNssai> AllowedSlices(CoreNetworkSettings core)
    {
        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        if (slices.Count == 0) slices.Add(new SNssai(1));
        return slices;
    }

    internal static bool ForUe(NgapMessage m, long ranUeId) =>
        m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == AmfUeNgapId && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId;
}
