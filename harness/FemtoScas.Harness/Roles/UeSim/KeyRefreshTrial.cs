using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// DRB set-up and tear-down within one RRC connection until a DRB identity comes back (issue 13; TS 33.511 4.2.2.1.13 steps
/// 1-4; TS 33.501 6.9.4.1). The UE simulator connects and activates AS security as in <see cref="AsSecurityTrial"/>; then, per
/// cycle, the harness AMF sets up a PDU session (PDU SESSION RESOURCE SETUP: the cell must add a DRB by RRCReconfiguration,
/// which the UE applies), the UE sends one uplink user IP packet on the DRB (its COUNT is the first the DRB uses), and the AMF
/// releases the session (PDU SESSION RESOURCE RELEASE: the cell must release the DRB). The UE records each DRB addition with the
/// key generation in use and follows any masterKeyUpdate (AirUeKeyRefresh.cs). The trial stops after <see cref="ReusesWanted"/>
/// cycles whose DRB identity an earlier cycle had used, or after <see cref="MaxCycles"/> cycles: DRB-Identity is 1..32 (TS
/// 38.331 6.3.2), so 33 additions in one connection must repeat an identity whatever order the gNB gives them in; a gNB that
/// reuses the lowest free identity repeats on the second cycle. A cycle that does not complete (no session, no DRB, no release)
/// stops the trial there. It decides nothing; every wait is bounded by the PIXIT response timeout; the UE context is released.
/// </summary>
public static class KeyRefreshTrial
{
    public const int PduSessionId = 5;

    /// <summary>Cycles at most: one more than the number of DRB identities.</summary>
    public const int MaxCycles = 33;

    /// <summary>Reuses of a DRB identity after which the trial has seen enough (each must follow a key refresh).</summary>
    public const int ReusesWanted = 2;

    /// <summary>The UPF's UL TEID named in the sessions (the trial runs no UPF; the uplink packet only starts the DRB's COUNT).</summary>
    private const uint UplinkTeid = 0x4B52_0001;

    private sealed record Link(AmfRole Amf, AirUeLink Air, IPAddress Local, CoreNetworkSettings Core, TimeSpan Wait, Action<string> Step, CancellationToken Ct)
    {
        public AirUe Ue => Air.Ue;

        public object Gate => Air.Gate;
    }

    public static async Task<KeyRefreshTrialOutcome> RunAsync(AmfRole amf, IPEndPoint air, IPAddress local, CoreNetworkSettings core, string imsi,
        TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(step);
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false))
            return new KeyRefreshTrialOutcome(AsTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}"), [], [], [], MaxCycles, false);
        const ushort all = AsSecurityObservation.AllNrAlgorithms;
        using var kgnb = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        await using var airLink = AirUeLink.Open(air, local, all, all, kgnb, ct);
        var link = new Link(amf, airLink, local, core, wait, step, ct);
        var cycles = new List<KeyRefreshCycle>();
        var (secured, _, failure) = await AsSecurityTrial.ConnectAndSecureAsync(amf, link.Ue, link.Gate, core, imsi, all, all, kgnb, wait, step, ct).ConfigureAwait(false);
        var (why, completed) = secured is { } ranUeId ? await CyclesAsync(link, ranUeId, cycles).ConfigureAwait(false) : (failure!, false);
        if (secured is { } id) await AsSecurityTrial.ReleaseAsync(amf, id, wait, ct).ConfigureAwait(false);
        var outcome = AsSecurityTrial.Outcome(airLink, why, all, all, []);
        lock (link.Gate)
            return new KeyRefreshTrialOutcome(outcome, cycles, [.. link.Ue.KeyRefreshes], [.. link.Ue.EarlierKeys], MaxCycles, completed);
    }

    /// <summary>How many cycles added a DRB identity an earlier cycle had added.</summary>
    public static int Reuses(IReadOnlyList<KeyRefreshCycle> cycles) =>
        cycles.Where((c, i) => c.Drb is { } d && cycles.Take(i).Any(e => e.Drb?.DrbIdentity == d.DrbIdentity)).Count();

    private static async Task<(string Why, bool Completed)> CyclesAsync(Link link, long ranUeId, List<KeyRefreshCycle> cycles)
    {
        for (var i = 1; i <= MaxCycles; i++)
        {
            var cycle = await CycleAsync(link, ranUeId, i).ConfigureAwait(false);
            cycles.Add(cycle);
            link.Step($"cycle {i}: {(cycle.Drb is { } d ? $"DRB {d.DrbIdentity} under key generation {d.KeyGeneration} (C-RNTI 0x{d.Crnti:X4}), first uplink COUNT {cycle.FirstUplinkCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}" : "no DRB")}{(cycle.Note.Length > 0 ? $"; {cycle.Note}" : "")}");
            if (!cycle.SessionSetUp || cycle.Drb is null || !cycle.Released) return ($"cycle {i} did not complete: {cycle.Note}", false);
            if (Reuses(cycles) >= ReusesWanted) return ($"trial completed: {ReusesWanted} DRB identity reuses in {i} cycles", true);
        }
        return ($"trial completed: {MaxCycles} cycles, {Reuses(cycles)} DRB identity reuses", true);
    }

    private static async Task<KeyRefreshCycle> CycleAsync(Link link, long ranUeId, int index)
    {
        var (amf, ue, gate, wait, ct) = (link.Amf, link.Ue, link.Gate, link.Wait, link.Ct);
        int before;
        lock (gate) before = ue.DrbAdditions.Count;
        var slice = link.Core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).FirstOrDefault() ?? new SNssai(1);
        var transfer = new PduSessionResourceSetupRequestTransfer(new GtpTunnel(link.Local, UplinkTeid), PduSessionType.Ipv4, [new QosFlowSetupRequest(1, 9)]);
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceSetupRequest(AsSecurityTrial.AmfUeNgapId, ranUeId,
                [new PduSessionResourceItem(PduSessionId, transfer.Encode(), slice)]), "PDUSessionResourceSetupRequest").ConfigureAwait(false))
            return new KeyRefreshCycle(index, false, null, null, false, "PDU SESSION RESOURCE SETUP REQUEST could not be sent (NG-C down)");
        var setup = await amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceSetupResponse, from, wait * 2, ct).ConfigureAwait(false);
        if (setup?.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuRes)?.Items.Any(i => i.PduSessionId == PduSessionId) != true)
            return new KeyRefreshCycle(index, false, null, null, false, $"PDU session {PduSessionId} was not set up ({setup?.Name ?? $"no PDU SESSION RESOURCE SETUP RESPONSE within {(wait * 2).TotalSeconds:0.#} s"})");
        await AsSecurityTrial.UntilAsync(() => { lock (gate) return ue.DrbAdditions.Count > before && ue.DrbActive; }, wait, ct).ConfigureAwait(false);
        AirDrbAddition? drb;
        uint? first = null;
        lock (gate)
        {
            drb = ue.DrbAdditions.Count > before ? ue.DrbAdditions[before] : null;
            if (drb is not null && ue.DrbActive)
            {
                var count = ue.NextUserCount;
                if (ue.SendUser(UpSecurityTrial.UplinkPacket(index)) is not null) first = count;
            }
        }
        var note = drb is null ? "the session was set up but the UE applied no RRCReconfiguration adding a DRB (see the air-link steps)" : "";
        var released = await ReleaseSessionAsync(link, ranUeId).ConfigureAwait(false);
        if (drb is not null && !released) note = "the DRB was not released after PDU SESSION RESOURCE RELEASE (no drb-ToReleaseList the UE applied)";
        return new KeyRefreshCycle(index, true, drb, first, released, note);
    }

    /// <summary>PDU SESSION RESOURCE RELEASE COMMAND (TS 38.413 8.2.2) and the DRB's release on the air link: whether both happened.</summary>
    private static async Task<bool> ReleaseSessionAsync(Link link, long ranUeId)
    {
        var from = link.Amf.ReceivedCount;
        if (!await link.Amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceReleaseCommand(AsSecurityTrial.AmfUeNgapId, ranUeId,
                [(PduSessionId, new Cause(CauseGroup.Nas, Cause.NasNormalRelease))]), "PDUSessionResourceReleaseCommand").ConfigureAwait(false))
            return false;
        var answer = await link.Amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceReleaseResponse, from, link.Wait, link.Ct).ConfigureAwait(false);
        return answer is not null && await AsSecurityTrial.UntilAsync(() => { lock (link.Gate) return !link.Ue.DrbActive; }, link.Wait, link.Ct).ConfigureAwait(false);
    }
}
