using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-DEV-AUTH (TS 33.545, baseline TS 33.320 5.2; clause to be confirmed) — the DUT
/// authenticates itself to the SeGW with its device certificate.
/// Requirement: the femto authenticates in IKEv2 with a device certificate and its private key,
/// and the identity it states in IDi is the one its certificate carries (RFC 4945 3.1).
/// Threat: a femto whose IDi is not bound to its certificate lets a SeGW be talked into
/// attributing the tunnel to another device (or shows a misconfigured identity).
/// Preconditions: PICS deviceCertificateAuth; the DUT's tunnel is brought up toward the harness
/// SeGW (SimFemto is triggered; a physical femto is restarted by the operator when asked, operator
/// step NRF-DEV-AUTH.restart-tunnel.N; not done: INCONCLUSIVE).
/// Steps: the harness SeGW presents the good segw-ecdsa and accepts device certificates chaining
/// to the operator roots; the DUT is triggered; its IKE_AUTH request is observed as the SeGW
/// received it: the end-entity certificate in CERT, IDi, and whether AUTH verified.
/// Expected: an X.509 certificate is sent; IDi matches it (FQDN against dNSName, DN as RFC 5280
/// 7.1 compares names, address against iPAddress); AUTH verifies with its key, so the IKE SA is
/// established. A DN naming the subject but not encoded as the subject field is (RFC 4945 3.1.5
/// asks for a binary copy) is a finding, not a FAIL. An IDi that does not match, an IKE_AUTH
/// without certificate, or an AUTH that does not verify: FAIL. A SeGW-side refusal for another
/// reason (e.g. the device chain ends at a root the lab SeGW lacks) leaves AUTH unverified:
/// INCONCLUSIVE. No IKE_AUTH examined: INCONCLUSIVE, or ERROR when the harness SeGW refused a
/// proposal the crypto profile allows (a harness limit, never the DUT's FAIL). The certificate's profile is NRF-DEV-CERT-PROFILE's concern.
/// Evidence: the DUT's certificate as DER with SHA-256, IDi/match table, pcapng, key tables.
/// </summary>
[Requirement("NRF-DEV-AUTH")]
public sealed class DeviceAuthentication : ConformanceTest
{
    [Test]
    public Task Dut_authenticates_with_a_certificate_matching_its_IDi() => RunAsync(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        var observed = await trials.ObserveDeviceAsync();
        var (sa, reaction) = observed;
        if (sa is null)
            return trials.Finish(observed.Undecided());
        if (sa.PeerIdentity is not { } idi || sa.PeerCertificate is not { } der)
            return trials.Finish(Decision.Fail($"the DUT's IKE_AUTH carried no X.509 certificate and IDi for certificate authentication: {reaction}"));

        var facts = X509FactsReader.ReadCertificate(der);
        if (facts.Value is not { } cert)
            return trials.Finish(Decision.Fail($"the certificate the DUT sent does not decode: {facts.Problem}"));
        var match = IdentityMatcher.Match(new IkeIdentity((IkeIdType)idi.IdType, idi.Data.ToArray()), cert);
        var authenticated = sa.State is IkeSaState.Established or IkeSaState.Deleted;
        var authRejected = sa.PeerAuthVerified == false;

        t.Finding(new Finding("IDi against the device certificate", "IDi names an identity the certificate carries",
            match.Observed, match.Matches, "RFC 4945 3.1; TS 33.320 5.2"));
        t.Finding(new Finding("AUTH signed with the device certificate's key", "the harness SeGW verifies AUTH and establishes the IKE SA",
            reaction, authenticated, "RFC 7296 2.15; TS 33.320 5.2"));
        // RFC 4945 3.1.5 asks the femto to copy its subject field into IDi; a name that RFC 5280 7.1
        // still matches is not another identity, so the difference is reported, not failed.
        if (match.EncodingDiffers)
            t.Finding(new Finding("IDi DER_ASN1_DN encoding", "a byte-for-byte copy of the certificate's subject field",
                match.Observed, false, "RFC 4945 3.1.5 (finding only: RFC 5280 7.1 matches the name)"));
        t.Evidence.Table(new EvidenceTable("Device authentication as the harness SeGW saw it", ["item", "observed"],
        [
            ["IDi", idi.Describe()],
            ["certificate subject", cert.Subject],
            ["certificate subjectAltName", string.Join(", ", cert.SubjectAltNames.Select(n => $"{n.Kind} {n.Value}"))],
            ["certificate SHA-256", cert.Sha256Hex],
            ["IDi matches certificate", match.Matches ? match.EncodingDiffers ? "yes (RFC 5280 7.1), encoded differently from the subject field" : "yes" : "NO"],
            ["harness SeGW outcome", reaction],
        ]));

        return trials.Finish(!match.Matches
            ? Decision.Fail($"IDi does not match the DUT's certificate: {match.Observed}")
            : authRejected
                ? Decision.Fail($"the DUT's AUTH does not verify with its certificate's key: {sa.Failure}")
                : !authenticated
                    ? Decision.Inconclusive($"IDi matches the certificate, but the harness SeGW did not get to verify AUTH: {reaction}")
                    : Decision.Pass($"the DUT authenticated with its certificate ({cert.Subject}); IDi {idi.Describe()} matches it"
                        + (match.EncodingDiffers ? " (finding: IDi is not the subject field's own encoding, RFC 4945 3.1.5)" : "")));
    });
}
