using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-CAG-ACCESS (TS 33.545, baseline TS 33.320 4.4.9; clause to be confirmed) — a CAG cell serves only UEs
/// allowed for its Closed Access Group.
/// Requirement: the femto reports its cell's CAG IDs to the core and does not serve a UE whose allowed CAG list
/// (the AMF's Mobility Restriction List) holds none of them, whatever the rest of the core did.
/// Threat: a femto that lets any UE into a closed access group's cell (TR 33.746: unauthorised CAG access).
/// Preconditions: PICS cag, ngapCore and uuAccess; the profile's core section binds the femto's cell; the PIXIT
/// names an emulated Uu (emulatedUuPort; a physical femto needs a UE or UE simulator: INCONCLUSIVE saying so);
/// the harness's SCTP stack (usrsctp); optionally the test subscriber (core.testSubscriber) and a non-CAG cell of the
/// femto (core nonCagCellIdentities).
/// Steps: tunnel up with the harness SeGW; the harness AMF answers NG Setup inside it; per trial a test UE
/// registers through a cell (with a test subscriber the AMF first runs 5G AKA and NAS SECURITY MODE CONTROL through
/// the femto, and the context set-up carries the UE's KgNB), the AMF sets its context up with a Mobility Restriction
/// List whose NPN-MobilityInformation allows, in the CAG cell, (a) all the cell's CAG IDs (positive control), (b)
/// only a CAG ID of no cell, bypassing its own #76 check on purpose; in the non-CAG cell, (e) the CAG IDs without
/// restriction (positive control), (f) the CAG IDs with pNI-NPN-restricted = restricted; then releases it. Then the
/// AMF sends HANDOVER REQUEST into the CAG cell for (c) the allowed UE (positive control) and (d) the UE of (b), each
/// with its Mobility Restriction List. Over the emulated air link (g): a UE outside the CAG (the UE of (b)) reads the cell's
/// MIB and SIB1 and registers; the AMF rejects it with 5GMM cause #76 and releases its UE context; the UE then sends uplink
/// NAS anyway.
/// Expected: every INITIAL UE MESSAGE from the CAG cell carries its CellCAGList, none from the non-CAG cell a CAG
/// ID; (a), (e) INITIAL CONTEXT SETUP RESPONSE; (b), (f) INITIAL CONTEXT SETUP FAILURE or UE CONTEXT RELEASE REQUEST
/// with npn-access-denied / cag-only-access-denied; (c) HANDOVER REQUEST ACKNOWLEDGE; (d) HANDOVER FAILURE with
/// cag-only-access-denied / npn-access-denied; (g) RRCRelease to the UE and its later uplink not forwarded to the AMF, and
/// SIB1's manualCAGselectionAllowed-r16 per bound CAG ID as the profile declares (core.femtos[].manualCagSelectionAllowed).
/// AKA or SMC that does not complete, or SIB1 not read: INCONCLUSIVE.
/// Evidence: inner SCTP/NGAP in the case's pcapng (tshark decodes it; ESP key tables), NGAP procedure table,
/// reported-values table, trials table, NAS security table per UE and the NAS key file nas_keys.csv (session keys
/// only), handover-in trials table, step log.
/// </summary>
[Requirement("NRF-CAG-ACCESS")]
public sealed class CagAccess : ConformanceTest
{
    [Test]
    public Task A_CAG_cell_serves_only_UEs_allowed_for_its_CAG() => RunAsync(async t =>
    {
        var seen = await CagAccessTrials.ObserveAsync(t);
        return CagAccessJudgement.Decide(seen.Ngc?.Amf, seen.Trials, seen.Handovers, seen.NotRun, t.Profile.Core?.BindingFor(seen.Ngc?.AuthenticatedIdentity), seen.Air);
    });
}
