using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.DirectLink;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-DIRECT-LINK (TS 33.545, baseline TS 33.320 4.4.8; clause to be confirmed) — a direct link
/// between two femtos is protected by IPsec with certificate authentication of both femtos.
/// Requirement: the femto's direct link to a peer femto comes up only with a peer whose certificate
/// chains to an operator root it trusts and names the identity the peer states, only with suites of
/// the TS 33.210 profile, and the femto itself authenticates with a certificate chaining to the
/// operator root that names its documented identity.
/// Threat: a rogue device posing as a neighbouring femto reaches the femto's internal interfaces, or a
/// weak suite exposes the link's traffic (handover signalling, user data).
/// Preconditions: PICS directLink (otherwise NOT APPLICABLE by the catalogue's PICS expression); PIXIT
/// directLink (port of the DUT's direct-link IKEv2 responder, its identity, the test-PKI roots it
/// trusts for peer femtos, the peer certificate the harness presents). Without the PIXIT: INCONCLUSIVE.
/// Steps: the harness plays the other femto with the IKEv2 engine's initiator role toward the DUT's
/// direct-link responder (<see cref="DirectLinkTrials"/>), one IKE SA per trial: (a) control: the peer
/// certificate under a trusted root and every profile proposal, the DUT's certificate checked against the
/// operator roots and its IDr against the PIXIT identity; (b) a peer certificate from an untrusted root;
/// (c) a peer stating an IDi its certificate does not name, and a peer sending no certificate; (d) only
/// 3des-sha1-modp1024 for IKE, then only 3des-sha1 for ESP.
/// Expected: (a) IKE SA and CHILD_SA up, the DUT authenticated; (b)-(d) refused: AUTHENTICATION_FAILED,
/// NO_PROPOSAL_CHOSEN, silence, or at least no CHILD_SA (see <see cref="DirectLinkJudgement"/>).
/// Guards: a control that does not come up gives INCONCLUSIVE (a refusal cannot be told from a broken
/// link), unless the harness refused the DUT's own certificate or identity: FAIL.
/// Evidence: pcapng of every trial with the IKE and ESP key tables, a table of the trials, step log.
/// </summary>
[Requirement("NRF-DIRECT-LINK")]
public sealed class DirectLink : ConformanceTest
{
    [Test]
    public Task Direct_link_authenticates_both_femtos_and_keeps_the_IPsec_profile() => RunAsync(async t =>
    {
        if (t.Pixit.DirectLink is not { } link)
            return Decision.Inconclusive("PICS directLink is set but PIXIT directLink (port, identity, peerRoots) is not: the harness does not know where the DUT's direct link answers");
        var pki = TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new Harness.HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the harness has no peer femto certificate"));
        var trials = new DirectLinkTrials(t, link, pki);
        if (trials.Unusable() is { } why)
            return Decision.Inconclusive(why);
        t.Step($"PIXIT directLink: {trials.Responder}, identity {link.Identity}, peer roots {string.Join(", ", link.PeerRoots)}, harness presents {link.PeerCertificate}");
        try
        {
            var observations = await trials.RunAllAsync();
            trials.Record(observations);
            var (decision, findings) = DirectLinkJudgement.Judge(link.Identity, observations);
            foreach (var finding in findings) t.Finding(finding);
            return decision;
        }
        finally
        {
            trials.Close();
        }
    });
}
