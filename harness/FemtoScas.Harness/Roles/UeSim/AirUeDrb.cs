using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The UE simulator's user plane (issue 13; TS 38.331 5.3.5.3, 5.3.5.6.5; TS 38.323): an RRCReconfiguration on SRB1 that
/// adds a DRB configures its PDCP entity as the cell says - SN sizes, integrityProtection with K_UPint, ciphering with
/// K_UPenc unless cipheringDisabled - and is answered with RRCReconfigurationComplete; user IP packets then go up the DRB
/// (<see cref="SendUser"/>, with the SRB1 misbehaviour: a chosen COUNT, a corrupted MAC-I, <see cref="ReplayUser"/>) and
/// every downlink DRB PDU is judged (<see cref="UserReceived"/>): delivered after deciphering and MAC-I check, or
/// readable only as sent (not ciphered), or discarded. One DRB (the first the cell adds).
/// </summary>
public sealed partial class AirUe
{
    private PdcpTransmitter? drbUp;
    private PdcpReceiver? drbDown;
    private PdcpReceiver? drbAsSent;
    private readonly List<byte[]> sentUserPdus = [];
    private readonly List<AirUserDownlink> userReceived = [];

    /// <summary>The DRB as the cell configured it in RRCReconfiguration (null before).</summary>
    public DrbToAddMod? Drb { get; private set; }

    /// <summary>The UE's PDCP view of that DRB: SN length, whether MAC-I and ciphering are on (kept after the DRB is released, for the record).</summary>
    public PdcpBearerConfig? DrbBearer { get; private set; }

    /// <summary>Whether a DRB is set up now (added and not released).</summary>
    public bool DrbActive => drbUp is not null;

    /// <summary>The COUNT the next uplink DRB PDU takes.</summary>
    public uint NextUserCount => (uint)(drbUp?.TxNext ?? 0);

    /// <summary>The uplink DRB PDUs sent, in order (for <see cref="ReplayUser"/>).</summary>
    public IReadOnlyList<byte[]> SentUserPdus => sentUserPdus;

    /// <summary>Every downlink DRB PDU, as the UE judged it (bounded by <see cref="MaxSteps"/>).</summary>
    public IReadOnlyList<AirUserDownlink> UserReceived => userReceived;

    /// <summary>Applies a DRB addition (TS 38.331 5.3.5.6.5) and answers RRCReconfigurationComplete; anything it cannot apply gives a step, no answer.</summary>
    private void Reconfigure(RrcReconfiguration reconfiguration, uint? count)
    {
        // TS 38.331 5.3.5.3: the key update first (AirUeKeyRefresh.cs), then the released and the added DRBs.
        if (reconfiguration.KeyUpdate is not null && !ApplyMasterKeyUpdate(reconfiguration, count)) return;
        ReleaseDrbs(reconfiguration.RadioBearers?.DrbsToRelease);
        var add = reconfiguration.RadioBearers?.Drbs?.FirstOrDefault();
        if (add is not null && security is not null && drbUp is null)
        {
            var pdcp = add.Pdcp?.Drb;
            var ul = pdcp?.SnSizeUl ?? 12;
            var dl = pdcp?.SnSizeDl ?? 12;
            if (add.DrbIdentity is < 1 or > 32 || ul != dl)
            {
                Step(NrDirection.Downlink, "SRB1", reconfiguration.Name, null, "-", $"DRB {add.DrbIdentity} with UL SN {ul} / DL SN {dl} bits: not applied (the simulator takes one SN size)");
                return;
            }
            var integrity = pdcp?.IntegrityProtection == true;
            var ciphering = add.Pdcp?.CipheringDisabled != true;
            var bearer = PdcpBearerConfig.Drb((byte)add.DrbIdentity, ul, integrity, ciphering);
            var keys = PdcpSecurity.For(security, bearer);
            drbUp = new PdcpTransmitter(bearer, NrDirection.Uplink) { Security = keys };
            drbDown = new PdcpReceiver(bearer, NrDirection.Downlink, maxBuffered: 64) { Security = keys };
            // The same entity without deciphering: a PDU it reads (MAC-I over the body as sent) was not ciphered.
            drbAsSent = new PdcpReceiver(bearer, NrDirection.Downlink, maxBuffered: 64) { Security = keys with { Cipher = NrKeyedCipher.Null } };
            Drb = add;
            DrbBearer = bearer;
            DrbAdded(add.DrbIdentity, count);
            Step(NrDirection.Downlink, "SRB1", reconfiguration.Name, null, "-",
                $"DRB {add.DrbIdentity}: {ul}-bit SN, UP integrity {(integrity ? $"on ({security.Nia}, K_UPint)" : "off")}, ciphering {(ciphering ? $"on ({security.Nea}, K_UPenc)" : "off (cipheringDisabled)")}");
        }
        SendSrb1(new RrcReconfigurationComplete(reconfiguration.TransactionId), null, "");
    }

    /// <summary>One user IP packet up the DRB; <paramref name="manoeuvre"/> chooses a COUNT or corrupts the MAC-I. Null without a DRB.</summary>
    public byte[]? SendUser(byte[] packet, PdcpManoeuvre? manoeuvre = null)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (drbUp is null || drbUp.Exhausted) return null;
        var count = manoeuvre?.Count ?? (uint)drbUp.TxNext;
        var pdu = drbUp.Protect(packet, manoeuvre);
        sentUserPdus.Add(pdu);
        send(new PdcpNrUdpFrame(drbUp.Bearer, NrDirection.Uplink, UeId, pdu).Write());
        Step(NrDirection.Uplink, $"DRB{drbUp.Bearer.Identity}", $"(user IP packet, {packet.Length} octets)", count, UserProtection(drbUp.Bearer),
            manoeuvre is null ? "" : $"manoeuvre: {(manoeuvre.Count is { } c ? $"COUNT {c} " : "")}{(manoeuvre.CorruptMacI ? "MAC-I corrupted" : "")}".TrimEnd());
        return pdu;
    }

    /// <summary>Sends uplink DRB PDU <paramref name="index"/> again, octet for octet (its COUNT again: a replay).</summary>
    public void ReplayUser(int index)
    {
        if (drbUp is null) return;
        var pdu = sentUserPdus[index];
        send(new PdcpNrUdpFrame(drbUp.Bearer, NrDirection.Uplink, UeId, pdu).Write());
        Step(NrDirection.Uplink, $"DRB{drbUp.Bearer.Identity}", "(replayed PDU)", PdcpPduReader.Read(pdu, drbUp.Bearer, []) is PdcpDataPdu d ? d.Sn : null, "as first sent", $"replay of uplink DRB PDU {index}");
    }

    private void ReceiveUser(PdcpNrUdpFrame frame)
    {
        if (drbDown is null || drbAsSent is null || frame.Bearer.Identity != drbDown.Bearer.Identity)
        {
            Step(NrDirection.Downlink, $"DRB{frame.Bearer.Identity}", "(not read)", null, "-", "no such DRB configured");
            return;
        }
        var result = drbDown.Receive(frame.Pdu);
        var asSent = drbAsSent.Receive(frame.Pdu);
        var deciphered = result.Delivered.Count > 0 ? result.Delivered[0].Sdu : null;
        var clear = asSent.Delivered.Count > 0 ? asSent.Delivered[0].Sdu : null;
        var macVerified = drbDown.Bearer.Integrity && (result.Outcome == PdcpReceiveOutcome.Accepted || asSent.Outcome == PdcpReceiveOutcome.Accepted);
        if (userReceived.Count < MaxSteps) userReceived.Add(new AirUserDownlink(result.Count ?? asSent.Count, result.Outcome, asSent.Outcome, deciphered, clear, drbDown.Bearer.Integrity, macVerified));
        Step(NrDirection.Downlink, $"DRB{drbDown.Bearer.Identity}", deciphered is not null ? $"(user IP packet, {deciphered.Length} octets)" : "(not delivered)", result.Count ?? asSent.Count,
            result.Outcome == PdcpReceiveOutcome.Accepted ? UserProtection(drbDown.Bearer)
                : asSent.Outcome == PdcpReceiveOutcome.Accepted ? $"{security?.Nia} verified over the body as sent: NOT ciphered with {security?.Nea}" : result.Outcome.ToString(),
            result.Findings.Count > 0 ? result.Findings[0].ToString() : "");
    }

    private string UserProtection(PdcpBearerConfig bearer) =>
        $"{(bearer.Integrity ? $"{security?.Nia} (K_UPint)" : "no UP integrity")}, {(bearer.Ciphering ? $"{security?.Nea} (K_UPenc)" : "not ciphered (cipheringDisabled)")}";
}
