using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rule of NRF-CAG-IDENTITY-BINDING (TS 33.545, baseline TS 33.320 4.4.9; TR 33.746 names a femto
/// with valid credentials advertising CAG IDs it is not authorised for): what the femto reports over NGAP
/// about its cells — the TACs of NG SETUP REQUEST's Supported TA List (TS 38.413 9.2.6.1), and per INITIAL UE
/// MESSAGE the NR cell identity and TAC of User Location Information and the CAG IDs of NPN-AccessInformation
/// (9.2.5.1, 9.3.3.46/47) — must be the values the operator bound to the identity the femto proved in IKE_AUTH.
/// FAIL names every value not bound (and a bound CAG ID a cell leaves out of its list: the list is the
/// operator's, whole); INCONCLUSIVE when NG-C, NG Setup or a UE's INITIAL UE MESSAGE never came (nothing to compare).
/// Over the air (issue 13 item 6): the cell's SIB1 (the broadcast, read by the harness UE simulator) must
/// broadcast exactly the bound CAG IDs, each also in NGAP's CellCAGList for that cell (<see cref="CagBroadcastRules"/>); a
/// SIB1 that was not read or does not decode makes an otherwise clean result INCONCLUSIVE, naming why. The case always
/// passes the broadcast; null leaves the over-the-air part out of the decision (NGAP-only callers).
/// </summary>
public static class CagIdentityBindingJudgement
{
    public static Decision Decide(AmfObservation amf, string? authenticatedIdentity, CoreNetworkSettings? core, CellBroadcast? broadcast = null)
    {
        ArgumentNullException.ThrowIfNull(amf);
        if (core is null) return Decision.Inconclusive("the DUT profile has no core section: the harness AMF has no bindings to compare with");
        if (authenticatedIdentity is null) return Decision.Inconclusive("no femto identity was authenticated at the SeGW: nothing to bind the NGAP view to");
        switch (amf.Reach)
        {
            case AmfReach.SctpUnavailable:
                return Decision.Inconclusive($"NG-C cannot be terminated: {amf.SctpUnavailable?.ToString() ?? amf.Why}");
            case AmfReach.NoAssociation:
            case AmfReach.NoNgSetup:
                return Decision.Inconclusive($"the femto's NG-C did not reach NG Setup through its tunnel: {amf.Why}");
        }

        var binding = core.BindingFor(authenticatedIdentity);
        var bound = binding is null ? "nothing is bound to it in the core section" : Describe(binding);
        var problems = new List<string>();
        var setupTacs = amf.NgSetup?.SupportedTas?.Items.Select(i => i.Tac).Distinct().ToList() ?? [];
        foreach (var tac in setupTacs.Where(t => binding?.Tacs.Contains(t) != true))
            problems.Add($"NG SETUP REQUEST supports TAC {tac:X6}, not bound");
        if (broadcast is not null) problems.AddRange(CagBroadcastRules.Sib1AgainstBinding(broadcast, binding, amf.InitialUes));
        var sib1 = broadcast is null ? null : CagBroadcastRules.Unreadable(broadcast);

        if (amf.InitialUes.Count == 0)
        {
            return problems.Count > 0
                ? Decision.Fail($"femto {authenticatedIdentity} ({bound}): {string.Join("; ", problems)}")
                : Decision.Inconclusive("no INITIAL UE MESSAGE reached the harness AMF: the cells' CAG lists and identities were never reported"
                    + (sib1 is null && broadcast is not null ? $"; SIB1 broadcasts {Broadcast(broadcast)}" : ""));
        }

        foreach (var ue in amf.InitialUes)
        {
            var which = $"INITIAL UE MESSAGE (RAN UE NGAP ID {ue.RanUeNgapId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"})";
            if (ue.Location is not { } location)
            {
                problems.Add($"{which} has no NR User Location Information");
                continue;
            }
            if (binding?.CellIdentities.Contains(location.Cgi.CellIdentity) != true)
                problems.Add($"{which} reports NR cell identity {location.Cgi.CellIdentity:X9}, not bound");
            if (binding?.Tacs.Contains(location.Tai.Tac) != true)
                problems.Add($"{which} reports TAC {location.Tai.Tac:X6}, not bound");
            var reported = ue.CellCagList?.CagIds ?? [];
            // A cell bound without CAG reports no CAG ID (its NPN-AccessInformation absent or empty); a CAG cell all the bound ones.
            var expected = binding?.CagIdsOf(location.Cgi.CellIdentity) ?? [];
            var nonCag = binding?.NonCagCells.Contains(location.Cgi.CellIdentity) == true;
            foreach (var cag in reported.Distinct().Where(c => !expected.Contains(c)))
                problems.Add(nonCag ? $"{which} reports CAG ID {cag:X8} in its CellCAGList from cell {location.Cgi.CellIdentity:X9}, bound as a non-CAG cell"
                    : $"{which} reports CAG ID {cag:X8} in its CellCAGList, not bound");
            foreach (var cag in expected.Where(c => !reported.Contains(c)))
                problems.Add($"{which} leaves bound CAG ID {cag:X8} out of its {(ue.CellCagList is null ? "absent NPN-AccessInformation" : "CellCAGList")}");
        }

        var distinct = problems.Distinct().ToList();
        if (distinct.Count > 0)
            return Decision.Fail($"femto {authenticatedIdentity} ({bound}): {string.Join("; ", distinct)}");
        var cells = amf.InitialUes.Select(u => u.Location!.Cgi.CellIdentity).Distinct().Select(c => c.ToString("X9"));
        var ngap = $"femto {authenticatedIdentity}: NG Setup TACs {string.Join(", ", setupTacs.Select(t => t.ToString("X6")))} and "
            + $"{amf.InitialUes.Count} INITIAL UE MESSAGE(s) from cell(s) {string.Join(", ", cells)} report exactly what is bound ({bound})";
        if (sib1 is not null) return Decision.Inconclusive($"{ngap}; but the broadcast was not compared: {sib1}");
        return Decision.Pass(broadcast is null ? ngap : $"{ngap}; SIB1 broadcasts exactly the bound CAG IDs, as NGAP reports them ({Broadcast(broadcast)})");
    }

    private static string Broadcast(CellBroadcast b) => b.Sib1Cags.Count == 0 ? "no CAG ID" : string.Join(", ", b.Sib1Cags);

    private static string Describe(FemtoBinding b) =>
        $"bound: CAG {(b.CagIds.Count == 0 ? "none" : string.Join(", ", b.CagIds.Select(c => c.ToString("X8"))))}; "
        + $"cells {string.Join(", ", b.CellIdentities.Select(c => c.ToString("X9") + (b.NonCagCells.Contains(c) ? " (no CAG)" : "")))}; TACs {string.Join(", ", b.Tacs.Select(t => t.ToString("X6")))}";
}
