using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.4 - RRC integrity check failure (test name not seen).
/// Requirement: the gNB discards an uplink RRC message whose MAC-I does not verify (TS 38.323 5.9). Expected: the
/// ULInformationTransfer with a corrupted MAC-I never reaches the AMF while the good ones before and after do (else
/// INCONCLUSIVE); FAIL names its COUNT.
/// Preconditions: PICS uuAccess and ngapCore; the PIXIT names the femto's emulated air port (emulatedUuPort; SimFemto
/// tells RRC over PDCP-NR-over-UDP frames from its emulated-Uu stand-in there) and a test UE identity; the profile's
/// core section; the harness's SCTP stack. A femto without such a port (physical): INCONCLUSIVE, a lab UE following
/// prompts cannot send the manoeuvred uplink PDUs this case needs (IAirUe.CannotManoeuvreUplink).
/// Steps (shared by the TS 33.511 AS cases, AsSecurityTrial): tunnel up with the harness SeGW; the harness AMF answers
/// NG Setup inside it; the harness UE simulator sends RRCSetupRequest (SRB0), RRCSetupComplete with a Registration
/// Request (SRB1); the AMF sends INITIAL CONTEXT SETUP REQUEST with a fresh K_gNB and the UE's NR security capabilities;
/// the UE verifies the cell's AS SecurityModeCommand with that K_gNB and answers SecurityModeComplete; the AMF sends
/// DOWNLINK NAS TRANSPORT (relayed as DLInformationTransfer); the UE sends a good ULInformationTransfer, one with a
/// corrupted MAC-I, the good one's PDU replayed, and a last good one; the AMF releases the UE context.
/// Evidence: the air frames in the case's pcapng (UDP, Wireshark's pdcp_nr_udp heuristic), the Wireshark PDCP-NR key
/// table pdcp_nr_ue_keys (AS session keys only), the air-link step table, the uplink probe table, NGAP in the same
/// pcapng, step log.
/// </summary>
[Requirement("TS33511-4.2.2.1.4")]
public sealed class RrcIntegrityFailure : ConformanceTest
{
    [Test]
    public Task An_uplink_RRC_message_with_a_bad_MAC_I_is_discarded() => RunAsync(async t =>
    {
        var seen = await AsSecurityObservation.ObserveAsync(t, manoeuvresUplink: true);
        return AsSecurityJudgement.RrcIntegrityFailure(new AsSecurityJudgement.AsCaseSeen(seen.Ngc?.Amf, seen.Trial, seen.NotRun));
    });
}
