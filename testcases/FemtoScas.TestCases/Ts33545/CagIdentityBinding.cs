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
/// INITIAL UE MESSAGE's NR CGI, TAI and NPN-AccessInformation (CellCAGList, TS 38.413 9.3.3.46); over the emulated air
/// link (PIXIT emulatedUuPort) the harness UE simulator reads the cell's MIB and SIB1 (cellAccessRelatedInfo →
/// npn-IdentityInfoList-r16, TS 38.331 6.3.2) and registers through the cell.
/// Expected: every TAC, cell identity and CAG ID reported is bound to the proved identity, and each cell's
/// CAG list holds all bound CAG IDs; SIB1 broadcasts exactly the bound CAG IDs of its cell, each also in the CellCAGList NGAP
/// reports for that cell; one not bound or not reported FAILs naming it and where it was seen. No NG-C or no UE: INCONCLUSIVE;
/// SIB1 not read (a physical femto: no emulated air port) or undecodable: INCONCLUSIVE naming why.
/// Evidence: the inner SCTP/NGAP packets in the case's pcapng (tshark decodes them, key tables for the
/// ESP), the NGAP procedure table, the reported-values table, the air link's steps, the MIB/SIB1 received
/// (air-broadcast.pcapng) and the broadcast table, step log.
/// </summary>
[Requirement("NRF-CAG-IDENTITY-BINDING")]
public sealed class CagIdentityBinding : ConformanceTest
{
    [Test]
    public Task Reported_cells_and_CAG_IDs_are_those_bound_to_the_authenticated_identity() => RunAsync(async t =>
    {
        var (seen, broadcast) = await CagAirTrial.ObserveBindingAsync(t);
        return CagIdentityBindingJudgement.Decide(seen.Amf, seen.AuthenticatedIdentity, t.Profile.Core, broadcast);
    });
}
