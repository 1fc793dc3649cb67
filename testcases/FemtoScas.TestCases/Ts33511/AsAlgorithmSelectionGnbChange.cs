using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.15 - AS protection algorithm selection in gNB change (the official test-case name was not seen; the
/// method name is FemtoScas's).
/// Requirement: as target of a handover the gNB selects NIA and NEA from its own configured priority lists and the UE
/// security capabilities it receives (TS 33.501 6.7.3.1), not the source's, and signals them to the UE in the
/// HandoverCommand (TS 38.331 11.2.2: RRCReconfiguration with reconfigurationWithSync, masterKeyUpdate and radioBearerConfig
/// securityConfig securityAlgorithmConfig). Expected: in each trial the commanded algorithms are the first entries of the
/// PIXIT's asAlgorithmPriority lists that the HANDOVER REQUEST's UE security capabilities hold; FAIL names the trial and
/// the algorithms commanded and expected; without the lists INCONCLUSIVE.
/// Preconditions: PICS uuAccess and ngapCore; the profile's core section binding one femto with a cell; the harness's SCTP
/// stack. No UE on the air link is needed (a physical femto declaring uuAccess runs it unattended).
/// Steps: tunnel up with the harness SeGW; the harness AMF answers NG Setup inside it; then, as AMF and as the source gNB,
/// two N2 handovers into the femto's cell (TS 38.413 8.4.2): HANDOVER REQUEST with a chosen set of UE security capabilities
/// (all of 128-NIA1..3/128-NEA1..3; then without the lists' first entries), a Security Context (NCC 2, fresh NH) and a
/// Source to Target Transparent Container whose HandoverPreparationInformation claims the source uses other algorithms;
/// the HANDOVER REQUEST ACKNOWLEDGE's Target to Source container is decoded to the HandoverCommand; the context is released.
/// Evidence: NGAP in the case's pcapng, handover-rrc.pcapng (the HandoverPreparationInformation and HandoverCommand as
/// exported PDUs for tshark's nr-rrc), the table of each HandoverCommand's security configuration, step log.
/// Not covered: the UE's arrival in the target cell (K_gNB from NH, TS 33.501 A.11) on the air link.
/// </summary>
[Requirement("TS33511-4.2.2.1.15")]
public sealed class AsAlgorithmSelectionGnbChange : ConformanceTest
{
    [Test]
    public Task TC_AS_alg_select_gNB_change() => RunAsync(async t =>
    {
        var seen = await HandoverSecurityObservation.ObserveAsync(t);
        return HandoverSecurityJudgement.AlgorithmSelectionInGnbChange(new HandoverSecurityJudgement.HandoverCaseSeen(seen.Ngc?.Amf, seen.Trials, seen.NotRun), t.Pixit.AsAlgorithmPriority?.Integrity, t.Pixit.AsAlgorithmPriority?.Ciphering);
    });
}
