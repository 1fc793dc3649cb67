using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-SEGW-AUTH (TS 33.545, baseline TS 33.320 5.2; clause to be confirmed) — the DUT
/// authenticates the SeGW.
/// Requirement: the femto accepts the SeGW only with a certificate that chains to its operator
/// root, is within its validity, names the SeGW it meant to reach and allows signatures.
/// Threat: a femto that accepts any SeGW certificate hands its backhaul to a rogue SeGW.
/// Preconditions: PICS deviceCertificateAuth; the DUT's tunnel is brought up toward the harness
/// SeGW once per certificate (SimFemto is triggered; a physical femto is restarted by the operator
/// when asked, operator step NRF-SEGW-AUTH.restart-tunnel.N; not done: INCONCLUSIVE).
/// Steps: the harness SeGW (IKEv2 responder on the harness address) first presents the good
/// segw-ecdsa (positive control), then in turn segw-expired, segw-not-yet-valid,
/// segw-unknown-issuer, segw-wrong-identity and segw-wrong-key-usage (keyEncipherment only, so not
/// fit to sign AUTH), then segw-sha1 (signed with ECDSA over SHA-1) and segw-rsa1024 (a 1024-bit
/// RSA key), each signing AUTH with that certificate's own key, and triggers the DUT.
/// The two weak certificates: TS 33.310 6.1 (seen, Rel-17 to 19 text) makes NEs, SEGs and TLS
/// entities accept only certificates compliant with its profile; 6.1.1 (seen) says SHA-1 "shall
/// not be supported" as the hash before signing; RSA keys below 2048 bits "shall not be supported"
/// is seen in 6.1a (CRLs) and recalled for 6.1.1 (certificates). That the femto is bound as an NE
/// comes from TS 33.320 applying the TS 33.310 profile to femto and SeGW certificates (recalled,
/// to confirm). Read as a requirement, accepting either is a FAIL naming the certificate; the
/// findings carry this confidence note, and a lab whose reading differs can see the trial apart.
/// Observable rule (<see cref="SegwCertificateTrials"/>, holds for real femtos too): RFC 7296
/// 2.21.2 lets an initiator that cannot authenticate the responder delete the IKE SA or abandon
/// it, not keep it. A Delete or an unanswered liveness check conforms; an answered liveness check
/// means the DUT kept an SA with a SeGW it should have refused (FAIL).
/// Guards: a DUT that never starts IKE, or does not establish with the good certificate, gives
/// INCONCLUSIVE (a refusal cannot be told from a broken tunnel).
/// Evidence: per-certificate table, each presented certificate as DER, the self-recorded pcapng of
/// every exchange and the Wireshark key tables of the lab SAs (test keys, so the pcapng decrypts).
/// </summary>
[Requirement("NRF-SEGW-AUTH")]
public sealed class SegwAuthentication : ConformanceTest
{
    private const string GoodCertificate = "segw-ecdsa";
    private static readonly string[] BadCertificates =
        ["segw-expired", "segw-not-yet-valid", "segw-unknown-issuer", "segw-wrong-identity", "segw-wrong-key-usage"];

    /// <summary>Certificates outside the TS 33.310 profile (SeGW certificates a femto must not accept), with the clause and its confidence.</summary>
    private const string ProfileClause =
        "TS 33.310 6.1 (only compliant certificates accepted; seen) and 6.1.1 (SHA-1 not supported: seen; RSA below 2048 bits not supported: seen for CRLs in 6.1a, recalled for certificates); femto bound via TS 33.320 (recalled)";

    private static readonly (string, string)[] WeakCertificates = [("segw-sha1", ProfileClause), ("segw-rsa1024", ProfileClause)];

    [Test]
    public Task Dut_refuses_SeGW_certificates_that_fail_validation() => RunAsync(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        return await trials.EvaluateAsync(GoodCertificate, [], BadCertificates, "TS 33.320 5.2; RFC 7296 2.21.2", WeakCertificates);
    });
}
