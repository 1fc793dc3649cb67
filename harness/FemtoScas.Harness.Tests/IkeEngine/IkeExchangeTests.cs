using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Our initiator against our SeGW on loopback, with the ECDSA test certificates (femto-ecdsa vs segw-ecdsa, root-a).</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class IkeExchangeTests
{
    [TestCase("aes256gcm16-prfsha384-ecp384")]
    [TestCase("aes128-sha256-modp2048")]
    [TestCase("aes256gcm16-prfsha256-curve25519")]
    public async Task InitiatorAndSegwEstablishIkeSaAndFirstChildSa(string proposal)
    {
        await using var segw = new SegwResponder(IkeLab.Segw(proposal));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(proposal));

        // HDR, SAi1, KEi, Ni -->  <-- HDR, SAr1, KEr, Nr ; HDR, SK{IDi, CERT, AUTH, CP, SAi2, TSi, TSr} --> <-- HDR, SK{IDr, CERT, AUTH, CP, SAr2, TSi, TSr}
        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(initiatorSa.Failure, Is.Null);
        Assert.That(initiatorSa.State, Is.EqualTo(IkeSaState.Established));
        Assert.That(responderSa, Is.Not.Null);
        Assert.That(initiatorSa.Findings, Is.Empty, string.Join("\n", initiatorSa.Findings));
        Assert.That(responderSa!.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
        Assert.That(responderSa.ResponderSpi, Is.EqualTo(initiatorSa.ResponderSpi));
        Assert.That(initiatorSa.Keys!.SkEi.Span.ToArray(), Is.EqualTo(responderSa.Keys!.SkEi.Span.ToArray()));
        Assert.That(initiatorSa.Keys.SkAr.Span.ToArray(), Is.EqualTo(responderSa.Keys.SkAr.Span.ToArray()));
        Assert.That(initiatorSa.Keys.SkD.Span.ToArray(), Is.EqualTo(responderSa.Keys.SkD.Span.ToArray()));

        var childI = initiatorSa.FirstChildSa!;
        var childR = responderSa.FirstChildSa!;
        Assert.That(childI, Is.Not.Null);
        Assert.That(childR, Is.Not.Null);
        Assert.That(childI.InitiatorSpi, Is.EqualTo(childR.InitiatorSpi));
        Assert.That(childI.ResponderSpi, Is.EqualTo(childR.ResponderSpi));
        Assert.That(childI.Keys.EncryptionInitiatorToResponder.Span.ToArray(), Is.EqualTo(childR.Keys.EncryptionInitiatorToResponder.Span.ToArray()));
        Assert.That(childI.Keys.EncryptionResponderToInitiator.Span.ToArray(), Is.EqualTo(childR.Keys.EncryptionResponderToInitiator.Span.ToArray()));
        Assert.That(childI.Keys.IntegrityInitiatorToResponder.Span.ToArray(), Is.EqualTo(childR.Keys.IntegrityInitiatorToResponder.Span.ToArray()));

        Assert.That(initiatorSa.AssignedAddress?.ToString(), Is.EqualTo("10.45.0.2"));
        Assert.That(responderSa.AssignedAddress?.ToString(), Is.EqualTo("10.45.0.2"));
        Assert.That(initiatorSa.PeerIdentity?.Describe(), Does.Contain("segw.operator-a.test"));
        Assert.That(responderSa.PeerIdentity?.Describe(), Does.Contain("femto-0001.vendor.test"));
        Assert.That(initiatorSa.LocalBehindNat, Is.False);
        Assert.That(responderSa.PeerBehindNat, Is.False);
    }
}
