using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.13 TC_GNB_KEY_REFRESH_DRB_ID - key refresh at the gNB before a DRB identity is reused.
/// Requirement: a DRB identity is not added again with its PDCP COUNT restarted under a K_gNB it was already used under; the
/// gNB first takes a fresh K_gNB into use (intra-cell handover with masterKeyUpdate, or a pass through RRC_IDLE / RRC_INACTIVE;
/// TS 33.501 6.9.4.1). Threat: keystream and MAC reuse when COUNT, BEARER and key repeat.
/// Expected: every DRB identity that comes back does so under a new key generation whose refresh the following SRB1 PDUs
/// verify; FAIL names the DRB identity, the key generation, the RRCReconfiguration's COUNT and the cycles.
/// Why the bound suffices: DRB-Identity is 1..32 (TS 38.331 6.3.2), so 33 DRB additions in one connection must repeat an
/// identity; the trial stops earlier once an identity has come back twice.
/// Preconditions: PICS uuAccess and ngapCore; the PIXIT's emulated air port (emulatedUuPort) and a test UE identity; the
/// profile's core section; the harness's SCTP stack. A physical femto without an emulated air port: INCONCLUSIVE (needs a UE
/// or UE simulator that sets up and releases DRBs repeatedly, with its air capture and AS keys imported).
/// Steps: tunnel up, NG Setup with the harness AMF; the UE simulator sets up RRC and AS security (SMC); PDU SESSION RESOURCE
/// SETUP (a DRB added), one uplink user packet on the DRB, PDU SESSION RESOURCE RELEASE (the DRB released), repeated; the UE
/// follows any key refresh; the AMF releases the UE context.
/// Evidence: air frames and NGAP in the case's pcapng, pdcp_nr_ue_keys with one row per C-RNTI (key generation), the air-link
/// step table, the set-up/release cycle table, the key refresh table, step log.
/// </summary>
[Requirement("TS33511-4.2.2.1.13")]
public sealed class KeyRefreshDrbId : ConformanceTest
{
    [Test]
    public Task TC_GNB_KEY_REFRESH_DRB_ID() => RunAsync(async t =>
    {
        var seen = await KeyRefreshObservation.ObserveAsync(t);
        return KeyRefreshJudgement.KeyRefreshDrbId(new KeyRefreshJudgement.KeyRefreshCaseSeen(seen.Ngc?.Amf, seen.Trial, seen.NotRun));
    });
}
