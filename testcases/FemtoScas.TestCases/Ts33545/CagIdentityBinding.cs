using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-CAG-IDENTITY-BINDING (TS 33.545, baseline TS 33.320 4.4.9; clause to be confirmed) — the cells a
/// femto advertises to the core are the ones bound to the identity it authenticated with.
/// Requirement: the CAG IDs, NR cell identities and TACs the femto reports over NGAP are exactly those the
/// operator bound to the femto identity its IKE_AUTH proved; the hosting party cannot add to them locally.
/// Threat: a femto with valid credentials advertising CAG IDs it is not authorised to serve (TR 33.746),
/// e.g. from the hosting party's local configuration, attracts or impersonates a closed access group.
/// Preconditions: PICS cag and ngapCore; the profile's core section binds the femto's identity; the
/// harness's SCTP stack (usrsctp; without it INCONCLUSIVE naming the library); test UEs to attach.
/// Steps: bring the tunnel up with the harness SeGW; play the AMF inside it (NG-C, TS 38.412); answer NG
/// Setup from the core section; attach the test UEs; read NG SETUP REQUEST's Supported TA List and each
/// INITIAL UE MESSAGE's NR CGI, TAI and NPN-AccessInformation (CellCAGList, TS 38.413 9.3.3.46).
/// Expected: every TAC, cell identity and CAG ID reported is bound to the proved identity, and each cell's
/// CAG list holds all bound CAG IDs; one not bound FAILs naming it. No NG-C or no UE: INCONCLUSIVE.
/// Evidence: the inner SCTP/NGAP packets in the case's pcapng (tshark decodes them, key tables for the
/// ESP), the NGAP procedure table, the reported-values table, step log.
/// </summary>
[Requirement("NRF-CAG-IDENTITY-BINDING")]
public sealed class CagIdentityBinding : ConformanceTest
{
    [Test]
    public Task Reported_cells_and_CAG_IDs_are_those_bound_to_the_authenticated_identity() => RunAsync(async t =>
    {
        var seen = await NgcObservation.ObserveAsync(t);
        return CagIdentityBindingJudgement.Decide(seen.Amf, seen.AuthenticatedIdentity, t.Profile.Core);
    });
}
