namespace FemtoScas.Harness.Rrc;

// What the air link showed of DRB identities and key refresh (issue 13; TS 33.501 6.9.4.1, TS 33.511 4.2.2.1.13; TS 38.331
// 5.3.5.7), as the harness UE simulator (Roles/UeSim) records it: engine data the TS 33.511 4.2.2.1.13 judgement reads.

/// <summary>Whether the SRB1 traffic after a masterKeyUpdate shows the new keys in use.</summary>
public enum KeyRefreshCheck
{
    /// <summary>No downlink SRB1 PDU came after the refresh yet.</summary>
    Pending,
    /// <summary>A later downlink SRB1 PDU verified (MAC-I) with the new K_RRCint: the cell took K_gNB* into use.</summary>
    Verified,
    /// <summary>The next downlink SRB1 PDU failed its MAC-I under the new keys: the refresh was claimed, not shown.</summary>
    Failed,
    /// <summary>The UE could not follow the masterKeyUpdate (a key set change or an NCC that needs K_AMF / an NH, or an algorithm change): no answer sent.</summary>
    NotFollowed,
}

/// <summary>
/// One masterKeyUpdate the UE simulator received on SRB1: the key generation it started (1 = the first refresh after the SMC),
/// its NCC and keySetChangeIndicator, whether a reconfigurationWithSync (intra-cell handover) came with it, the C-RNTI after
/// it, the SRB1 COUNT of the command, and whether the traffic after it verified with the new keys.
/// </summary>
public sealed record AirKeyRefresh(int Generation, int Ncc, bool KeySetChange, bool WithSync, ushort Crnti, uint? Count, KeyRefreshCheck Check, string Detail)
{
    public override string ToString() =>
        $"key generation {Generation}: masterKeyUpdate (NCC {Ncc}, keySetChangeIndicator {(KeySetChange ? "true" : "false")}{(WithSync ? ", reconfigurationWithSync" : "")}) at SRB1 COUNT {Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, C-RNTI 0x{Crnti:X4}: {Check}{(Detail.Length > 0 ? " (" + Detail + ")" : "")}";
}

/// <summary>One DRB addition the UE simulator applied: its identity, the key generation in use, the C-RNTI, the SRB1 COUNT of the RRCReconfiguration that added it.</summary>
public sealed record AirDrbAddition(int DrbIdentity, int KeyGeneration, ushort Crnti, uint? ReconfigurationCount);

/// <summary>
/// One set-up / release cycle of the key refresh trial: whether PDU SESSION RESOURCE SETUP succeeded, the DRB addition it
/// brought (null: none applied), the COUNT of the first uplink user PDU on that DRB (null: none sent) and whether the
/// session and its DRB were released again; <see cref="Note"/> says what went wrong, if anything.
/// </summary>
public sealed record KeyRefreshCycle(int Index, bool SessionSetUp, AirDrbAddition? Drb, uint? FirstUplinkCount, bool Released, string Note);

/// <summary>
/// What one key refresh trial saw: the AS trial outcome (steps, frames, the keys of the last generation), the cycles in order,
/// the key refreshes the UE received, the UE ids and keys of the earlier generations (key-table rows), the bound on cycles,
/// and whether the trial reached its stop rule (<see cref="Completed"/>: enough reuses seen, or the bound).
/// </summary>
public sealed record KeyRefreshTrialOutcome(AsTrialOutcome Trial, IReadOnlyList<KeyRefreshCycle> Cycles, IReadOnlyList<AirKeyRefresh> Refreshes,
    IReadOnlyList<(ushort UeId, Pdcp.AsKeyExport Keys)> EarlierKeys, int MaxCycles, bool Completed);
