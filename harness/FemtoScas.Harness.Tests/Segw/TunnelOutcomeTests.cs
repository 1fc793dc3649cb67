using System.Net;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Segw;

/// <summary>The tunnel session's classification of a settled attempt, and how a refusal is told apart.</summary>
[TestFixture]
public sealed class TunnelOutcomeTests
{
    private static IkeSa Sa(IkeSaState state) =>
        new(false, 7, new IPEndPoint(IPAddress.Loopback, 500), new IPEndPoint(IPAddress.Parse("127.0.0.2"), 500)) { State = state };

    [Test]
    public void Nothing_settled_is_no_IKE_SA_INIT_or_no_IKE_AUTH()
    {
        Assert.That(TunnelOutcome.KindOf(null, started: false), Is.EqualTo(TunnelOutcomeKind.NoIkeSaInit));
        Assert.That(TunnelOutcome.KindOf(null, started: true), Is.EqualTo(TunnelOutcomeKind.NoIkeAuth));
        Assert.That(TunnelOutcome.KindOf(Sa(IkeSaState.Keyed), started: true), Is.EqualTo(TunnelOutcomeKind.NoIkeAuth));
    }

    [Test]
    public void Established_failed_and_deleted_SAs()
    {
        Assert.That(TunnelOutcome.KindOf(Sa(IkeSaState.Established), started: true), Is.EqualTo(TunnelOutcomeKind.Established));
        Assert.That(TunnelOutcome.KindOf(Sa(IkeSaState.Failed), started: true), Is.EqualTo(TunnelOutcomeKind.Refused));
        Assert.That(TunnelOutcome.KindOf(Sa(IkeSaState.Deleted), started: true), Is.EqualTo(TunnelOutcomeKind.Refused));
    }

    [Test]
    public void A_refusal_says_how_and_by_whom()
    {
        var byDut = Sa(IkeSaState.Connecting);
        byDut.Fail(NotifyMessageType.AuthenticationFailed, true, "responder rejected our authentication");
        Assert.That(TunnelRefusal.Of(byDut), Is.EqualTo(new TunnelRefusal(RefusalKind.AuthenticationFailed, NotifyMessageType.AuthenticationFailed, true, "responder rejected our authentication")));

        var bySegw = Sa(IkeSaState.Connecting);
        bySegw.Fail(NotifyMessageType.NoProposalChosen, false, "no acceptable proposal");
        Assert.That(TunnelRefusal.Of(bySegw)!.How, Is.EqualTo(RefusalKind.ErrorNotify));
        Assert.That(TunnelRefusal.Of(bySegw)!.ByDut, Is.False);

        var silent = Sa(IkeSaState.Connecting);
        silent.Fail(null, false, "AUTH does not verify");
        Assert.That(TunnelRefusal.Of(silent)!.How, Is.EqualTo(RefusalKind.WithoutNotify));

        Assert.That(TunnelRefusal.Of(Sa(IkeSaState.Deleted))!.How, Is.EqualTo(RefusalKind.DeletedAfterIkeAuth));
        Assert.That(TunnelRefusal.Of(Sa(IkeSaState.Established)), Is.Null);
    }
}
