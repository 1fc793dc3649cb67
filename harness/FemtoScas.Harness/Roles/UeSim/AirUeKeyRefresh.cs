using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The UE simulator's key refresh and DRB bookkeeping (issue 13; TS 38.331 5.3.5.3, 5.3.5.7, 5.3.5.6.4; TS 33.501 6.9.4.1,
/// A.11). An RRCReconfiguration on SRB1 (verified with the current keys) carrying masterKeyUpdate with keySetChangeIndicator
/// false and the current NCC is followed: K_gNB* = KDF(K_gNB, PCI, ARFCN-DL) for the emulated cell (horizontal; the simulator
/// holds no K_AMF and no NH, so a key set change or another NCC is recorded as not followed and nothing is answered), the AS
/// keys for the same algorithms, SRB1's PDCP re-established both ways (COUNT 0) under them, a DRB that exists re-established
/// under them too, the C-RNTI of the reconfigurationWithSync taken, and the RRCReconfigurationComplete sent under the new keys.
/// The refresh counts as shown only when a later downlink SRB1 PDU verifies with the new K_RRCint (<see cref="KeyRefreshCheck"/>);
/// one that fails its MAC-I under them marks the refresh as claimed, not done. Every DRB addition is recorded with the key
/// generation in use; drb-ToReleaseList releases the DRB.
/// </summary>
public sealed partial class AirUe
{
    private readonly List<AirKeyRefresh> keyRefreshes = [];
    private readonly List<AirDrbAddition> drbAdditions = [];

    /// <summary>The key generation in use: 0 from the SMC, one more per followed masterKeyUpdate.</summary>
    public int KeyGeneration { get; private set; }

    /// <summary>The masterKeyUpdates received, in order (bounded by <see cref="MaxSteps"/>).</summary>
    public IReadOnlyList<AirKeyRefresh> KeyRefreshes => keyRefreshes;

    /// <summary>The DRB additions applied, in order (bounded by <see cref="MaxSteps"/>).</summary>
    public IReadOnlyList<AirDrbAddition> DrbAdditions => drbAdditions;

    private void DrbAdded(int identity, uint? count)
    {
        if (drbAdditions.Count < MaxSteps) drbAdditions.Add(new AirDrbAddition(identity, KeyGeneration, UeId, count));
    }

    /// <summary>Follows the masterKeyUpdate of <paramref name="reconfiguration"/> (SRB1 COUNT <paramref name="count"/>); false when the UE cannot (recorded; no answer).</summary>
    private bool ApplyMasterKeyUpdate(RrcReconfiguration reconfiguration, uint? count)
    {
        var update = reconfiguration.KeyUpdate!;
        if (security is null) return false;
        var findings = new List<RrcFinding>();
        var sync = reconfiguration.MasterCellGroup is { } group ? ReconfigurationWithSync.FromCellGroupConfig(group, findings) : null;
        var algorithms = reconfiguration.RadioBearers?.Security?.Algorithms;
        var why = update.KeySetChangeIndicator ? "keySetChangeIndicator true: K_gNB from K_AMF, which the simulator does not hold"
            : update.NextHopChainingCount != Ncc ? $"NCC {update.NextHopChainingCount} differs from the current {Ncc}: K_gNB* from an NH the simulator does not hold"
            : algorithms is { } a && (a.Ciphering != security.Nea || (a.Integrity ?? NrIntegrityAlgorithm.Nia0) != security.Nia) ? $"new algorithms {a.Ciphering}/{a.Integrity} with the key update: not followed by the simulator"
            : sync is { NewUeIdentity: < 0 } ? $"reconfigurationWithSync not read ({(findings.Count > 0 ? findings[0].ToString() : "spCellConfigCommon present")})"
            : null;
        if (why is not null)
        {
            NoteRefresh(new AirKeyRefresh(KeyGeneration + 1, update.NextHopChainingCount, update.KeySetChangeIndicator, sync is not null, UeId, count, KeyRefreshCheck.NotFollowed, why));
            Step(NrDirection.Downlink, "SRB1", reconfiguration.Name, count, "-", $"masterKeyUpdate not followed: {why}");
            return false;
        }
        earlierKeys.Add((UeId, security.ExportForKeyTable()));
        var next = security.ForTargetGnb(EmulatedAirCell.PhysCellId, EmulatedAirCell.ArfcnDl);
        security.Dispose();
        security = next;
        KeyGeneration++;
        var previous = UeId;
        if (sync is { NewUeIdentity: >= 0 and <= ushort.MaxValue } s) UeId = (ushort)s.NewUeIdentity;
        // TS 38.323 5.1.2: PDCP re-establishment of SRB1 - COUNT 0 both ways, the new keys.
        uplink.Reset();
        downlink.Reset();
        clearShadow.Reset();
        uplink.Security = PdcpSecurity.For(security, uplink.Bearer);
        downlink.Security = PdcpSecurity.For(security, downlink.Bearer);
        clearShadow.Security = new PdcpSecurity(security.RrcIntegrity, NrKeyedCipher.Null);
        if (drbUp is not null && drbDown is not null && drbAsSent is not null)
        {
            // A DRB that exists is re-established under the new K_UPenc/K_UPint (its COUNT from 0).
            var keys = PdcpSecurity.For(security, drbUp.Bearer);
            drbUp = new PdcpTransmitter(drbUp.Bearer, NrDirection.Uplink) { Security = keys };
            drbDown = new PdcpReceiver(drbDown.Bearer, NrDirection.Downlink, maxBuffered: 64) { Security = keys };
            drbAsSent = new PdcpReceiver(drbAsSent.Bearer, NrDirection.Downlink, maxBuffered: 64) { Security = keys with { Cipher = NrKeyedCipher.Null } };
        }
        NoteRefresh(new AirKeyRefresh(KeyGeneration, update.NextHopChainingCount, false, sync is not null, UeId, count, KeyRefreshCheck.Pending, $"C-RNTI 0x{previous:X4} -> 0x{UeId:X4}"));
        Step(NrDirection.Downlink, "SRB1", reconfiguration.Name, count, "-",
            $"masterKeyUpdate followed: K_gNB* (A.11, PCI {EmulatedAirCell.PhysCellId}, ARFCN-DL {EmulatedAirCell.ArfcnDl}), key generation {KeyGeneration}, SRB1 PDCP re-established, C-RNTI 0x{previous:X4} -> 0x{UeId:X4}");
        return true;
    }

    private void NoteRefresh(AirKeyRefresh refresh)
    {
        if (keyRefreshes.Count < MaxSteps) keyRefreshes.Add(refresh);
    }

    /// <summary>A downlink SRB1 PDU after AS security: the first one after a followed refresh shows whether the cell uses the new keys.</summary>
    private void RefreshChecked(bool verified, bool integrityFailure)
    {
        if (keyRefreshes.Count == 0 || keyRefreshes[^1].Check != KeyRefreshCheck.Pending) return;
        if (verified) keyRefreshes[^1] = keyRefreshes[^1] with { Check = KeyRefreshCheck.Verified };
        else if (integrityFailure) keyRefreshes[^1] = keyRefreshes[^1] with { Check = KeyRefreshCheck.Failed, Detail = keyRefreshes[^1].Detail + "; the next downlink SRB1 PDU fails its MAC-I under the new K_RRCint" };
    }

    /// <summary>drb-ToReleaseList (TS 38.331 5.3.5.6.4): the DRB named goes (its record stays in <see cref="Drb"/> and <see cref="DrbBearer"/>).</summary>
    private void ReleaseDrbs(IReadOnlyList<int>? release)
    {
        if (release is null || drbUp is null || !release.Contains(drbUp.Bearer.Identity)) return;
        Step(NrDirection.Downlink, "SRB1", "(DRB released)", null, "-", $"DRB {drbUp.Bearer.Identity} released (drb-ToReleaseList)");
        drbUp = null;
        drbDown = null;
        drbAsSent = null;
    }
}
