using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The over-the-air parts of the CAG rules (issue 13 item 6), shared by NRF-CAG-IDENTITY-BINDING and NRF-CAG-ACCESS; pure
/// functions of what the UE simulator and the harness AMF saw. What the cell broadcasts in SIB1 (cellAccessRelatedInfo →
/// npn-IdentityInfoList-r16, TS 38.331 6.3.2) must be what the operator bound to the femto's identity and what its NGAP
/// reports (CellCAGList, TS 38.413 9.3.3.46); manualCAGselectionAllowed-r16 must be what the profile declares; a UE the
/// core rejected with 5GMM cause #76 (TS 24.501 5.5.1.2.5) is released (RRCRelease, TS 38.331 5.3.8) and not carried further.
/// </summary>
public static class CagBroadcastRules
{
    /// <summary>
    /// SIB1 against the binding and the NGAP view: every CAG ID SIB1 broadcasts is bound to the cell it names and, when NGAP
    /// reported that cell, in its CellCAGList; every bound CAG ID of a cell SIB1 describes is broadcast; the cells and TACs SIB1
    /// names are bound. Each problem names the CAG ID (or cell, TAC) and where it was seen. Empty: SIB1 agrees.
    /// </summary>
    public static IReadOnlyList<string> Sib1AgainstBinding(CellBroadcast broadcast, FemtoBinding? binding, IReadOnlyList<InitialUeReport> ngap)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        ArgumentNullException.ThrowIfNull(ngap);
        var problems = new List<string>();
        if (broadcast.Sib1 is null) return problems;
        var cags = broadcast.Sib1Cags;
        var cells = broadcast.Sib1Cells.Select(c => c.Cell).Concat(cags.Select(c => c.Cell)).Distinct().ToList();
        foreach (var (cell, tac) in broadcast.Sib1Cells.Select(c => (c.Cell, c.Tac)).Concat(cags.Select(c => (c.Cell, (uint?)c.Tac))).Distinct())
        {
            if (binding?.CellIdentities.Contains(cell) != true) problems.Add($"SIB1 names cell {cell:X9}, not bound");
            if (tac is { } t && binding?.Tacs.Contains((int)t) != true) problems.Add($"SIB1 names TAC {t:X6} for cell {cell:X9}, not bound");
        }
        foreach (var cag in cags.DistinctBy(c => (c.Cell, c.Cag.CagId)))
        {
            var id = cag.Cag.CagId;
            if (binding?.CagIdsOf(cag.Cell).Contains(id) != true)
                problems.Add(binding?.NonCagCells.Contains(cag.Cell) == true ? $"SIB1 broadcasts CAG ID {id:X8} in cell {cag.Cell:X9}, bound as a non-CAG cell"
                    : $"SIB1 broadcasts CAG ID {id:X8} in cell {cag.Cell:X9}, not bound");
            var reported = ngap.Where(u => u.Location?.Cgi.CellIdentity == cag.Cell).ToList();
            if (reported.Count > 0 && !reported.Any(u => u.CellCagList?.CagIds.Contains(id) == true))
                problems.Add($"SIB1 broadcasts CAG ID {id:X8} in cell {cag.Cell:X9}, which the CellCAGList of its INITIAL UE MESSAGE(s) does not report");
        }
        foreach (var cell in cells)
        {
            foreach (var bound in (binding?.CagIdsOf(cell) ?? []).Where(b => !cags.Any(c => c.Cell == cell && c.Cag.CagId == b)))
                problems.Add($"SIB1 of cell {cell:X9} leaves bound CAG ID {bound:X8} out of its npn-IdentityInfoList-r16");
        }
        return problems;
    }

    /// <summary>Why SIB1 cannot be compared (null: it can): not read, or its cellAccessRelatedInfo did not decode.</summary>
    public static string? Unreadable(CellBroadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        if (broadcast.NotRead is { } why) return $"SIB1 not read: {why}";
        if (broadcast.Sib1 is not null) return null;
        var deviation = broadcast.Deviations.Select(d => d.Finding.ToString()).FirstOrDefault();
        return deviation is null ? "no SIB1 among the cell's broadcast PDUs" : $"SIB1 did not decode ({deviation})";
    }

    /// <summary>
    /// manualCAGselectionAllowed-r16 of every bound CAG ID SIB1 broadcasts against the profile's declaration
    /// (<see cref="FemtoBinding.ManualCagSelection"/>); a mismatch names the CAG ID, the cell and both values. Null declaration: nothing compared.
    /// </summary>
    public static IReadOnlyList<string> ManualSelection(CellBroadcast broadcast, FemtoBinding binding)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        ArgumentNullException.ThrowIfNull(binding);
        if (binding.ManualCagSelection is not { } declared) return [];
        return [.. broadcast.Sib1Cags.Where(c => binding.CagIds.Contains(c.Cag.CagId) && c.Cag.ManualSelectionAllowed != declared.Contains(c.Cag.CagId))
            .Select(c => $"SIB1 broadcasts CAG ID {c.Cag.CagId:X8} in cell {c.Cell:X9} {(c.Cag.ManualSelectionAllowed ? "with" : "without")} manualCAGselectionAllowed-r16; "
                + $"the profile declares manual selection {(declared.Contains(c.Cag.CagId) ? "allowed" : "not allowed")} for it (core.femtos[].manualCagSelectionAllowed)")];
    }

    /// <summary>
    /// The UE the AMF rejected with #76 over the air link: FAIL-worthy problems (RRC connection kept, uplink forwarded) and what
    /// could not be decided (the trial did not get that far).
    /// </summary>
    public static (IReadOnlyList<string> Problems, IReadOnlyList<string> Undecided) RejectedUe(CagAirOutcome air)
    {
        ArgumentNullException.ThrowIfNull(air);
        var problems = new List<string>();
        var undecided = new List<string>();
        if (air.Initial is null || !air.Rejected)
        {
            undecided.Add($"over-the-air trial of a UE outside the CAG: {air.Why}");
            return (problems, undecided);
        }
        if (air.RrcReleased == false)
            problems.Add("the cell kept the RRC connection of the UE the core rejected with 5GMM cause #76: no RRCRelease after UE CONTEXT RELEASE COMMAND (TS 38.331 5.3.8, TS 38.413 8.3.3)");
        if (air.UplinkForwarded == true)
            problems.Add("the cell forwarded the uplink NAS of the UE the core rejected with 5GMM cause #76 to the AMF after its UE context was released: it still serves the UE");
        if (air.RrcReleased is null || air.UplinkForwarded is null)
            undecided.Add($"over-the-air trial of a UE outside the CAG: {air.Why}");
        return (problems, undecided);
    }
}
