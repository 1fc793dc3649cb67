using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>OpenSSL's view can only make the TLS verdict stricter, and every disagreement is a finding.</summary>
[TestFixture]
public sealed class SecondOpinionTests
{
    private static readonly TlsProfile Profile = TlsProfile.Load(Path.Combine(
        RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json"));

    private static TlsAssessment.Outcome ProberSaw(Decision decision, params string[] accepted) =>
        new(decision, [], new EvidenceTable("TLS versions and cipher suites", ["version", "cipher suite", "server", "profile"], []), [])
        { AcceptedVersions = accepted };

    private static OpensslCrossCheck.VersionCheck Openssl(string version, bool accepted) =>
        new(version, accepted, accepted ? "SOME-CIPHER" : null, new ToolRun("openssl", "OpenSSL 3", "openssl s_client", 0, "", "", TimeSpan.Zero, false));

    [Test]
    public void Agreement_keeps_the_verdict()
    {
        var outcome = TlsAssessment.WithSecondOpinion(ProberSaw(Decision.Pass("ok"), "TLS 1.2", "TLS 1.3"),
            [Openssl("TLS 1.0", false), Openssl("TLS 1.1", false), Openssl("TLS 1.2", true), Openssl("TLS 1.3", true)], Profile);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(outcome.Findings, Is.Empty);
        Assert.That(outcome.Table.Rows, Has.Count.EqualTo(4));
    }

    [Test]
    public void A_forbidden_version_only_openssl_got_accepted_fails()
    {
        var outcome = TlsAssessment.WithSecondOpinion(ProberSaw(Decision.Pass("ok"), "TLS 1.2"),
            [Openssl("TLS 1.0", true), Openssl("TLS 1.2", true)], Profile);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("TLS 1.0"));
        Assert.That(outcome.Findings.Single().Conforms, Is.False);
    }

    [Test]
    public void An_allowed_version_only_one_side_saw_is_a_finding_not_a_failure()
    {
        var outcome = TlsAssessment.WithSecondOpinion(ProberSaw(Decision.Pass("ok"), "TLS 1.2"),
            [Openssl("TLS 1.2", true), Openssl("TLS 1.3", true)], Profile);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(outcome.Findings.Single().Subject, Does.Contain("TLS 1.3"));
    }
}
