using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-DEV-CERT-PROFILE (TS 33.545, baseline TS 33.310 certificate profile; clause to be
/// confirmed) — the device certificate the DUT presents meets the TS 33.310 profile.
/// Requirement: X.509 v3, signature with SHA-256 or stronger, RSA of at least 2048 bits or ECDSA
/// P-256/P-384, key identifiers, digitalSignature key usage, an identity in subject or
/// subjectAltName, within validity, and a chain to a root the SeGW trusts.
/// Threat: weak device certificates (SHA-1, short RSA keys) can be forged or their keys broken,
/// so a rogue device could pass as the femto.
/// Preconditions: PICS deviceCertificateAuth; the DUT's tunnel can be triggered toward the harness
/// SeGW (else INCONCLUSIVE; ERROR when the harness SeGW refused a proposal the crypto profile
/// allows, since a harness refusal is never the DUT's missing certificate).
/// Steps: the harness SeGW presents the good segw-ecdsa; the DUT is triggered; the end-entity
/// certificate of its IKE_AUTH request is checked as data against
/// fixtures/crypto-profiles/ts33310-certificate.json (rules, references and parameters are data)
/// and its path is validated against the operator roots the lab SeGW holds (role: device).
/// Expected: every profile rule conforms and the path is valid: PASS. Any non-conforming rule or
/// path problem: FAIL, except a path ending at a root the lab SeGW was not given (a physical
/// femto's vendor root): INCONCLUSIVE, since the lab, not the DUT, lacks the anchor. The
/// IDi-to-certificate match is NRF-DEV-AUTH's concern and not applied here.
/// Evidence: the certificate as DER with SHA-256, the rule table (rule, reference, expected,
/// observed), chain problems, pcapng and key tables.
/// </summary>
[Requirement("NRF-DEV-CERT-PROFILE")]
public sealed class DeviceCertificateProfile : ConformanceTest
{
    [Test]
    public Task Dut_device_certificate_meets_the_TS_33310_profile() => RunAsync(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        var observed = await trials.ObserveDeviceAsync();
        var (sa, reaction) = observed;
        if (sa is null)
            return trials.Finish(observed.Undecided());
        if (sa.PeerCertificate is not { } der)
            return trials.Finish(Decision.Fail($"the DUT sent no X.509 certificate in IKE_AUTH: {reaction}"));

        var now = DateTimeOffset.UtcNow;
        var profile = CertificateProfile.LoadTs33310(AppContext.BaseDirectory);
        var findings = new CertificateProfileChecker(profile).Check(der, new CertificateCheckContext(now));
        var chain = ChainValidator.Validate(new ChainValidationRequest(der, [], [.. trials.Pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            now, [], CertificateRole.Device));
        foreach (var f in findings)
            t.Finding(new Finding($"device certificate {f.RuleId}", f.Expected, f.Observed, f.Conforms, f.Reference));
        t.Evidence.Table(new EvidenceTable($"Device certificate against profile {profile.Name}", ["rule", "reference", "expected", "observed", "conforms"],
            [.. findings.Select(f => (IReadOnlyList<string>)[f.RuleId, f.Reference, f.Expected, f.Observed, f.Conforms ? "yes" : "NO"])]));
        t.Step(chain.IsValid
            ? $"device certificate path valid: {string.Join(" <- ", chain.Path.Select(c => c.Subject))}"
            : "device certificate path problems: " + string.Join("; ", chain.Problems));

        var bad = findings.Where(f => !f.Conforms).Select(f => $"{f.RuleId}: {f.Observed}").ToList();
        var pathProblems = chain.Problems.Where(p => p.Code != "untrusted-issuer").Select(p => p.ToString()).ToList();
        return trials.Finish(bad.Count + pathProblems.Count > 0
            ? Decision.Fail("the DUT's device certificate breaks the TS 33.310 profile: " + string.Join("; ", bad.Concat(pathProblems)))
            : !chain.IsValid
                ? Decision.Inconclusive("the profile holds, but the device certificate chains to no root the lab SeGW holds: " + string.Join("; ", chain.Problems))
                : Decision.Pass($"all {findings.Count} profile rules hold and the path to {chain.Path[^1].Subject} is valid"));
    });
}
