using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The UE simulator's RRC_INACTIVE and resume (TS 38.331 5.3.8.3, 5.3.13; TS 33.501 6.8.2.1.3). An RRCRelease with
/// suspendConfig that verified on SRB1 stores the AS context (keys, algorithms, the source C-RNTI) and the UE goes
/// RRC_INACTIVE. <see cref="Resume"/> sends RRCResumeRequest on SRB0 with the shortI-RNTI and a resumeMAC-I computed with
/// the stored K_RRCint (corrupted on request: the hook for the cell's check), derives K_NG-RAN* from the stored K_gNB
/// when the NCC received is the current one (horizontal, A.11, for the cell's PCI and ARFCN-DL; a different NCC needs an NH
/// chain the simulator does not hold: not sent) and re-establishes SRB1's PDCP (COUNT 0) under the new keys. The RRCResume
/// that follows must verify with them; one that verifies only with the old keys is recorded as such and not acted on.
/// RRCResumeComplete goes with the new keys and the new C-RNTI the cell's frame names.
/// </summary>
public sealed partial class AirUe
{
    private readonly List<AirResumeAttempt> resumeAttempts = [];
    private readonly List<(ushort UeId, AsKeyExport Keys)> earlierKeys = [];
    private AsSecurityContext? pendingResume;
    private ushort sourceCrnti;

    /// <summary>The NR cell identity of the serving cell (a UE reads it in SIB1); enters the resumeMAC-I.</summary>
    public ulong ServingCellIdentity { get; set; }

    /// <summary>The suspendConfig of the last RRCRelease that suspended the UE (kept after resume, for the record).</summary>
    public SuspendConfig? SuspendConfig { get; private set; }

    /// <summary>Whether the UE is in RRC_INACTIVE.</summary>
    public bool Inactive { get; private set; }

    /// <summary>The NCC of the current K_gNB (0: the initial one; the simulator never receives an NH).</summary>
    public int Ncc { get; }

    public IReadOnlyList<AirResumeAttempt> ResumeAttempts => resumeAttempts;

    /// <summary>The UE ids and AS keys of the connections before each resume (a key-table row each).</summary>
    public IReadOnlyList<(ushort UeId, AsKeyExport Keys)> EarlierKeys => earlierKeys;

    private void Released(RrcRelease release)
    {
        if (release.Suspend is not { } config || security is null) return;
        SuspendConfig = config;
        sourceCrnti = UeId;
        Inactive = true;
        Step(NrDirection.Downlink, "SRB1", "(RRC_INACTIVE)", null, "-",
            $"AS context stored: shortI-RNTI 0x{config.ShortIRnti:X6}, fullI-RNTI 0x{config.FullIRnti:X10}, NCC {config.NextHopChainingCount}, source C-RNTI 0x{sourceCrnti:X4}");
    }

    /// <summary>RRCResumeRequest on SRB0; <paramref name="corruptMacI"/> sends a resumeMAC-I that cannot verify. The resumeMAC-I sent, or null when none was.</summary>
    public ushort? Resume(ResumeCause cause, bool corruptMacI = false, string? name = null)
    {
        if (!Inactive || SuspendConfig is not { } config || security is null)
        {
            Step(NrDirection.Uplink, "SRB0", "(no RRCResumeRequest)", null, "-", "no stored AS context (not RRC_INACTIVE)");
            return null;
        }
        name ??= corruptMacI ? "resumeMAC-I corrupted" : "resumeMAC-I correct";
        if (config.NextHopChainingCount != Ncc)
        {
            Step(NrDirection.Uplink, "SRB0", "(no RRCResumeRequest)", null, "-", $"NCC {config.NextHopChainingCount} differs from the current {Ncc}: K_NG-RAN* would come from an NH the simulator does not hold (no K_AMF)");
            resumeAttempts.Add(new AirResumeAttempt(name, corruptMacI, config.ShortIRnti, 0, ResumeAnswer.NotSent, $"NCC {config.NextHopChainingCount} needs an NH"));
            return null;
        }
        var mac = ResumeMacI.Compute(security.RrcIntegrity, EmulatedAirCell.PhysCellId, ServingCellIdentity, sourceCrnti);
        if (corruptMacI) mac ^= 0x5A5A;
        pendingResume?.Dispose();
        pendingResume = security.ForTargetGnb(EmulatedAirCell.PhysCellId, EmulatedAirCell.ArfcnDl);
        // TS 38.331 5.3.13.3: SRB1's PDCP is re-established and resumes with the new keys before RRCResume arrives.
        downlink.Reset();
        downlink.Security = PdcpSecurity.For(pendingResume, downlink.Bearer);
        var request = new RrcResumeRequest(config.ShortIRnti, mac, cause);
        var frame = new AirCcchFrame(NrDirection.Uplink, 0, RrcCodec.Encode(request));
        send(frame.Write());
        Step(NrDirection.Uplink, "SRB0", request.Name, null, "none (CCCH); resumeMAC-I over VarResumeMAC-Input with the stored K_RRCint",
            $"shortI-RNTI 0x{config.ShortIRnti:X6}, resumeMAC-I 0x{mac:X4}{(corruptMacI ? " (corrupted on purpose)" : "")}, cause {cause}", (frame.Channel, frame.Rrc));
        resumeAttempts.Add(new AirResumeAttempt(name, corruptMacI, config.ShortIRnti, mac, ResumeAnswer.None, ""));
        return mac;
    }

    /// <summary>An SRB1 PDU while RRC_INACTIVE: only an answer to a resume request is taken. False when the UE is connected.</summary>
    private bool ReceiveWhileInactive(PdcpNrUdpFrame frame)
    {
        if (!Inactive) return false;
        if (pendingResume is null || security is null)
        {
            Step(NrDirection.Downlink, "SRB1", "(dropped)", null, "-", "an SRB1 PDU while RRC_INACTIVE without a resume request");
            return true;
        }
        var result = downlink.Receive(frame.Pdu);
        if (result.Outcome == PdcpReceiveOutcome.Accepted && result.Delivered.Count == 1
            && RrcCodec.Decode(RrcChannel.DlDcch, result.Delivered[0].Sdu).Message is RrcResume resume)
        {
            earlierKeys.Add((UeId, security.ExportForKeyTable()));
            security.Dispose();
            security = pendingResume;
            pendingResume = null;
            Inactive = false;
            var previous = UeId;
            UeId = frame.UeId;
            uplink.Reset();
            uplink.Security = PdcpSecurity.For(security, uplink.Bearer);
            clearShadow.Reset();
            clearShadow.Security = new PdcpSecurity(security.RrcIntegrity, NrKeyedCipher.Null);
            received.Add(new AirDownlink(resume, result.Count, AirDownlinkProtection.IntegrityAndCiphering));
            Step(NrDirection.Downlink, "SRB1", resume.Name, result.Count, $"{security.Nia} verified with the new K_RRCint (K_NG-RAN*), {security.Nea} deciphered with the new K_RRCenc",
                $"C-RNTI 0x{previous:X4} -> 0x{UeId:X4}", (RrcChannel.DlDcch, result.Delivered[0].Sdu));
            Answered(ResumeAnswer.NewKeys, $"RRCResume at PDCP COUNT {result.Count}");
            SendSrb1(new RrcResumeComplete(resume.TransactionId), null, "");
            return true;
        }
        // Not with the new keys: does it verify with the suspended connection's keys (the cell derived no K_NG-RAN*)?
        var stale = new PdcpReceiver(downlink.Bearer, NrDirection.Downlink, maxBuffered: 4) { Security = PdcpSecurity.For(security, downlink.Bearer) };
        var old = stale.Receive(frame.Pdu);
        if (old.Outcome == PdcpReceiveOutcome.Accepted && old.Delivered.Count == 1
            && RrcCodec.Decode(RrcChannel.DlDcch, old.Delivered[0].Sdu).Message is RrcResume)
        {
            Step(NrDirection.Downlink, "SRB1", "rrcResume", old.Count, $"MAC-I verifies only with the OLD K_RRCint ({security.Nia})",
                "the cell derived no K_NG-RAN* (TS 33.501 6.8.2.1.3): not acted on", (RrcChannel.DlDcch, old.Delivered[0].Sdu));
            Answered(ResumeAnswer.OldKeys, $"RRCResume at PDCP COUNT {old.Count} under the suspended connection's keys");
            return true;
        }
        Step(NrDirection.Downlink, "SRB1", "(not delivered)", result.Count, "MAC-I fails with the new and with the old K_RRCint",
            result.Findings.Count > 0 ? result.Findings[0].ToString() : result.Outcome.ToString());
        return true;
    }

    /// <summary>RRCSetup in answer to RRCResumeRequest (TS 38.331 5.3.13.1: the network falls back to a new connection): recorded; the stored context is given up and no RRCSetupComplete follows (the trial ends there).</summary>
    private bool SetupWhileResuming(AirCcchFrame frame)
    {
        if (!Inactive || pendingResume is null) return false;
        pendingResume.Dispose();
        pendingResume = null;
        Answered(ResumeAnswer.Setup, $"RRCSetup on SRB0 (fallback), C-RNTI 0x{frame.UeId:X4}");
        Step(NrDirection.Downlink, "SRB0", "(fallback)", null, "-", "RRCSetup answers RRCResumeRequest: stored AS context given up");
        return true;
    }

    private void Answered(ResumeAnswer answer, string detail)
    {
        if (resumeAttempts.Count > 0 && resumeAttempts[^1].Answer == ResumeAnswer.None)
            resumeAttempts[^1] = resumeAttempts[^1] with { Answer = answer, Detail = detail };
    }
}
