using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.12 TC_AS_alg_select_gNB - AS algorithm selection.
/// Requirement: the gNB selects the integrity and the ciphering algorithm with the highest priority in its configured
/// lists that the UE supports (TS 33.501 6.7.3.0). Expected: the SMC's NIA and NEA equal the first entries of the
/// PIXIT's asAlgorithmPriority lists present in the UE security capabilities the AMF sent; without the lists
/// INCONCLUSIVE; FAIL names the algorithm selected and the one expected.
/// Preconditions: PICS uuAccess and ngapCore; the PIXIT names the femto's emulated air port (emulatedUuPort; SimFemto
/// tells RRC over PDCP-NR-over-UDP frames from its emulated-Uu stand-in there) and a test UE identity; the profile's
/// core section; the harness's SCTP stack. A femto without such a port (physical): the operator-assisted UE (step
/// "case id".ue-air-capture, core.testSubscriber): the lab's UE attaches while the harness AMF serves it, and its air capture
/// is judged, deciphered with the AS keys of the K_gNB the AMF derived (IAirUe, OperatorAssistedAirUe).
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
[Requirement("TS33511-4.2.2.1.12")]
public sealed class AsAlgorithmSelection : ConformanceTest
{
    [Test]
    public Task TC_AS_alg_select_gNB() => RunAsync(async t =>
    {
        var seen = await AsSecurityObservation.ObserveAsync(t);
        return AsSecurityJudgement.AlgorithmSelection(new AsSecurityJudgement.AsCaseSeen(seen.Ngc?.Amf, seen.Trial, seen.NotRun), t.Pixit.AsAlgorithmPriority?.Integrity, t.Pixit.AsAlgorithmPriority?.Ciphering);
    });
}
