using System.Net;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

public sealed class LogTransferJudgementTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");

    private static TlsProfile Profile => TlsProfile.Load(Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json"));

    private static LoggedMessage Msg(bool recordsEvent, string? version = null, string? suite = null, IPAddress? from = null) =>
        new(from ?? Dut, true, recordsEvent, version, suite);

    private static readonly LoggedMessage Failed = Msg(true);
    private static readonly LoggedMessage Access = Msg(false);

    private static Decision Decide(IReadOnlyList<LoggedMessage> secure, IReadOnlyList<LoggedMessage> udp, IReadOnlyList<string>? failedHandshakes = null) =>
        LogTransferJudgement.Decide("failed login of 'lab-operator'", Dut, new CollectedLog("tls 127.0.0.1:6514", secure), failedHandshakes ?? [],
            [new CollectedLog("udp 127.0.0.1:5514", udp), new CollectedLog("tcp 127.0.0.1:5514", [])], Profile);

    [Test]
    public void The_event_over_tls_within_the_profile_and_nothing_in_clear_passes_naming_version_and_suite()
    {
        var d = Decide([Msg(true, "TLS 1.3", "TLS_AES_128_GCM_SHA256")], []);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(d.Reason, Does.Contain("TLS 1.3 TLS_AES_128_GCM_SHA256"));
    }

    [Test]
    public void Any_cleartext_message_of_the_dut_fails_naming_the_port_even_beside_a_tls_copy()
    {
        var d = Decide([Msg(true, "TLS 1.3", "TLS_AES_128_GCM_SHA256")], [Access]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("1 syslog message(s) on udp 127.0.0.1:5514").And.Not.Contain("among them"));
        d = Decide([], [Failed]);
        Assert.That(d.Reason, Does.Contain("the failed login of 'lab-operator' among them"));
    }

    [Test]
    public void A_cleartext_message_from_another_host_is_not_the_duts()
    {
        var d = Decide([Msg(true, "TLS 1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")], [Msg(false, from: IPAddress.Parse("127.0.0.9"))]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
    }

    [Test]
    public void A_version_or_suite_outside_the_profile_fails()
    {
        var d = Decide([Msg(true, "TLS 1.0", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")], []);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("outside the TS 33.210 TLS profile"));
    }

    [Test]
    public void Nothing_anywhere_failed_handshakes_or_other_messages_only_are_inconclusive()
    {
        Assert.That(Decide([], []).Reason, Does.Contain("no syslog message reached"));
        var d = Decide([], [], ["127.0.0.2:40001: the client refused with alert unknown_ca(48)"]);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(d.Reason, Does.Contain("unknown_ca"));
        d = Decide([Msg(false, "TLS 1.3", "TLS_AES_128_GCM_SHA256")], []);
        Assert.That((d.Verdict, d.Reason.Contains("none recorded", StringComparison.Ordinal)), Is.EqualTo((Verdict.Inconclusive, true)));
    }
}
