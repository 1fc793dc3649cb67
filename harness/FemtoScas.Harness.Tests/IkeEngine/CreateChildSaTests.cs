using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>CREATE_CHILD_SA between our initiator and our SeGW: rekey with PFS, an additional CHILD_SA, refusals.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class CreateChildSaTests
{
    [TestCase("aes256gcm16-ecp384")]
    [TestCase("aes128-sha256-modp2048")]
    [TestCase("aes256gcm16")]
    public async Task ChildSaRekeyYieldsEqualNewKeysAndDeletesTheOld(string esp)
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { EspProposals = [esp] });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { EspProposals = [esp] });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        var old = sa.FirstChildSa!;

        // HDR, SK{N(REKEY_SA), SA, Ni, [KEi], TSi, TSr} -->  <-- HDR, SK{SA, Nr, [KEr], TSi, TSr} ; then D(ESP old) -->
        var fresh = await femto.CreateChildSaAsync(old);

        Assert.That(fresh, Is.Not.Null, sa.ChildFailure?.ToString());
        var responderSa = segw.Sas.Single();
        var mirror = responderSa.ChildSas.Single(c => c.ResponderSpi == fresh!.ResponderSpi);
        Assert.That(mirror.InitiatorSpi, Is.EqualTo(fresh!.InitiatorSpi));
        Assert.That(mirror.Keys.EncryptionInitiatorToResponder.Span.ToArray(), Is.EqualTo(fresh.Keys.EncryptionInitiatorToResponder.Span.ToArray()));
        Assert.That(mirror.Keys.EncryptionResponderToInitiator.Span.ToArray(), Is.EqualTo(fresh.Keys.EncryptionResponderToInitiator.Span.ToArray()));
        Assert.That(fresh.Keys.EncryptionInitiatorToResponder.Span.ToArray(), Is.Not.EqualTo(old.Keys.EncryptionInitiatorToResponder.Span.ToArray()));
        Assert.That(fresh.Proposal.OfType(TransformType.DiffieHellmanGroup).Count(), Is.EqualTo(esp.Contains("ecp") || esp.Contains("modp") ? 1 : 0));
        Assert.That(old.Deleted, Is.True);
        Assert.That(responderSa.ChildSas.Single(c => c.ResponderSpi == old.ResponderSpi).Deleted, Is.True);
        Assert.That(responderSa.ChildSas.Single(c => c.ResponderSpi == old.ResponderSpi).RekeyedBy, Is.EqualTo(fresh.ResponderSpi));
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
    }

    [Test]
    public async Task AdditionalChildSaWithoutRekey()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        var second = await femto.CreateChildSaAsync();

        Assert.That(second, Is.Not.Null, sa.ChildFailure?.ToString());
        Assert.That(sa.ChildSas, Has.Count.EqualTo(2));
        Assert.That(sa.ChildSas.Any(c => c.Deleted), Is.False);
        Assert.That(segw.Sas.Single().ChildSas, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task PfsGroupMismatchIsRefusedWithNoProposalChosen()
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { EspProposals = ["aes256gcm16-ecp384"] });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { EspProposals = ["aes256gcm16-modp2048"] });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.FirstChildSa, Is.Not.Null, "without KE in IKE_AUTH the groups do not matter for the first CHILD_SA");

        var rekeyed = await femto.CreateChildSaAsync(sa.FirstChildSa);

        Assert.That(rekeyed, Is.Null);
        Assert.That(sa.ChildFailure?.Notify, Is.EqualTo(NotifyMessageType.NoProposalChosen));
        Assert.That(sa.ChildFailure!.NotifiedByPeer, Is.True);
        Assert.That(sa.FirstChildSa!.Deleted, Is.False);
    }

    [Test]
    public async Task TheResponderPrefersTheProposalWithTheGroupOfKei()
    {
        // Our first preference is MODP_2048, but the femto's KEi is ECP_384, which we also accept:
        // 1.3 says INVALID_KE_PAYLOAD only when no acceptable proposal has KEi's group, so the rekey completes at once.
        var received = new List<ushort>();
        await using var segw = new SegwResponder(IkeLab.Segw() with
        {
            EspProposals = ["aes128-sha256-modp2048", "aes256gcm16-ecp384"],
            Interception = new FemtoScas.Harness.Interception.IkeInterception
            {
                AfterParse = (what, payloads) =>
                {
                    if (what.Exchange == IkeExchangeType.CreateChildSa && payloads.OfType<KeyExchangePayload>().FirstOrDefault() is { } ke) lock (received) received.Add(ke.Group);
                    return null;
                },
            },
        });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { EspProposals = ["aes256gcm16-ecp384", "aes128-sha256-modp2048"] });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        var rekeyed = await femto.CreateChildSaAsync(sa.FirstChildSa);

        Assert.That(rekeyed, Is.Not.Null, sa.ChildFailure?.ToString());
        Assert.That(rekeyed!.WithPfs, Is.True);
        Assert.That(rekeyed.Proposal.Transforms.Single(t => t.Type == TransformType.DiffieHellmanGroup).Id, Is.EqualTo((ushort)DhGroupId.Ecp384));
        Assert.That(received, Is.EqualTo(new[] { (ushort)DhGroupId.Ecp384 }), "one CREATE_CHILD_SA, no INVALID_KE_PAYLOAD round");
    }

    [TestCase("aes256gcm16-prfsha384-ecp384")]
    [TestCase("aes128-sha256-modp2048")]
    public async Task IkeSaRekeyMovesChildrenAndKeepsWorking(string proposal)
    {
        await using var segw = new SegwResponder(IkeLab.Segw(proposal));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(proposal));
        var old = await femto.ConnectAsync(segw.LocalEndPoint);
        var child = old.FirstChildSa!;

        // HDR, SK{SA(SPIi'), Ni, KEi} -->  <-- HDR, SK{SA(SPIr'), Nr, KEr} ; HDR(old), SK{D(IKE)} -->
        var fresh = await femto.RekeyIkeSaAsync();

        Assert.That(fresh, Is.Not.Null, old.ChildFailure?.ToString());
        var mirror = segw.Sas.Single(s => s.InitiatorSpi == fresh!.InitiatorSpi);
        var oldMirror = segw.Sas.Single(s => s.InitiatorSpi == old.InitiatorSpi);
        Assert.That(mirror.ResponderSpi, Is.EqualTo(fresh!.ResponderSpi));
        Assert.That(fresh.InitiatorSpi, Is.Not.EqualTo(old.InitiatorSpi));
        Assert.That(fresh.Keys!.SkD.Span.ToArray(), Is.EqualTo(mirror.Keys!.SkD.Span.ToArray()));
        Assert.That(fresh.Keys.SkEr.Span.ToArray(), Is.EqualTo(mirror.Keys.SkEr.Span.ToArray()));
        Assert.That(fresh.Keys.SkD.Span.ToArray(), Is.Not.EqualTo(old.Keys!.SkD.Span.ToArray()));
        Assert.That(fresh.ChildSas.Single(), Is.SameAs(child));
        Assert.That(mirror.ChildSas, Has.Count.EqualTo(1));
        Assert.That(old.State, Is.EqualTo(IkeSaState.Deleted));
        Assert.That(oldMirror.State, Is.EqualTo(IkeSaState.Deleted));
        Assert.That(child.Deleted, Is.False, "CHILD_SAs survive an IKE SA rekey (RFC 7296 2.18)");

        // The new SA carries traffic: a DPD and a CHILD_SA rekey with message IDs from 0.
        Assert.That(await femto.SendDpdAsync(), Is.True);
        Assert.That(await femto.CreateChildSaAsync(child), Is.Not.Null, fresh.ChildFailure?.ToString());
        Assert.That(fresh.NextRequestId, Is.EqualTo(3u));
        Assert.That(fresh.Findings.Concat(mirror.Findings).Concat(old.Findings).Concat(oldMirror.Findings), Is.Empty);
    }
}
