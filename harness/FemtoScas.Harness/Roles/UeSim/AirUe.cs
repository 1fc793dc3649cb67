using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// A UE simulator on the emulated air link (TS 38.331 5.3.3 RRC connection establishment, 5.3.4 AS security
/// activation) in the harness: RRCSetupRequest on SRB0 (CCCH), RRCSetupComplete with the initial NAS on SRB1,
/// the AS Security Mode Command verified with K_gNB (which the harness AMF chose and gives through
/// <see cref="Kgnb"/>) and answered with SecurityModeComplete, then NAS both ways in UL/DL Information Transfer.
/// Misbehaviour for the tests: security capabilities offered (<see cref="NiaCapabilities"/>,
/// <see cref="NeaCapabilities"/>), an uplink PDU with a corrupted MAC-I or a chosen COUNT
/// (<see cref="SendNas"/>), and a replay of an earlier uplink PDU (<see cref="Replay"/>). Not thread safe: the
/// caller serialises <see cref="Receive(ReadOnlySpan{byte}, DateTimeOffset)"/> and the sends. Every PDU the peer sends gives a step, never an exception.
/// Every step that sent or received an RRC message carries its PDU with the time of the air frame (<see cref="AirStep.Rrc"/>):
/// the case's air-rrc.pcapng. RRC_INACTIVE and resume: AirUeResume.cs. The cell's MIB and SIB1: AirUeBroadcast.cs.
/// </summary>
public sealed partial class AirUe : IDisposable
{
    /// <summary>Steps kept at most (a flooding cell gets no more rows).</summary>
    public const int MaxSteps = 512;

    private readonly Action<byte[]> send;
    private DateTimeOffset frameAt;

    /// <summary>A UE simulator whose frames go to <paramref name="send"/>.</summary>
    public AirUe(Action<byte[]> send) : this(Untimed(send))
    {
    }

    /// <summary>A UE simulator whose frames go to <paramref name="transmit"/> with the time the UE stamps them with (the time its RRC PDUs are recorded with, <see cref="AirRrcPdu.FrameAt"/>).</summary>
    public AirUe(Action<byte[], DateTimeOffset> transmit)
    {
        ArgumentNullException.ThrowIfNull(transmit);
        send = frame =>
        {
            frameAt = DateTimeOffset.UtcNow;
            transmit(frame, frameAt);
        };
    }

    private static Action<byte[], DateTimeOffset> Untimed(Action<byte[]> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        return (frame, _) => send(frame);
    }

    private readonly PdcpTransmitter uplink = new(PdcpBearerConfig.Srb(1), NrDirection.Uplink);
    private readonly PdcpReceiver downlink = new(PdcpBearerConfig.Srb(1), NrDirection.Downlink, maxBuffered: 64);
    private readonly PdcpReceiver clearShadow = new(PdcpBearerConfig.Srb(1), NrDirection.Downlink, maxBuffered: 64);
    private readonly List<AirStep> steps = [];
    private readonly List<AirDownlink> received = [];
    private readonly List<byte[]> sentPdus = [];
    private readonly List<byte[]> sentRrc = [];
    private AsSecurityContext? security;
    private byte[]? initialNas;

    /// <summary>The C-RNTI the cell gave in RRCSetup's frame (0 before).</summary>
    public ushort UeId { get; private set; }

    /// <summary>NR integrity algorithms the UE supports, the 16-bit mask of TS 24.501 9.11.3.54 / TS 38.413 (first bit 128-NIA1).</summary>
    public ushort NiaCapabilities { get; init; } = 0xE000;

    /// <summary>NR ciphering algorithms the UE supports (first bit 128-NEA1).</summary>
    public ushort NeaCapabilities { get; init; } = 0xE000;

    /// <summary>K_gNB as the harness AMF derived it for this UE (asked for when the SMC arrives; null: the UE cannot activate AS security).</summary>
    public Func<SecretBytes?>? Kgnb { get; set; }

    /// <summary>
    /// A decoder of someone else's air capture (the operator-assisted UE, AirCaptureDecoder): the downlink is judged as
    /// usual, but nothing is sent and no uplink step is invented (the captured UE's own uplink is in the capture).
    /// </summary>
    public bool Passive { get; init; }

    /// <summary>The algorithms of the Security Mode Command the UE accepted (null before).</summary>
    public SecurityAlgorithmConfig? Selected { get; private set; }

    /// <summary>Whether the UE sent SecurityModeComplete (AS security active both ways).</summary>
    public bool Secured => security is not null;

    public IReadOnlyList<AirStep> Steps => steps;

    public IReadOnlyList<AirDownlink> Received => received;

    /// <summary>The COUNT the next uplink SRB1 PDU takes (TX_NEXT).</summary>
    public uint NextUplinkCount => (uint)uplink.TxNext;

    /// <summary>The SRB1 uplink PDUs sent, in order (for <see cref="Replay"/>).</summary>
    public IReadOnlyList<byte[]> SentPdus => sentPdus;

    /// <summary>The NAS messages the cell delivered in DLInformationTransfer, in order.</summary>
    public IEnumerable<byte[]> DownlinkNas => received.Select(r => r.Message).OfType<DlInformationTransfer>().Where(d => d.DedicatedNasMessage is not null).Select(d => d.DedicatedNasMessage!);

    /// <summary>RRCSetupRequest (random UE identity, mo-Signalling) on SRB0; <paramref name="nas"/> goes in RRCSetupComplete.</summary>
    public void Connect(byte[] nas, ulong randomIdentity)
    {
        ArgumentNullException.ThrowIfNull(nas);
        initialNas = nas;
        var request = new RrcSetupRequest(randomIdentity & ((1UL << 39) - 1), true, EstablishmentCause.MoSignalling);
        var frame = new AirCcchFrame(NrDirection.Uplink, 0, RrcCodec.Encode(request));
        send(frame.Write());
        Step(NrDirection.Uplink, "SRB0", request.Name, null, "none (CCCH)", "", (frame.Channel, frame.Rrc));
    }

    /// <summary>ULInformationTransfer with <paramref name="nas"/> on SRB1; <paramref name="manoeuvre"/> chooses a COUNT or corrupts the MAC-I.</summary>
    public byte[] SendNas(byte[] nas, PdcpManoeuvre? manoeuvre = null) =>
        SendSrb1(new UlInformationTransfer(nas), manoeuvre, manoeuvre is null ? "" : $"manoeuvre: {(manoeuvre.Count is { } c ? $"COUNT {c} " : "")}{(manoeuvre.CorruptMacI ? "MAC-I corrupted" : "")}".TrimEnd());

    /// <summary>Sends uplink PDU <paramref name="index"/> again, octet for octet (its COUNT again: a replay).</summary>
    public void Replay(int index)
    {
        var pdu = sentPdus[index];
        send(new PdcpNrUdpFrame(uplink.Bearer, NrDirection.Uplink, UeId, pdu).Write());
        Step(NrDirection.Uplink, "SRB1", "(replayed PDU)", PdcpPduReader.Read(pdu, uplink.Bearer, []) is PdcpDataPdu d ? d.Sn : null, "as first sent", $"replay of uplink PDU {index}",
            (RrcChannel.UlDcch, sentRrc[index]));
    }

    /// <summary>One datagram from the cell, received now; never throws on its content.</summary>
    public void Receive(ReadOnlySpan<byte> datagram) => Receive(datagram, DateTimeOffset.UtcNow);

    /// <summary>One datagram from the cell, received at <paramref name="at"/> (the time its air frame is recorded with); never throws on its content.</summary>
    public void Receive(ReadOnlySpan<byte> datagram, DateTimeOffset at)
    {
        frameAt = at;
        if (ReceiveBroadcast(datagram)) return;
        if (AirCcchFrame.Read(datagram, out _) is { Direction: NrDirection.Downlink } ccch)
        {
            ReceiveCcch(ccch);
            return;
        }
        var findings = new List<PdcpFinding>();
        var read = PdcpNrUdpFrame.Read(datagram, findings);
        if (read is { Direction: NrDirection.Downlink, Bearer.Kind: PdcpBearerKind.Drb })
        {
            ReceiveUser(read);
            return;
        }
        if (read is not { Direction: NrDirection.Downlink, Bearer.Identity: 1, Bearer.Kind: PdcpBearerKind.Srb } frame)
        {
            Step(NrDirection.Downlink, "?", "(not read)", null, "-", findings.Count > 0 ? findings[0].ToString() : "not a downlink SRB1 frame");
            return;
        }
        if (ReceiveWhileInactive(frame)) return;
        if (security is null) ReceiveBeforeSecurity(frame.Pdu);
        else ReceiveSecured(frame.Pdu);
    }

    private void ReceiveCcch(AirCcchFrame frame)
    {
        var decoded = RrcCodec.Decode(RrcChannel.DlCcch, frame.Rrc);
        Step(NrDirection.Downlink, "SRB0", decoded.MessageName ?? "(undecodable)", null, "none (CCCH)", decoded.Findings.Count > 0 ? decoded.Findings[0].ToString() : "",
            (RrcChannel.DlCcch, frame.Rrc));
        if (decoded.Message is RrcSetup && SetupWhileResuming(frame)) return;
        if (decoded.Message is not RrcSetup setup || initialNas is null) return;
        UeId = frame.UeId;
        received.Add(new AirDownlink(setup, null, AirDownlinkProtection.None));
        SendSrb1(new RrcSetupComplete(setup.TransactionId, 1, initialNas), null, "");
    }

    private void ReceiveBeforeSecurity(byte[] pdu)
    {
        // The SMC is integrity protected with keys the UE derives only from its content: read it unverified first,
        // then verify it through the receiving entity with K_RRCint (TS 33.501 6.7.4).
        if (PdcpPduReader.Read(pdu, downlink.Bearer, []) is PdcpDataPdu data && data.Body.Length >= PdcpDataPdu.MacILength
            && RrcCodec.Decode(RrcChannel.DlDcch, data.Body[..^PdcpDataPdu.MacILength]).Message is SecurityModeCommand smc)
        {
            ActivateSecurity(pdu, smc, data.Body[..^PdcpDataPdu.MacILength]);
            return;
        }
        var result = downlink.Receive(pdu);
        clearShadow.Receive(pdu);
        Deliver(result, AirDownlinkProtection.None);
    }

    private void ActivateSecurity(byte[] pdu, SecurityModeCommand smc, byte[] sdu)
    {
        (RrcChannel, byte[]) rrc = (RrcChannel.DlDcch, sdu);
        var nia = smc.Algorithms.Integrity ?? NrIntegrityAlgorithm.Nia0;
        var nea = smc.Algorithms.Ciphering;
        using var kgnb = Kgnb?.Invoke();
        if (kgnb is null || !NrSecurityAlgorithms.TryGetIntegrity(nia, out _) || !NrSecurityAlgorithms.TryGetCipher(nea, out _))
        {
            Step(NrDirection.Downlink, "SRB1", smc.Name, null, "not verified", kgnb is null ? "no K_gNB from the AMF: SecurityModeFailure" : $"{nea}/{nia} unknown: SecurityModeFailure", rrc);
            SendSrb1(new SecurityModeFailure(smc.TransactionId), null, "");
            return;
        }
        var context = new AsSecurityContext(SecretBytes.Copy(kgnb.Span), nea, nia);
        downlink.Security = new PdcpSecurity(context.RrcIntegrity, NrKeyedCipher.Null);
        clearShadow.Security = downlink.Security;
        var result = downlink.Receive(pdu);
        clearShadow.Receive(pdu);
        if (result.Outcome != PdcpReceiveOutcome.Accepted)
        {
            Step(NrDirection.Downlink, "SRB1", smc.Name, result.Count, result.Outcome.ToString(), "MAC-I of the SMC does not verify with K_RRCint: SecurityModeFailure (TS 38.331 5.3.4.3)", rrc);
            // Both receivers drop the context before it is disposed (the shadow too: the next PDU would use a disposed key).
            downlink.Security = PdcpSecurity.None;
            clearShadow.Security = PdcpSecurity.None;
            context.Dispose();
            SendSrb1(new SecurityModeFailure(smc.TransactionId), null, "");
            return;
        }
        Selected = smc.Algorithms;
        received.Add(new AirDownlink(smc, result.Count, AirDownlinkProtection.IntegrityOnly));
        Step(NrDirection.Downlink, "SRB1", smc.Name, result.Count, $"{nia} verified, not ciphered", $"{nea}, {nia} selected", rrc);
        security = context;
        // TS 38.331 5.3.4.3: SecurityModeComplete is integrity protected and ciphered; everything after it both ways.
        uplink.Security = PdcpSecurity.For(context, uplink.Bearer);
        downlink.Security = PdcpSecurity.For(context, downlink.Bearer);
        clearShadow.Security = new PdcpSecurity(context.RrcIntegrity, NrKeyedCipher.Null);
        SendSrb1(new SecurityModeComplete(smc.TransactionId), null, "");
    }

    private void ReceiveSecured(byte[] pdu)
    {
        var result = downlink.Receive(pdu);
        var shadow = clearShadow.Receive(pdu);
        var protection = result.Outcome switch
        {
            PdcpReceiveOutcome.Accepted => security!.Nea == NrEncryptionAlgorithm.Nea0 ? AirDownlinkProtection.IntegrityOnly : AirDownlinkProtection.IntegrityAndCiphering,
            PdcpReceiveOutcome.IntegrityFailure when shadow.Outcome == PdcpReceiveOutcome.Accepted => AirDownlinkProtection.NotCiphered,
            PdcpReceiveOutcome.IntegrityFailure => AirDownlinkProtection.IntegrityFailure,
            _ => AirDownlinkProtection.Discarded,
        };
        RefreshChecked(result.Outcome == PdcpReceiveOutcome.Accepted || shadow.Outcome == PdcpReceiveOutcome.Accepted, result.Outcome == PdcpReceiveOutcome.IntegrityFailure);
        Deliver(protection == AirDownlinkProtection.NotCiphered ? shadow : result, protection);
    }

    private void Deliver(PdcpReceiveResult result, AirDownlinkProtection protection)
    {
        var label = ProtectionLabel(protection);
        if (result.Delivered.Count == 0)
        {
            Step(NrDirection.Downlink, "SRB1", "(not delivered)", result.Count, label, result.Findings.Count > 0 ? result.Findings[0].ToString() : result.Outcome.ToString());
            return;
        }
        foreach (var sdu in result.Delivered)
        {
            var decoded = RrcCodec.Decode(RrcChannel.DlDcch, sdu.Sdu);
            Step(NrDirection.Downlink, "SRB1", decoded.MessageName ?? "(undecodable)", sdu.Count, label, decoded.Findings.Count > 0 ? decoded.Findings[0].ToString() : "",
                (RrcChannel.DlDcch, sdu.Sdu));
            if (decoded.Message is { } message) received.Add(new AirDownlink(message, sdu.Count, protection));
            // TS 38.331 5.3.5.3: a protected RRCReconfiguration is applied and answered (DRBs: AirUeDrb).
            if (decoded.Message is RrcReconfiguration reconfiguration && protection is AirDownlinkProtection.IntegrityAndCiphering or AirDownlinkProtection.IntegrityOnly)
                Reconfigure(reconfiguration, sdu.Count);
            if (decoded.Message is RrcRelease release && protection is AirDownlinkProtection.IntegrityAndCiphering or AirDownlinkProtection.IntegrityOnly) Released(release);
        }
    }

    private string ProtectionLabel(AirDownlinkProtection protection) => protection switch
    {
        AirDownlinkProtection.None => "no AS security yet",
        AirDownlinkProtection.IntegrityOnly => $"{security?.Nia} verified, {security?.Nea}",
        AirDownlinkProtection.IntegrityAndCiphering => $"{security?.Nia} verified, {security?.Nea} deciphered",
        AirDownlinkProtection.NotCiphered => $"{security?.Nia} verified over the clear body: NOT ciphered with {security?.Nea}",
        AirDownlinkProtection.IntegrityFailure => $"MAC-I fails {security?.Nia}",
        _ => "discarded",
    };

    private byte[] SendSrb1(RrcMessage message, PdcpManoeuvre? manoeuvre, string note)
    {
        if (Passive) return [];
        var count = manoeuvre?.Count ?? (uint)uplink.TxNext;
        var rrc = RrcCodec.Encode(message);
        var pdu = uplink.Protect(rrc, manoeuvre);
        sentPdus.Add(pdu);
        sentRrc.Add(rrc);
        var ciphered = security is not null && security.Nea != NrEncryptionAlgorithm.Nea0;
        send(new PdcpNrUdpFrame(PdcpBearerConfig.Srb(1, ciphering: ciphered), NrDirection.Uplink, UeId, pdu).Write());
        Step(NrDirection.Uplink, "SRB1", message.Name, count, security is null ? "no AS security yet" : $"{security.Nia}, {security.Nea}", note, (message.Channel, rrc));
        return pdu;
    }

    /// <summary>A row of the step table; <paramref name="rrc"/> is the RRC PDU the step's air frame carried (time-stamped with that frame).</summary>
    private void Step(NrDirection direction, string bearer, string message, uint? count, string protection, string note, (RrcChannel Channel, byte[] Octets)? rrc = null)
    {
        if (steps.Count < MaxSteps)
            steps.Add(new AirStep(DateTimeOffset.UtcNow, direction, bearer, message, count, protection, note, rrc is { } r ? new AirRrcPdu(frameAt, r.Channel, r.Octets) : null));
    }

    /// <summary>The AS keys for the Wireshark PDCP-NR key table (null before the SMC).</summary>
    public AsKeyExport? KeysForKeyTable() => security?.ExportForKeyTable();

    public void Dispose()
    {
        security?.Dispose();
        pendingResume?.Dispose();
    }
}
