using System.Net;
using System.Net.Sockets;
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
        ushort nia, ushort nea, TimeSpan wait, Action<string> step, CancellationToken ct) =>
        (await RunScenarioAsync(amf, air, local, core, imsi, nia, nea, wait, step, DriveAsync, _ => string.Empty, ct).ConfigureAwait(false)).Outcome;

    /// <summary>
    /// The link one trial drives: the harness AMF, the UE simulator (only under <see cref="Gate"/>, which the receive pump
    /// also takes), the trial's K_gNB and the PIXIT's bounds. Probes the scenario makes go to <see cref="Probes"/>.
    /// </summary>
    internal sealed record AirTrialLink(AmfRole Amf, AirUe Ue, object Gate, CoreNetworkSettings Core, string Imsi, ushort Nia, ushort Nea, SecretBytes Kgnb,
        List<AirUplinkProbe> Probes, TimeSpan Wait, Action<string> Step, CancellationToken Ct);

    /// <summary>
    /// One UE simulator on the air link with its receive pump and frame record around <paramref name="scenario"/> (which
    /// returns why it stopped); the outcome and what <paramref name="extra"/> read of the UE at the end (null when NG Setup never came).
    /// </summary>
    internal static async Task<(AsTrialOutcome Outcome, T? Extra)> RunScenarioAsync<T>(AmfRole amf, IPEndPoint air, IPAddress local, CoreNetworkSettings core, string imsi,
        ushort nia, ushort nea, TimeSpan wait, Action<string> step, Func<AirTrialLink, Task<string>> scenario, Func<AirUe, T> extra, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(step);
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false)) return (AsTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}"), default);
        var frames = new List<(DateTimeOffset, byte[], bool)>();
        var gate = new object();
        using var udp = new UdpClient(new IPEndPoint(local, 0));
        using var kgnb = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        using var ue = new AirUe(frame =>
        {
            if (frames.Count < AirUe.MaxSteps) frames.Add((DateTimeOffset.UtcNow, frame, true));
            try { udp.Send(frame, air); } catch (SocketException) { }
        }) { NiaCapabilities = nia, NeaCapabilities = nea, Kgnb = () => SecretBytes.Copy(kgnb.Span) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                UdpReceiveResult got;
                try { got = await udp.ReceiveAsync(stop.Token).ConfigureAwait(false); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
                catch (SocketException) { continue; }
                lock (gate)
                {
                    if (frames.Count < AirUe.MaxSteps) frames.Add((DateTimeOffset.UtcNow, got.Buffer, false));
                    ue.Receive(got.Buffer);
                }
            }
        }, CancellationToken.None);
        var probes = new List<AirUplinkProbe>();
        string why;
        try
        {
            why = await scenario(new AirTrialLink(amf, ue, gate, core, imsi, nia, nea, kgnb, probes, wait, step, ct)).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
        lock (gate)
            return (new AsTrialOutcome(why, ue.Secured, ue.Selected, nia, nea, [.. ue.Steps], [.. ue.Received], probes, [.. frames], ue.UeId, ue.KeysForKeyTable()), extra(ue));
    }

    private static async Task<string> DriveAsync(AirTrialLink link)
    {
        var (ranUeId, _, failure) = await SecureAsync(link, null).ConfigureAwait(false);
        if (failure is not null) return failure;
        var (amf, ue, gate, wait, step, ct, probes) = (link.Amf, link.Ue, link.Gate, link.Wait, link.Step, link.Ct, link.Probes);

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

    /// <summary>
    /// RRC setup, INITIAL UE MESSAGE, INITIAL CONTEXT SETUP with the trial's K_gNB (and <paramref name="inactive"/>, the Core Network
    /// Assistance Information for RRC INACTIVE, when given) and the AS SMC verified: the RAN UE NGAP ID and the INITIAL UE MESSAGE,
    /// or why not (the UE context is then released when it was set up).
    /// </summary>
    internal static async Task<(long RanUeId, NgapMessage? Initial, string? Failure)> SecureAsync(AirTrialLink link, Func<NgapMessage, CoreNetworkAssistanceForInactive?>? inactive)
    {
        var (amf, ue, gate, core, imsi, nia, nea, kgnb, wait, step, ct) = (link.Amf, link.Ue, link.Gate, link.Core, link.Imsi, link.Nia, link.Nea, link.Kgnb, link.Wait, link.Step, link.Ct);
        var from = amf.ReceivedCount;
        lock (gate) ue.Connect(UeStub.InitialRegistration(imsi), (ulong)RandomNumberGenerator.GetInt32(int.MaxValue));
        step("UE simulator: RRCSetupRequest on SRB0 to the femto's air port");
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, wait, ct).ConfigureAwait(false);
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId)
            return (0, null, $"no INITIAL UE MESSAGE within {wait.TotalSeconds:0.#} s after RRCSetupRequest (RRC setup or RRCSetupComplete not carried)");
        step($"INITIAL UE MESSAGE, RAN UE NGAP ID {ranUeId}");

        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        if (slices.Count == 0) slices.Add(new SNssai(1));
        var from2 = amf.ReceivedCount;
        using (var key = SecretBytes.Copy(kgnb.Span))
        {
            if (!await amf.SendUeAssociatedAsync(NgapMessages.InitialContextSetupRequest(AmfUeNgapId, ranUeId, amf.Guami, new AllowedNssai(slices),
                    new UeSecurityCapabilities(nea, nia, 0, 0), new SecurityKey(key), inactiveAssistance: inactive?.Invoke(initial)), "InitialContextSetupRequest").ConfigureAwait(false))
                return (ranUeId, initial, "INITIAL CONTEXT SETUP REQUEST could not be sent (NG-C down)");
        }
        var context = await amf.WaitForAsync(m => ForUe(m, ranUeId) && (m.Rule == NgapMessageRules.InitialContextSetupResponse || m.Rule == NgapMessageRules.InitialContextSetupFailure),
            from2, wait, ct).ConfigureAwait(false);
        step($"INITIAL CONTEXT SETUP (Security Key = K_gNB, NR NIA mask 0x{nia:X4}, NEA mask 0x{nea:X4}): {context?.Name ?? "no answer"}");
        if (!await UntilAsync(() => { lock (gate) return ue.Secured || ue.Steps.Any(s => s.Message == "securityModeFailure"); }, wait, ct).ConfigureAwait(false) || !ue.Secured)
        {
            await ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
            return (ranUeId, initial, $"AS security not activated: {(ue.Steps.LastOrDefault(s => s.Message == "securityModeCommand") is { } smc ? smc.ToString() : $"no Security Mode Command within {wait.TotalSeconds:0.#} s")}");
        }
        step($"AS Security Mode Command verified: {ue.Selected?.Ciphering}, {ue.Selected?.Integrity}; SecurityModeComplete sent");
        return (ranUeId, initial, null);
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

    internal static bool ForUe(NgapMessage m, long ranUeId) =>
        m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == AmfUeNgapId && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId;
}
