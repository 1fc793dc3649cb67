using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rule of NRF-CAG-ACCESS (TS 33.545, baseline TS 33.320 4.4.9; CAG per TS 23.501 5.30.3): a CAG cell
/// reports its CAG IDs in every INITIAL UE MESSAGE (NPN-AccessInformation → CellCAGList, TS 38.413 9.3.3.46) and
/// does not serve a UE whose Mobility Restriction List (NPN-MobilityInformation, 9.3.3.49) allows none of them,
/// even when the core set the UE context up: INITIAL CONTEXT SETUP FAILURE or UE CONTEXT RELEASE REQUEST with
/// cause npn-access-denied or cag-only-access-denied (9.3.1.2), never INITIAL CONTEXT SETUP RESPONSE.
/// FAIL names the trial, the message and the CAG IDs; INCONCLUSIVE when NG-C, a UE's INITIAL UE MESSAGE or the
/// femto's answer never came, or when the allowed UE (the positive control) was not served either.
/// Handover in (TS 38.413 8.4.2.3): a HANDOVER REQUEST into the cell for a UE whose list allows none of its CAG IDs is
/// answered with HANDOVER FAILURE (npn-access-denied or cag-only-access-denied), never HANDOVER REQUEST ACKNOWLEDGE; the
/// allowed UE's handover must be acknowledged (positive control), else INCONCLUSIVE.
/// Non-CAG cell (TS 23.501 5.30.3): its INITIAL UE MESSAGE reports no CAG ID, and it does not serve a UE whose Allowed PNI-NPN
/// List says pNI-NPN-restricted = restricted (CAG cells only): a refusal with cag-only-access-denied / npn-access-denied; a UE
/// not so restricted must be served there (positive control), else INCONCLUSIVE.
/// Over the air (the air outcome, issue 13 item 6): a UE outside the CAG that the core rejected with 5GMM cause #76
/// is released by the cell (RRCRelease) and its later uplink is not forwarded to the AMF, else FAIL; SIB1's
/// manualCAGselectionAllowed-r16 per bound CAG ID equals the profile's declaration, else FAIL (<see cref="CagBroadcastRules"/>);
/// a trial that did not get that far or a SIB1 not read is INCONCLUSIVE. The case always passes the air outcome; null leaves
/// the over-the-air part out of the decision (callers judging the NGAP trials alone).
/// </summary>
public static class CagAccessJudgement
{
    public static Decision Decide(AmfObservation? amf, IReadOnlyList<CagTrialOutcome> trials, IReadOnlyList<CagHandoverOutcome> handovers, string? notRun, FemtoBinding? binding,
        CagAirOutcome? air = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(handovers);
        if (notRun is not null) return Decision.Inconclusive(notRun);
        if (amf is null) return Decision.Inconclusive("NG-C was not observed");
        switch (amf.Reach)
        {
            case AmfReach.SctpUnavailable:
                return Decision.Inconclusive($"NG-C cannot be terminated: {amf.SctpUnavailable?.ToString() ?? amf.Why}");
            case AmfReach.NoAssociation:
            case AmfReach.NoNgSetup:
                return Decision.Inconclusive($"the femto's NG-C did not reach NG Setup through its tunnel: {amf.Why}");
        }
        if (trials.Count == 0) return Decision.Inconclusive("no CAG access trial ran");
        if (binding is null) return Decision.Inconclusive("the core section binds no CAG cell to compare the CellCAGList with");

        var problems = new List<string>();
        var undecided = new List<string>();
        foreach (var trial in trials)
        {
            var name = $"trial '{trial.Plan.Name}'";
            if (trial.Initial is not { } initial)
            {
                undecided.Add($"{name}: {trial.Why}");
                continue;
            }
            var message = $"INITIAL UE MESSAGE (RAN UE NGAP ID {initial.RanUeNgapId})";
            if (!trial.Plan.InCagCell)
            {
                if (initial.CellCagList is { CagIds.Count: > 0 } reported)
                    problems.Add($"{name}: {message} from the non-CAG cell {trial.Plan.Cell:X9} reports CAG IDs {Ids(reported.CagIds)} in its CellCAGList");
            }
            else if (initial.CellCagList is null)
                problems.Add($"{name}: {message} from the CAG cell carries no NPN-AccessInformation (CellCAGList; bound CAG IDs {Ids(binding.CagIds)})");
            else
                problems.AddRange(binding.CagIds.Where(c => !initial.CellCagList.CagIds.Contains(c)).Select(c => $"{name}: {message} leaves the cell's CAG ID {c:X8} out of its CellCAGList"));

            // The core decided this one itself (#76): the femto's part was only the CellCAGList above.
            if (trial.Plan.AmfEnforces) continue;
            // No context set-up without the UE's NAS security: the CAG question was not asked (the positive control included).
            if (trial.Security is { State: TrialNasSecurityState.Failed } failed)
            {
                undecided.Add($"{name}: 5G AKA / NAS security mode control through the femto did not complete, so no INITIAL CONTEXT SETUP was tried ({failed.Why})");
                continue;
            }
            var allowed = Ids(trial.Plan.Allowed.AllowedCagIds);
            if (trial.Plan.MustBeServed)
            {
                if (trial.Answer != UeContextAnswer.Served)
                    undecided.Add($"{name}: the allowed UE (allowed CAG IDs {allowed}) was not served ({trial.Why}{(trial.Cause is { } c ? ", cause " + c : "")}): a refusal of the other UE cannot be told from a cell that serves no one");
                continue;
            }
            switch (trial.Answer)
            {
                case UeContextAnswer.Served when !trial.Plan.InCagCell:
                    problems.Add($"{name}: the non-CAG cell {trial.Plan.Cell:X9} served a UE restricted to CAG cells (pNI-NPN-restricted = restricted, allowed CAG IDs {allowed}): INITIAL CONTEXT SETUP RESPONSE instead of a refusal with cag-only-access-denied");
                    break;
                case UeContextAnswer.Served:
                    problems.Add($"{name}: the CAG cell ({Ids(binding.CagIds)}) served a UE whose allowed CAG list is {allowed}: INITIAL CONTEXT SETUP RESPONSE instead of a refusal with npn-access-denied");
                    break;
                case UeContextAnswer.None:
                    undecided.Add($"{name}: {trial.Why}");
                    break;
                default:
                    if (!IsCagCause(trial.Cause))
                        problems.Add($"{name}: refused with {trial.Why} cause {trial.Cause?.ToString() ?? "(none)"}, not npn-access-denied or cag-only-access-denied (TS 38.413 9.3.1.2)");
                    break;
            }
        }

        if (handovers.Count == 0) undecided.Add("no handover-in trial ran");
        foreach (var handover in handovers)
        {
            var name = $"trial '{handover.Name}'";
            var allowed = Ids(handover.Allowed.AllowedCagIds);
            if (handover.MustBeAdmitted)
            {
                if (handover.Answer != HandoverAnswer.Acknowledged)
                    undecided.Add($"{name}: the allowed UE's handover (allowed CAG IDs {allowed}) was not acknowledged ({handover.Why}{(handover.Cause is { } c ? ", cause " + c : "")}): a refused handover cannot be told from a cell that takes no handover");
                continue;
            }
            switch (handover.Answer)
            {
                case HandoverAnswer.Acknowledged:
                    problems.Add($"{name}: the CAG cell ({Ids(binding.CagIds)}) acknowledged a HANDOVER REQUEST for a UE whose allowed CAG list is {allowed}: HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE with cag-only-access-denied");
                    break;
                case HandoverAnswer.None:
                    undecided.Add($"{name}: {handover.Why}");
                    break;
                default:
                    if (!IsCagCause(handover.Cause))
                        problems.Add($"{name}: HANDOVER FAILURE with cause {handover.Cause?.ToString() ?? "(none)"}, not npn-access-denied or cag-only-access-denied (TS 38.413 8.4.2.3, 9.3.1.2)");
                    break;
            }
        }

        var overTheAir = air is null ? null : OverTheAir(air, binding, problems, undecided);
        if (problems.Count > 0) return Decision.Fail(string.Join("; ", problems.Distinct()));
        if (undecided.Count > 0) return Decision.Inconclusive(string.Join("; ", undecided));
        var refused = trials.Where(t => !t.Plan.MustBeServed && !t.Plan.AmfEnforces).Select(t => $"'{t.Plan.Name}' refused ({t.Why}, {CauseName(t.Cause)})")
            .Concat(handovers.Where(h => !h.MustBeAdmitted).Select(h => $"'{h.Name}' refused (HANDOVER FAILURE, {CauseName(h.Cause)}{(h.CellCagInformation is { } i ? ", Cell-CAGInformation " + i : "")})"));
        var nonCag = trials.Any(t => !t.Plan.InCagCell) ? "the non-CAG cell reported no CAG ID and served the UE not restricted to CAG cells"
            : "no non-CAG cell is bound to the femto (core nonCagCellIdentities), so a UE restricted to CAG cells was not tried in one";
        return Decision.Pass($"every INITIAL UE MESSAGE from the CAG cell carries CellCAGList {Ids(binding.CagIds)}; the allowed UE was served and its handover acknowledged; {nonCag}; "
            + $"{string.Join("; ", refused)}; {Security(trials)}{(overTheAir is null ? "" : "; " + overTheAir)}");
    }

    /// <summary>Adds the over-the-air problems and undecided parts; returns what the PASS says of them.</summary>
    private static string OverTheAir(CagAirOutcome air, FemtoBinding binding, List<string> problems, List<string> undecided)
    {
        var (rejected, notDecided) = CagBroadcastRules.RejectedUe(air);
        problems.AddRange(rejected);
        undecided.AddRange(notDecided);
        string manual;
        if (CagBroadcastRules.Unreadable(air.Broadcast) is { } why)
        {
            undecided.Add($"manualCAGselectionAllowed not compared with the profile: {why}");
            manual = why;
        }
        else
        {
            problems.AddRange(CagBroadcastRules.ManualSelection(air.Broadcast, binding));
            manual = binding.ManualCagSelection is { } declared
                ? $"SIB1 broadcasts {string.Join(", ", air.Broadcast.Sib1Cags)}: manualCAGselectionAllowed as the profile declares (allowed for {(declared.Count == 0 ? "none" : Ids(declared))})"
                : $"SIB1 broadcasts {string.Join(", ", air.Broadcast.Sib1Cags)}; the profile declares no manualCagSelectionAllowed, so the flag was not compared";
        }
        return $"over the air, the UE outside the CAG was rejected by the core with #76 ({(air.RejectRelayed ? "the cell relayed the REGISTRATION REJECT" : "the REGISTRATION REJECT did not reach the UE")}), "
            + $"released by the cell (RRCRelease) and its later uplink not forwarded; {manual}";
    }

    /// <summary>What the PASS says about NAS security: the CAG decision does not depend on it, but the reason says whether it ran.</summary>
    private static string Security(IReadOnlyList<CagTrialOutcome> trials)
    {
        var judged = trials.Where(t => !t.Plan.AmfEnforces).ToList();
        if (judged.Count > 0 && judged.All(t => t.Security?.State == TrialNasSecurityState.Established))
            return "each UE was authenticated (5G AKA) and its NAS security mode set up through the femto before INITIAL CONTEXT SETUP, which carried its KgNB";
        var notRun = judged.Select(t => t.Security).FirstOrDefault(s => s is null or { State: TrialNasSecurityState.NotRun });
        return $"5G AKA and NAS security {(notRun?.Why is { } why ? why : "not run")} (the CAG checks above do not depend on them; the femto's relaying of protected NAS was not checked)";
    }

    private static bool IsCagCause(Cause? cause) =>
        cause is { Group: CauseGroup.RadioNetwork, Value: Cause.RadioNetworkNpnAccessDenied or Cause.RadioNetworkCagOnlyAccessDenied };

    private static string CauseName(Cause? cause) => cause?.Value switch
    {
        Cause.RadioNetworkNpnAccessDenied when cause.Group == CauseGroup.RadioNetwork => "npn-access-denied",
        Cause.RadioNetworkCagOnlyAccessDenied when cause.Group == CauseGroup.RadioNetwork => "cag-only-access-denied",
        _ => cause?.ToString() ?? "no cause",
    };

    private static string Ids(IEnumerable<uint> ids) => string.Join(",", ids.Select(c => c.ToString("X8")));
}
