using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Rrc;

/// <summary>One broadcast PDU the UE simulator received (MIB on BCCH-BCH, SIB1 on BCCH-DL-SCH): as it travelled and as the lenient decoder read it.</summary>
public sealed record AirBroadcastPdu(DateTimeOffset At, RrcChannel Channel, byte[] Pdu, RrcMessage? Message, IReadOnlyList<RrcFinding> Findings);

/// <summary>
/// What a UE read of a cell's broadcast (TS 38.331 5.2.2: MIB, then SIB1): every MIB/SIB1 PDU received, in order, or why
/// none was read (no emulated air port, no answer). Judgements read <see cref="Sib1"/>'s cellAccessRelatedInfo; a PDU
/// that does not decode (a <see cref="RrcFindingKind.Deviation"/>) is a finding of the case, never an exception.
/// </summary>
public sealed record CellBroadcast(IReadOnlyList<AirBroadcastPdu> Pdus, string? NotRead = null)
{
    /// <summary>Nothing read, and why.</summary>
    public static CellBroadcast Unread(string why) => new([], why);

    /// <summary>The last MIB that decoded (null: none).</summary>
    public Mib? Mib => Pdus.Select(p => p.Message).OfType<Mib>().LastOrDefault();

    /// <summary>The last SIB1 whose cellAccessRelatedInfo decoded (null: none).</summary>
    public Sib1? Sib1 => Pdus.Select(p => p.Message).OfType<Sib1>().LastOrDefault();

    /// <summary>Where a PDU breaks TS 38.331 / X.691 (truncated, out of range, octets left over), with its channel.</summary>
    public IEnumerable<(AirBroadcastPdu Pdu, RrcFinding Finding)> Deviations =>
        Pdus.SelectMany(p => p.Findings.Where(f => f.Kind == RrcFindingKind.Deviation).Select(f => (p, f)));

    /// <summary>
    /// Every CAG ID SIB1 broadcasts (npn-IdentityInfoList-r16 → PNI-NPN → cag-IdentityList-r16) with the cell identity and TAC of
    /// its NPN-IdentityInfo-r16 entry and its PLMN; empty when there is no SIB1 or it names no PNI-NPN.
    /// </summary>
    public IReadOnlyList<BroadcastCag> Sib1Cags =>
        Sib1 is not { } sib1 ? []
            : [.. (sib1.CellAccess.Npns ?? []).SelectMany(info => info.Npns.SelectMany(npn => (npn.Cags ?? []).Select(c => new BroadcastCag(info.CellIdentity, info.TrackingAreaCode, npn.Plmn, c))))];

    /// <summary>The cell identities and TACs of SIB1's plmn-IdentityInfoList (the public part of the cell).</summary>
    public IReadOnlyList<(ulong Cell, uint? Tac)> Sib1Cells =>
        Sib1 is not { } sib1 ? [] : [.. sib1.CellAccess.Plmns.Select(p => (p.CellIdentity, p.TrackingAreaCode))];

    /// <summary>A one-line summary for steps and tables.</summary>
    public override string ToString() => NotRead is { } why ? $"not read: {why}"
        : $"MIB {(Mib is null ? "absent" : "read")}; SIB1 {(Sib1 is null ? "absent" : $"CAG IDs {(Sib1Cags.Count == 0 ? "none" : string.Join(", ", Sib1Cags))}")}";
}

/// <summary>One CAG ID of SIB1: the NPN-IdentityInfo-r16's cell identity and TAC, the PLMN and the CAG-IdentityInfo-r16 (with manualCAGselectionAllowed-r16).</summary>
public sealed record BroadcastCag(ulong Cell, uint Tac, RrcPlmnIdentity Plmn, CagIdentityInfo Cag)
{
    public override string ToString() => $"{Cag} in cell {Cell:X9}";
}
