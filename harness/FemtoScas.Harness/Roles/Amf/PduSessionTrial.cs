using System.Security.Cryptography;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Gtpu;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// What the harness's AMF/UPF saw of N3 in one <see cref="PduSessionTrial"/>: whether a PDU session was set up, the
/// tunnel endpoints either side, how many GTP-U packets (UDP 2152) the DUT sent to the UPF inside the tunnel, and why
/// it got no further when it did not.
/// </summary>
public sealed record N3Observation(int SessionsSetUp, string Why, GtpTunnel? Uplink, GtpTunnel? Downlink, int GtpuInside)
{
    /// <summary>Of <see cref="GtpuInside"/>: Echo Requests (each answered by the UPF), G-PDUs on the UPF's UL TEID, and the rest (another TEID or type, or not GTP-U v1).</summary>
    public (int EchoRequests, int GPdusOnUplinkTeid, int Other) Kinds { get; init; }

    /// <summary>Where INITIAL CONTEXT SETUP's Security Key came from (the test UE's K_gNB, or random and why); null when no context was tried.</summary>
    public string? KeySource { get; init; }

    /// <summary>No session was tried (no core section, no tunnel, no NG-C).</summary>
    public static N3Observation NotTried(string why) => new(0, why, null, null, 0);
}

/// <summary>
/// One PDU session through the femto, with the harness as AMF and UPF at its inner address (TS 38.413 8.2.1, 8.2.2;
/// TS 23.502 4.3.2): after NG Setup a UE gets INITIAL CONTEXT SETUP (no Mobility Restriction List): the harness's test UE
/// (<see cref="PduSessionUe"/>: registered through the femto with 5G AKA and NAS security mode control, so the Security Key is the
/// K_gNB it derives too, with the protected REGISTRATION ACCEPT), or without one the first UE that registers, with a random key
/// (no AS security follows); then PDU SESSION RESOURCE SETUP REQUEST whose Setup Request Transfer
/// names the UPF's UL GTP-U endpoint (the harness's inner address, <see cref="UplinkTeid"/>), IPv4, one non-GBR QoS flow
/// (QFI 1, 5QI 9). The femto answers with its DL endpoint; the trial then waits for GTP-U from the femto to the UPF inside
/// the tunnel (echo or G-PDU; a femto with a real UE sends G-PDUs only when the UE sends data), releases the session
/// (PDU SESSION RESOURCE RELEASE COMMAND) and the UE context. It decides nothing: NRF-NGC-IN-TUNNEL's rule judges where
/// N3 travelled from the capture and the inner flows.
/// </summary>
public static class PduSessionTrial
{
    public const int PduSessionId = 1;

    /// <summary>The UPF's UL TEID for the session ("N3").</summary>
    public const uint UplinkTeid = 0x0000_4E33;

    /// <summary>Echo Requests the UPF answers at most (a DUT flooding echoes gets no more answers).</summary>
    public const int MaxEchoAnswers = 16;

    /// <summary>AMF UE NGAP ID of the trial's UE (apart from the CAG trials').</summary>
    public const long AmfUeNgapId = 3000;

    /// <summary>
    /// Runs the trial over <paramref name="amf"/> (NG Setup already answered or about to be), counting GTP-U on
    /// <paramref name="channel"/>; each wait bounded by <paramref name="wait"/>, GTP-U by <paramref name="n3Wait"/>.
    /// <paramref name="record"/> gets every inner GTP-U packet (for the case's pcapng).
    /// </summary>
    /// <remarks>With <paramref name="testUe"/> the session's UE is the harness's test UE, registered with 5G AKA and NAS security mode control so that
    /// INITIAL CONTEXT SETUP carries the K_gNB it derives too; without one, the first UE that registers, with a random key.</remarks>
    public static async Task<N3Observation> RunAsync(AmfRole amf, IInnerPacketChannel channel, CoreNetworkSettings core, TimeSpan wait, TimeSpan n3Wait,
        Action<byte[], string>? record, Action<string> step, CancellationToken ct, PduSessionUe? testUe = null)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(step);
        var gtpu = 0;
        var echoes = 0;
        var onTeid = 0;
        void Count(InnerPacket p)
        {
            if (p.Ipv4 is not { Protocol: UdpDatagram.IpProtocol } ip || !ip.Destination.Equals(channel.LocalAddress)) return;
            if (UdpDatagram.Ports(ip.Payload.Span) is not { Destination: GtpuPacket.Port } ports || ip.Payload.Length < UdpDatagram.HeaderSize) return;
            Interlocked.Increment(ref gtpu);
            record?.Invoke(p.Packet, "N3: GTP-U from the DUT inside the tunnel");
            var header = GtpuHeader.Read(ip.Payload.Span[UdpDatagram.HeaderSize..], out _);
            if (header is { MessageType: GtpuPacket.GPduType, Teid: UplinkTeid }) Interlocked.Increment(ref onTeid);
            if (header is not { MessageType: GtpuPacket.EchoRequestType, Sequence: { } sequence }) return;
            // The UPF answers path management (TS 29.281 7.2.2), a bounded number of times.
            if (Interlocked.Increment(ref echoes) > MaxEchoAnswers) return;
            var answer = IpPacketSynthesizer.Udp(new System.Net.IPEndPoint(channel.LocalAddress, GtpuPacket.Port), new System.Net.IPEndPoint(ip.Source, ports.Source),
                GtpuPacket.EchoResponse(sequence));
            record?.Invoke(answer, "N3: the harness UPF's Echo Response");
            _ = channel.SendAsync(answer, ct).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
        channel.Received += Count;
        try
        {
            var result = await SetUpAndReleaseAsync(amf, channel, core, wait, n3Wait, () => Volatile.Read(ref gtpu), step, ct, testUe).ConfigureAwait(false);
            var all = Volatile.Read(ref gtpu);
            var echo = Volatile.Read(ref echoes);
            var gpdu = Volatile.Read(ref onTeid);
            return result with { Kinds = (echo, gpdu, all - echo - gpdu) };
        }
        finally
        {
            channel.Received -= Count;
        }
    }

    private static async Task<N3Observation> SetUpAndReleaseAsync(AmfRole amf, IInnerPacketChannel channel, CoreNetworkSettings core, TimeSpan wait, TimeSpan n3Wait,
        Func<int> gtpu, Action<string> step, CancellationToken ct, PduSessionUe? testUe)
    {
        if (!await amf.WaitForNgSetupAsync(wait * 3, ct).ConfigureAwait(false))
            return N3Observation.NotTried($"no PDU session: {amf.Observe().Why}");
        long ranUeId;
        SecretBytes key;
        UeSecurityCapabilities capabilities;
        byte[]? registrationAccept = null;
        string keySource;
        if (testUe is not null)
        {
            // UE -> femto -> AMF: REGISTRATION REQUEST, identification, 5G AKA, SECURITY MODE CONTROL (TS 33.501 6.1.3.2, 6.7.2): K_gNB from its K_AMF (A.9).
            var (setUp, why) = await testUe.RegisterAsync(amf, AmfUeNgapId, wait, ct).ConfigureAwait(false);
            if (setUp is null) return N3Observation.NotTried($"no PDU session: the test UE was not registered ({why})") with { KeySource = "none: no INITIAL CONTEXT SETUP" };
            (ranUeId, key, capabilities, registrationAccept, keySource) = (setUp.RanUeNgapId, setUp.Kgnb, setUp.Capabilities, setUp.RegistrationAccept, setUp.KeySource);
        }
        else
        {
            var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, 0, wait * 2, ct).ConfigureAwait(false);
            if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } first)
                return N3Observation.NotTried(initial is null
                    ? "no PDU session: no UE registered through the femto (no INITIAL UE MESSAGE; a physical femto needs a test UE attached)"
                    : "no PDU session: INITIAL UE MESSAGE without a decodable RAN UE NGAP ID");
            ranUeId = first;
            // The key is random, and the evidence says why: without a harness test UE (emulated Uu and core.testSubscriber) the AMF runs no
            // 5G AKA for the UE that registers first (the lab's), so it has no K_AMF to derive KgNB from.
            key = SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
            capabilities = new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000);
            keySource = "random: the AMF ran no 5G AKA for the UE that registered first (no harness test UE), so it has no K_AMF to derive K_gNB from; no AS security follows";
        }
        step($"INITIAL CONTEXT SETUP security key: {keySource}");

        // AMF -> NG-RAN: INITIAL CONTEXT SETUP REQUEST (TS 38.413 8.3.1), the core's slices, no Mobility Restriction List.
        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        if (slices.Count == 0) slices.Add(new SNssai(1));
        using (key)
        {
            var from = amf.ReceivedCount;
            if (!await amf.SendUeAssociatedAsync(NgapMessages.InitialContextSetupRequest(AmfUeNgapId, ranUeId, amf.Guami, new AllowedNssai(slices),
                    capabilities, new SecurityKey(key), nasPdu: registrationAccept), "InitialContextSetupRequest").ConfigureAwait(false))
                return N3Observation.NotTried("no PDU session: INITIAL CONTEXT SETUP REQUEST could not be sent (NG-C down)") with { KeySource = keySource };
            var context = await amf.WaitForAsync(m => ForUe(m, ranUeId) && (m.Rule == NgapMessageRules.InitialContextSetupResponse
                || m.Rule == NgapMessageRules.InitialContextSetupFailure), from, wait, ct).ConfigureAwait(false);
            if (context?.Rule != NgapMessageRules.InitialContextSetupResponse)
                return N3Observation.NotTried($"no PDU session: the UE context was not set up ({context?.Name ?? $"no answer within {wait.TotalSeconds:0.#} s"})") with { KeySource = keySource };
            // UE -> femto -> AMF: REGISTRATION COMPLETE, protected (TS 24.501 5.5.1.2.4); the AMF keeps the UE's context.
            if (testUe is not null && registrationAccept is not null)
                await testUe.RegistrationCompleteAsync(amf, AmfUeNgapId, ranUeId, from, wait, ct).ConfigureAwait(false);
        }

        // AMF -> NG-RAN: PDU SESSION RESOURCE SETUP REQUEST (TS 38.413 8.2.1) with the UPF's UL endpoint inside the tunnel.
        var uplink = new GtpTunnel(channel.LocalAddress, UplinkTeid);
        var transfer = new PduSessionResourceSetupRequestTransfer(uplink, PduSessionType.Ipv4, [new QosFlowSetupRequest(1, 9)]);
        var from2 = amf.ReceivedCount;
        N3Observation result;
        if (!await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceSetupRequest(AmfUeNgapId, ranUeId,
                [new PduSessionResourceItem(PduSessionId, transfer.Encode(), slices[0])]), "PDUSessionResourceSetupRequest").ConfigureAwait(false))
        {
            result = N3Observation.NotTried("no PDU session: PDU SESSION RESOURCE SETUP REQUEST could not be sent (NG-C down)") with { Uplink = uplink };
        }
        else
        {
            var answer = await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceSetupResponse, from2, wait, ct).ConfigureAwait(false);
            result = Outcome(answer, uplink, wait);
            step($"N3: {result.Why}");
            if (result.SessionsSetUp > 0)
            {
                // N3 from the femto: wait for its first GTP-U, then a moment for the rest (bounded by n3Wait in all).
                var until = DateTime.UtcNow + n3Wait;
                while (gtpu() == 0 && DateTime.UtcNow < until) await Task.Delay(50, ct).ConfigureAwait(false);
                if (gtpu() > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(0, (until - DateTime.UtcNow).TotalMilliseconds))), ct).ConfigureAwait(false);
            }
            // AMF -> NG-RAN: PDU SESSION RESOURCE RELEASE COMMAND (TS 38.413 8.2.2); the answer is shown, not judged.
            var from3 = amf.ReceivedCount;
            if (result.SessionsSetUp > 0 && await amf.SendUeAssociatedAsync(NgapMessages.PduSessionResourceReleaseCommand(AmfUeNgapId, ranUeId,
                    [(PduSessionId, new Cause(CauseGroup.Nas, Cause.NasNormalRelease))]), "PDUSessionResourceReleaseCommand").ConfigureAwait(false))
                await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.PduSessionResourceReleaseResponse, from3, wait, ct).ConfigureAwait(false);
        }

        // AMF -> NG-RAN: UE CONTEXT RELEASE COMMAND (TS 38.413 8.3.3).
        var from4 = amf.ReceivedCount;
        if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(AmfUeNgapId, ranUeId), new Cause(CauseGroup.Nas, Cause.NasNormalRelease)),
                "UEContextReleaseCommand").ConfigureAwait(false))
            await amf.WaitForAsync(m => ForUe(m, ranUeId) && m.Rule == NgapMessageRules.UeContextReleaseComplete, from4, wait, ct).ConfigureAwait(false);
        return result with { GtpuInside = gtpu(), KeySource = keySource };
    }

    /// <summary>What PDU SESSION RESOURCE SETUP RESPONSE (or its absence) says about the session.</summary>
    public static N3Observation Outcome(NgapMessage? answer, GtpTunnel uplink, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        if (answer is null) return N3Observation.NotTried($"no PDU session: no PDU SESSION RESOURCE SETUP RESPONSE within {wait.TotalSeconds:0.#} s") with { Uplink = uplink };
        var findings = new List<NgapFinding>();
        if (answer.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuRes)?.Items.FirstOrDefault(i => i.PduSessionId == PduSessionId) is { } setUp)
        {
            var transfer = PduSessionResourceSetupResponseTransfer.Parse(setUp.Transfer, setUp.TransferBitOffset, findings);
            var seen = findings.Count == 0 ? "" : $" (findings: {string.Join("; ", findings)})";
            return new N3Observation(1, transfer is null
                ? $"PDU session {PduSessionId} set up, but its Setup Response Transfer does not decode{seen}"
                : $"PDU session {PduSessionId} set up: UL {uplink}, DL {transfer.DownlinkTunnel}{seen}", uplink, transfer?.DownlinkTunnel, 0);
        }
        if (answer.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceFailedToSetupListSuRes)?.Items.FirstOrDefault(i => i.PduSessionId == PduSessionId) is { } failed)
        {
            var cause = PduSessionTransfers.ParseSetupUnsuccessful(failed.Transfer, failed.TransferBitOffset, findings);
            return N3Observation.NotTried($"no PDU session: the femto failed to set up PDU session {PduSessionId} (cause {cause?.ToString() ?? "undecodable"})") with { Uplink = uplink };
        }
        return N3Observation.NotTried($"no PDU session: PDU SESSION RESOURCE SETUP RESPONSE lists PDU session {PduSessionId} neither set up nor failed") with { Uplink = uplink };
    }

    private static bool ForUe(NgapMessage m, long ranUeId) =>
        m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == AmfUeNgapId && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId;
}
