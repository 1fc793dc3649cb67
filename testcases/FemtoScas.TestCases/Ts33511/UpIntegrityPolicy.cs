using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33511;

/// <summary>
/// TS33511-4.2.2.1.11 TC_UP_DATA_INT_SMF - UP integrity activation per the SMF's policy.
/// Requirement: the gNB activates UP integrity for a PDU session's DRB when the SMF's Security Indication says required and does not
/// when it says not-needed (TS 33.501 6.6.1), and the Security Result it returns says what it did (TS 38.413 9.3.1.59).
/// Expected: two trials (integrity required, then not-needed): the DRB's integrityProtection follows the indication and the
/// Security Result matches; FAIL names the indication, the DRB and the result.
/// Preconditions: PICS uuAccess and ngapCore; the PIXIT names the femto's emulated air port (emulatedUuPort) and a test
/// UE identity; the profile's core section (AMF and UPF inside the tunnel); the harness's SCTP stack. A physical femto
/// without such a port: INCONCLUSIVE (needs a UE or UE simulator with its air capture imported).
/// Steps (shared by the TS 33.511 user-plane cases, UpSecurityTrial): tunnel up with the harness SeGW; the harness AMF
/// answers NG Setup inside it; the UE simulator sets up RRC, the AMF sets the UE context up with a fresh K_gNB and the UE
/// completes the AS SMC; the AMF sends PDU SESSION RESOURCE SETUP REQUEST with the SMF's Security Indication and the UPF's
/// UL tunnel; the cell adds a DRB by RRCReconfiguration (the UE applies it, RRCReconfigurationComplete) and answers with its
/// DL tunnel and Security Result; the UE sends a good uplink IP packet, one with a corrupted MAC-I (when the DRB has UP
/// integrity), the good PDU replayed and a last good one, each judged by whether the UPF got it as a G-PDU; the UPF sends
/// a downlink packet the UE judges; the session and the UE context are released.
/// Evidence: air frames (SRB1 and the DRB) and GTP-U in the case's pcapng (Wireshark's pdcp_nr_udp heuristic with the
/// pdcp_nr_ue_keys table: AS session keys only), the air-link step table, the user-plane security table (policy, DRB,
/// Security Result, downlink judgement), the uplink probe table, NGAP, step log.
/// </summary>
[Requirement("TS33511-4.2.2.1.11")]
public sealed class UpIntegrityPolicy : ConformanceTest
{
    [Test]
    public Task TC_UP_DATA_INT_SMF() => RunAsync(async t =>
    {
        var seen = await UpSecurityObservation.ObserveAsync(t, UpSecurityTrial.Policy(UpProtectionIndication.Required, UpProtectionIndication.Required),
            UpSecurityTrial.Policy(UpProtectionIndication.NotNeeded, UpProtectionIndication.Required));
        return UpSecurityJudgement.UpIntegrityPolicy(new UpSecurityJudgement.UpCaseSeen(seen.Ngc?.Amf, seen.Trials, seen.NotRun));
    });
}
