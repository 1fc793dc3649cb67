using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// The harness SeGW accepts every choice the crypto profile allows (issue 11: charon proposing only
/// aes128gcm16-prfsha256-ecp256 or only aes256-sha384-ecp384 was refused), refuses what it forbids,
/// and an exchange the harness refused is told apart from the DUT's failure.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class HarnessSegwProposalsTests
{
    private static IpsecProfile Profile => IpsecProfile.LoadDefault(TestContext.CurrentContext.TestDirectory);

    private static HarnessSegwProposals Derived => HarnessSegwProposals.From(Profile, DefaultCryptoProvider.Instance);

    private static SegwOptions HarnessSegw() => IkeLab.Segw() with { IkeProposals = Derived.Ike, EspProposals = Derived.Esp };

    // Each alone, as a DUT that proposes a single suite would: every one is within the profile.
    [TestCase("aes128gcm16-prfsha256-ecp256")]
    [TestCase("aes256-sha384-ecp384")]
    [TestCase("aes256gcm16-prfsha384-ecp384")]
    [TestCase("aes128-sha256-modp2048")]
    [TestCase("aes192-sha512-modp3072")]
    [TestCase("aes256gcm16-prfsha512-ecp521")]
    [TestCase("aes128gcm16-prfsha256-curve25519")]
    [TestCase("aes256-sha256-prfsha384-ecp256")]
    public async Task Each_profile_allowed_IKE_suite_alone_is_accepted(string suite)
    {
        await using var segw = new SegwResponder(HarnessSegw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(suite));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(ProposalSpec.FromProposal(sa.ChosenProposal!).ToString(), Is.EqualTo(ProposalSpec.ParseIke(suite).ToString()));
        // The KE group guessed was acceptable: no INVALID_KE_PAYLOAD round (RFC 7296 1.2).
        Assert.That(segw.Sas, Has.Count.EqualTo(1));
    }

    [TestCase("aes128gcm16")]
    [TestCase("aes256-sha384")]
    [TestCase("aes192-sha512")]
    [TestCase("aes256gcm16-esn")]
    public async Task Each_profile_allowed_ESP_suite_alone_is_accepted(string esp)
    {
        await using var segw = new SegwResponder(HarnessSegw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { EspProposals = [esp] });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.ChildSas, Has.Count.EqualTo(1), sa.ChildFailure?.ToString());
    }

    [TestCase("aes128-sha1-modp2048")]
    [TestCase("3des-sha256-modp2048")]
    [TestCase("aes128-sha256-modp1024")]
    public async Task A_profile_forbidden_suite_is_refused(string suite)
    {
        await using var segw = new SegwResponder(HarnessSegw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(suite));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.NoProposalChosen));
        var (why, harnessAtFault) = SegwCertificateTrials.WhyNoIkeAuth(segw.Sas.Single(), Profile, Derived, TimeSpan.FromSeconds(3));
        Assert.That(harnessAtFault, Is.False, why);
        Assert.That(why, Does.Contain("no IKE proposal the crypto profile allows"));
    }

    [Test]
    public void Derived_proposals_hold_only_allowed_transforms_and_name_what_the_harness_lacks()
    {
        var derived = Derived;
        var profile = Profile;
        Assert.That(derived.Ike, Has.Count.EqualTo(2), "one AEAD and one cipher-plus-integrity proposal");
        foreach (var text in derived.Ike)
            foreach (var t in ProposalSpec.ParseIke(text).Transforms)
                Assert.That(profile.Judge(IkeProtocolId.Ike, t.ToTransform()).Status, Is.AnyOf(ProfileStatus.Required, ProfileStatus.Allowed), $"{text}: {t}");
        foreach (var text in derived.Esp)
            foreach (var t in ProposalSpec.ParseEsp(text).Transforms)
                Assert.That(profile.Judge(IkeProtocolId.Esp, t.ToTransform()).Status, Is.AnyOf(ProfileStatus.Required, ProfileStatus.Allowed), $"{text}: {t}");
        // Every required IKE transform is accepted.
        var accepted = derived.Ike.SelectMany(p => ProposalSpec.ParseIke(p).Transforms).ToList();
        foreach (var row in profile.For(IkeProtocolId.Ike).Where(r => r.Status == ProfileStatus.Required))
            Assert.That(accepted.Any(a => row.Covers(a.ToTransform())), row.Name);
        // CHACHA20-POLY1305 is allowed but not implemented by the provider: named, not silently dropped.
        Assert.That(derived.NotImplemented, Has.Some.Contains("IKE").And.Some.Contains("ESP"));
        Assert.That(derived.Describe(), Does.Contain("not implemented by the harness"));
    }

    [Test]
    public async Task A_harness_refusing_an_allowed_suite_is_the_harness_at_fault()
    {
        // A SeGW narrower than the profile (as the harness SeGW was before issue 11).
        await using var segw = new SegwResponder(IkeLab.Segw("aes256gcm16-prfsha384-ecp384"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto("aes128gcm16-prfsha256-ecp256"));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        var segwSa = segw.Sas.Single();
        Assert.That(segwSa.PeerIkeAuthSeen, Is.False);
        var (why, harnessAtFault) = SegwCertificateTrials.WhyNoIkeAuth(segwSa, Profile, Derived, TimeSpan.FromSeconds(3));
        Assert.That(harnessAtFault, Is.True, why);
        Assert.That(why, Does.Contain("limit of the harness"));
        var observation = new DeviceObservation(null, why, harnessAtFault);
        Assert.That(observation.Undecided().Verdict, Is.EqualTo(Harness.Requirements.Verdict.Error));
        Assert.That(new DeviceObservation(null, why, false).Undecided().Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
    }

    [Test]
    public async Task The_KE_group_of_the_initiator_is_taken_when_acceptable()
    {
        // Both groups offered, KE in the first (ecp256): the responder's own order (ecp384 first) yields to it.
        await using var segw = new SegwResponder(IkeLab.Segw("aes256gcm16-prfsha384-ecp384-ecp256"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto("aes256gcm16-prfsha384-ecp256-ecp384"));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.ChosenProposal!.OfType(TransformType.DiffieHellmanGroup).Single().Id, Is.EqualTo((ushort)DhGroupId.Ecp256));
        Assert.That(segw.Sas, Has.Count.EqualTo(1));
    }
}
