using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// What the over-the-air CAG trial saw (issue 13 item 6): the cell's MIB and SIB1 as the harness UE simulator read them on
/// the emulated air link, the INITIAL UE MESSAGE the cell sent for that UE (null when none came), and - when the AMF
/// rejected the UE with 5GMM cause #76 (TS 24.501 5.5.1.2.5) and released its UE context (TS 38.413 8.3.3) - whether the
/// UE got the REGISTRATION REJECT, whether the cell released the RRC connection (RRCRelease, TS 38.331 5.3.8) and whether
/// it forwarded the UE's later uplink NAS to the AMF. Null flags: that step was not reached (<see cref="Why"/> says why).
/// </summary>
public sealed record CagAirOutcome(string Why, CellBroadcast Broadcast, InitialUeReport? Initial, bool Rejected = false, bool? AmfWouldReject = null,
    bool RejectRelayed = false, bool? RrcReleased = null, bool? UplinkForwarded = null)
{
    /// <summary>No air trial ran, and why (the broadcast is unread for the same reason).</summary>
    public static CagAirOutcome NotRun(string why) => new(why, CellBroadcast.Unread(why), null);
}
