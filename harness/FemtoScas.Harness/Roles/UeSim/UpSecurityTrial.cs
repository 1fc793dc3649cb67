using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Gtpu;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// One UE's user plane through the femto's air link with the harness as AMF and UPF (issue 13; TS 33.511 4.2.2.1.2, .5,
/// .7, .8, .10, .11): RRC setup, INITIAL CONTEXT SETUP with a fresh K_gNB and the AS SMC as in <see cref="AsSecurityTrial"/>;
/// then PDU SESSION RESOURCE SETUP REQUEST whose transfer carries the caller's SMF policy (Security Indication) and the
/// UPF's UL tunnel inside the IPsec tunnel; the cell must add a DRB by RRCReconfiguration (the UE applies it and answers
/// RRCReconfigurationComplete) and answer with its DL tunnel and Security Result. Probes: a good uplink IP packet on the
/// DRB (must reach the UPF as a G-PDU), one with its MAC-I corrupted at an unadvanced COUNT (when the DRB has UP
/// integrity; must not), the good PDU replayed (must not reach it again), a last good one; and a downlink packet from the
/// UPF whose DRB protection the UE judges. It decides nothing; the session and the UE context are released at the end.
/// Every wait is bounded by the PIXIT response timeout; the UPF keeps at most <see cref="MaxUplinkPackets"/> packets.
/// </summary>
public static class UpSecurityTrial
{
    public const int PduSessionId = 5;

    /// <summary>The UPF's UL TEID for the air-link session ("UP").</summary>
    public const uint UplinkTeid = 0x0000_5550;

    public const int Qfi = 1;

    public const int MaxUplinkPackets = 64;

    /// <summary>The UE's user address and the server it talks to (inside the G-PDUs only).</summary>
    public static readonly IPEndPoint UeUser = new(IPAddress.Parse("10.60.0.9"), 40000);

    public static readonly IPEndPoint Server = new(IPAddress.Parse("198.51.100.7"), 9);

    /// <summary>The uplink probe packet <paramref name="n"/>: an IPv4/UDP datagram whose payload names it.</summary>
    public static byte[] UplinkPacket(int n) => IpPacketSynthesizer.Udp(UeUser, Server, System.Text.Encoding.ASCII.GetBytes($"FemtoScas UP probe {n}"));

    /// <summary>The UPF's downlink packet.</summary>
    public static byte[] DownlinkPacket() => IpPacketSynthesizer.Udp(Server, UeUser, "FemtoScas UPF downlink user packet"u8);

    /// <summary>The SMF policy the user-plane cases send: both required unless a case asks otherwise; the integrity rate when integrity is wanted (TS 38.413 9.3.1.27).</summary>
    public static SecurityIndication Policy(UpProtectionIndication integrity, UpProtectionIndication confidentiality) =>
        new(integrity, confidentiality, integrity == UpProtectionIndication.NotNeeded ? null : MaximumIntegrityProtectedDataRate.MaximumUeRate);

    public static async Task<UpTrialOutcome> RunAsync(AmfRole amf, IInnerPacketChannel channel, IPEndPoint air, IPAddress local, CoreNetworkSettings core, string imsi,
        SecurityIndication policy, TimeSpan wait, Action<string> step, Action<byte[], string>? record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(step);
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false)) return UpTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}", policy);
        using var kgnb = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        await using var link = AirUeLink.Open(air, local, AsSecurityObservation.AllNrAlgorithms, AsSecurityObservation.AllNrAlgorithms, kgnb, ct);
        using var upf = new Upf(channel, record);
        var state = new Run(policy);
        var why = await DriveAsync(amf, link, upf, core, imsi, kgnb, state, wait, step, ct).ConfigureAwait(false);
        lock (link.Gate)
        {
            var ue = link.Ue;
            return new UpTrialOutcome(why, policy, ue.Selected, ue.Drb, ue.DrbBearer?.Integrity, ue.DrbBearer?.Ciphering, state.Result, state.SessionSetUp,
                state.Probes, state.Downlink, [.. ue.Steps], [.. link.Frames], ue.UeId, ue.KeysForKeyTable());
        }
    }

    /// <summary>What the drive collects besides the UE's own record.</summary>
    private sealed class Run(SecurityIndication policy)
    {
        public SecurityIndication Policy { get; } = policy;
        public SecurityResult? Result { get; set; }
        public bool SessionSetUp { get; set; }
        public List<UpUplinkProbe> Probes { get; } = [];
        public UpDownlinkProbe? Downlink { get; set; }
    }

    private static async Task<string> DriveAsync(AmfRole amf, AirUeLink link, Upf upf, CoreNetworkSettings core, string imsi, SecretBytes kgnb, Run state,
        TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        var ue = link.Ue;
        var gate = link.Gate;
        var (secured, _, failure) = await AsSecurityTrial.ConnectAndSecureAsync(amf, ue, gate, core, imsi, AsSecurityObservation.AllNrAlgorithms, AsSecurityObservation.AllNrAlgorithms,
            kgnb, wait, step, ct).ConfigureAwait(false);
        if (secured is not { } ranUeId) return failure!;

        // AMF -> NG-RAN: PDU SESSION RESOURCE SETUP REQUEST (TS 38.413 8.2.1) with the SMF's UP security policy (9.3.1.27).
        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        if (slices.Count == 0) slices.Add(new SNssai(1));
        var uplink = new GtpTunnel(upf.Address, UplinkTeid);
        var transfer = new PduSessionResourceSetupRequestTransfer(uplink, PduSessionType.Ipv4, [new QosFlowSetupRequest(Qfi, 9)]) { Security = state.Policy };
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceSetupRequest(AsSecurityTrial.AmfUeNgapId, ranUeId,
                [new PduSessionResourceItem(PduSessionId, transfer.Encode(), slices[0])]), "PDUSessionResourceSetupRequest").ConfigureAwait(false))
        {
            await AsSecurityTrial.ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
            return "PDU SESSION RESOURCE SETUP REQUEST could not be sent (NG-C down)";
        }
        step($"PDU SESSION RESOURCE SETUP REQUEST: PDU session {PduSessionId}, UL {uplink}, QFI {Qfi}, SMF Security Indication: {state.Policy}");
        var answer = await amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceSetupResponse, from, wait * 2, ct).ConfigureAwait(false);
        var session = Session(answer, wait);
        step($"PDU SESSION RESOURCE SETUP RESPONSE: {session.Why}");
        if (session.Downlink is not { } downlink)
        {
            await AsSecurityTrial.ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
            return session.Why;
        }
        state.SessionSetUp = true;
        state.Result = session.Result;
        if (!await AsSecurityTrial.UntilAsync(() => { lock (gate) return ue.DrbBearer is not null; }, wait, ct).ConfigureAwait(false))
        {
            await ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
            return "the PDU session was set up, but the UE simulator got no RRCReconfiguration adding a DRB";
        }

        // Uplink probes on the DRB, each judged by whether its IP packet reached the UPF as a G-PDU on the UL TEID.
        state.Probes.Add(await UplinkAsync(ue, gate, upf, "good user IP packet (positive control)", UplinkPacket(1), null, true, wait, ct).ConfigureAwait(false));
        int good;
        bool integrity;
        lock (gate)
        {
            good = ue.SentUserPdus.Count - 1;
            integrity = ue.DrbBearer!.Integrity;
        }
        state.Probes.Add(integrity
            ? await UplinkAsync(ue, gate, upf, "MAC-I corrupted (COUNT not advanced)", UplinkPacket(2), true, false, wait, ct).ConfigureAwait(false)
            : new UpUplinkProbe("MAC-I corrupted: not sent, the DRB has no UP integrity (no MAC-I)", 0, false, false, 0));
        state.Probes.Add(await ReplayAsync(ue, gate, upf, good, UplinkPacket(1), wait, ct).ConfigureAwait(false));
        state.Probes.Add(await UplinkAsync(ue, gate, upf, "good user IP packet after the others (link still up)", UplinkPacket(4), null, true, wait, ct).ConfigureAwait(false));
        foreach (var p in state.Probes) step($"uplink DRB probe '{p.Name}' (COUNT {p.Count}): {(p.Sent ? p.Arrived ? $"reached the UPF ({p.Arrivals}x)" : "did not reach the UPF" : "not sent")}");

        // Downlink: the UPF's G-PDU on the DL tunnel must reach the UE on the DRB, protected as configured.
        var sent = DownlinkPacket();
        int before;
        lock (gate) before = ue.UserReceived.Count;
        await upf.SendDownlinkAsync(downlink, Qfi, sent, ct).ConfigureAwait(false);
        await AsSecurityTrial.UntilAsync(() => { lock (gate) return ue.UserReceived.Count > before; }, wait, ct).ConfigureAwait(false);
        lock (gate) state.Downlink = new UpDownlinkProbe(sent, ue.UserReceived.Count > before ? ue.UserReceived[before] : null);
        step($"downlink user packet from the UPF to {downlink}: {(state.Downlink.Seen is null ? "no DRB PDU reached the UE" : state.Downlink.DeliveredIntact ? "delivered intact by the UE's DRB entity" : state.Downlink.SentInClear ? "readable as sent (not ciphered)" : $"not delivered ({state.Downlink.Seen.Outcome})")}");
        await ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
        return "trial completed";
    }

    /// <summary>What PDU SESSION RESOURCE SETUP RESPONSE says about the trial's session.</summary>
    private static (GtpTunnel? Downlink, SecurityResult? Result, string Why) Session(NgapMessage? answer, TimeSpan wait)
    {
        if (answer is null) return (null, null, $"no PDU SESSION RESOURCE SETUP RESPONSE within {(wait * 2).TotalSeconds:0.#} s");
        var findings = new List<NgapFinding>();
        if (answer.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuRes)?.Items.FirstOrDefault(i => i.PduSessionId == PduSessionId) is { } setUp)
        {
            var transfer = PduSessionResourceSetupResponseTransfer.Parse(setUp.Transfer, setUp.TransferBitOffset, findings);
            var seen = findings.Count == 0 ? "" : $" (findings: {string.Join("; ", findings)})";
            return transfer is null
                ? (null, null, $"PDU session {PduSessionId} set up, but its Setup Response Transfer does not decode{seen}")
                : (transfer.DownlinkTunnel, transfer.Security, $"PDU session {PduSessionId} set up: DL {transfer.DownlinkTunnel}, Security Result {transfer.Security?.ToString() ?? "absent"}{seen}");
        }
        if (answer.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceFailedToSetupListSuRes)?.Items.FirstOrDefault(i => i.PduSessionId == PduSessionId) is { } failed)
            return (null, null, $"the femto failed to set up PDU session {PduSessionId} (cause {PduSessionTransfers.ParseSetupUnsuccessful(failed.Transfer, failed.TransferBitOffset, findings)?.ToString() ?? "undecodable"})");
        return (null, null, $"PDU SESSION RESOURCE SETUP RESPONSE lists PDU session {PduSessionId} neither set up nor failed");
    }

    private static async Task<UpUplinkProbe> UplinkAsync(AirUe ue, object gate, Upf upf, string name, byte[] packet, bool? corrupt, bool mustArrive, TimeSpan wait, CancellationToken ct)
    {
        var before = upf.Count(packet);
        uint count;
        lock (gate)
        {
            count = ue.NextUserCount;
            // A corrupted PDU keeps TX_NEXT where it is (a chosen COUNT), so the cell's receive window does not wait for it.
            ue.SendUser(packet, corrupt == true ? new PdcpManoeuvre(count, CorruptMacI: true) : null);
        }
        await AsSecurityTrial.UntilAsync(() => upf.Count(packet) > before, mustArrive ? wait : AsSecurityTrial.Quiet(wait), ct).ConfigureAwait(false);
        return new UpUplinkProbe(name, count, true, mustArrive, upf.Count(packet) - before);
    }

    private static async Task<UpUplinkProbe> ReplayAsync(AirUe ue, object gate, Upf upf, int index, byte[] packet, TimeSpan wait, CancellationToken ct)
    {
        var before = upf.Count(packet);
        uint count;
        lock (gate)
        {
            count = PdcpPduReader.Read(ue.SentUserPdus[index], ue.DrbBearer!, []) is PdcpDataPdu d ? d.Sn : 0;
            ue.ReplayUser(index);
        }
        await AsSecurityTrial.UntilAsync(() => upf.Count(packet) > before, AsSecurityTrial.Quiet(wait), ct).ConfigureAwait(false);
        return new UpUplinkProbe("the good PDU replayed (same COUNT)", count, true, false, upf.Count(packet) - before);
    }

    /// <summary>PDU SESSION RESOURCE RELEASE COMMAND (TS 38.413 8.2.2), then the UE context.</summary>
    private static async Task ReleaseAsync(AmfRole amf, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        if (await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceReleaseCommand(AsSecurityTrial.AmfUeNgapId, ranUeId,
                [(PduSessionId, new Cause(CauseGroup.Nas, Cause.NasNormalRelease))]), "PDUSessionResourceReleaseCommand").ConfigureAwait(false))
            await amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceReleaseResponse, from, wait, ct).ConfigureAwait(false);
        await AsSecurityTrial.ReleaseAsync(amf, ranUeId, wait, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The harness UPF for the trial (TS 29.281): takes G-PDUs on <see cref="UplinkTeid"/> at the harness's inner address (their
    /// user packets kept, at most <see cref="MaxUplinkPackets"/>) and sends the downlink G-PDU; every GTP-U packet either way
    /// goes to the recorder for the case's pcapng.
    /// </summary>
    private sealed class Upf : IDisposable
    {
        private readonly IInnerPacketChannel channel;
        private readonly Action<byte[], string>? record;
        private readonly ConcurrentQueue<byte[]> uplink = new();

        public Upf(IInnerPacketChannel channel, Action<byte[], string>? record)
        {
            this.channel = channel;
            this.record = record;
            channel.Received += Take;
        }

        public IPAddress Address => channel.LocalAddress;

        /// <summary>How many user packets equal to <paramref name="packet"/> the UPF got on the UL TEID.</summary>
        public int Count(byte[] packet) => uplink.Count(p => p.AsSpan().SequenceEqual(packet));

        private void Take(InnerPacket p)
        {
            if (p.Ipv4 is not { Protocol: UdpDatagram.IpProtocol } ip || !ip.Destination.Equals(channel.LocalAddress)) return;
            var udp = ip.Payload.Span;
            if (udp.Length < UdpDatagram.HeaderSize || UdpDatagram.Ports(udp) is not { Destination: GtpuPacket.Port }) return;
            record?.Invoke(p.Packet, "N3: GTP-U from the DUT inside the tunnel (air-link user plane)");
            if (GtpuUserPacket.Read(udp[UdpDatagram.HeaderSize..], out var teid, out _) is { } user && teid == UplinkTeid && uplink.Count < MaxUplinkPackets) uplink.Enqueue(user);
        }

        public async Task SendDownlinkAsync(GtpTunnel downlink, int qfi, byte[] packet, CancellationToken ct)
        {
            var datagram = IpPacketSynthesizer.Udp(new IPEndPoint(channel.LocalAddress, GtpuPacket.Port), new IPEndPoint(downlink.Address, GtpuPacket.Port),
                GtpuPacket.GPdu(downlink.Teid, qfi, packet, downlink: true));
            record?.Invoke(datagram, "N3: the harness UPF's downlink G-PDU");
            await channel.SendAsync(datagram, ct).ConfigureAwait(false);
        }

        public void Dispose() => channel.Received -= Take;
    }
}
