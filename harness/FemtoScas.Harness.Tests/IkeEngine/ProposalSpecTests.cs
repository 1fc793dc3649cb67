using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

[TestFixture]
public sealed class ProposalSpecTests
{
    [TestCase("aes256gcm16-prfsha384-ecp384")]
    [TestCase("aes128-sha256-modp2048")]
    [TestCase("aes256gcm16-prfsha256-curve25519")]
    [TestCase("3des-sha1-modp1024")]
    [TestCase("aes128-aes256-sha256-sha384-ecp256-modp2048")]
    public void IkeProposalStringRoundTrips(string text)
    {
        var spec = ProposalSpec.ParseIke(text);

        Assert.That(spec.ToString(), Is.EqualTo(text));
        Assert.That(ProposalSpec.FromProposal(spec.ToProposal(1)).ToString(), Is.EqualTo(text));
    }

    [Test]
    public void GcmProposalMapsToIanaTransforms()
    {
        var proposal = ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384").ToProposal(1);

        Assert.That(proposal.Protocol, Is.EqualTo(IkeProtocolId.Ike));
        Assert.That(proposal.Transforms.Select(t => (t.Type, t.Id, t.KeyLengthBits)), Is.EqualTo(new (TransformType, ushort, ushort?)[]
        {
            (TransformType.Encryption, 20, 256),
            (TransformType.PseudoRandomFunction, 6, null),
            (TransformType.DiffieHellmanGroup, 20, null),
        }));
    }

    [Test]
    public void IntegrityTokenImpliesPrfInIkeButNotInEsp()
    {
        var ike = ProposalSpec.ParseIke("aes128-sha256-modp2048");
        var esp = ProposalSpec.ParseEsp("aes128-sha256");

        Assert.That(ike.OfType(TransformType.PseudoRandomFunction).Single().Id, Is.EqualTo((ushort)PrfId.HmacSha2_256));
        Assert.That(esp.OfType(TransformType.PseudoRandomFunction), Is.Empty);
        Assert.That(esp.OfType(TransformType.ExtendedSequenceNumbers).Single().Id, Is.EqualTo((ushort)EsnMode.NoEsn));
        Assert.That(esp.ToString(), Is.EqualTo("aes128-sha256"));
    }

    [TestCase("aes256gcm16-ecp384", "no PRF")]
    [TestCase("aes128-modp2048", "no integrity")]
    [TestCase("aes128-sha256", "no key exchange")]
    [TestCase("aes128-sha256-rot13-modp2048", "'rot13'")]
    public void IncompleteOrUnknownIkeProposalIsRejected(string text, string reason)
    {
        Assert.That(() => ProposalSpec.ParseIke(text), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
    }

    [Test]
    public void ResponderPicksFirstOfItsOwnListThatIsOffered()
    {
        var offered = new[] { "aes128-sha256-modp2048", "aes256gcm16-prfsha384-ecp384" }
            .Select((p, i) => ProposalSpec.ParseIke(p).ToProposal((byte)(i + 1))).ToList();
        var ours = new[] { "aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048" }.Select(ProposalSpec.ParseIke).ToList();

        var selection = ProposalSelector.Select(ours, offered);

        Assert.That(selection.Chosen, Is.Not.Null);
        Assert.That(selection.Chosen!.Number, Is.EqualTo(2));
        Assert.That(ProposalSpec.FromProposal(selection.Chosen).ToString(), Is.EqualTo("aes256gcm16-prfsha384-ecp384"));
    }

    [Test]
    public void WithinAProposalTheResponderPrefersItsOwnTransformOrder()
    {
        var offered = new[] { ProposalSpec.ParseIke("aes128-aes256-sha256-modp2048-ecp256").ToProposal(1) };
        var ours = new[] { ProposalSpec.ParseIke("aes256-aes128-sha256-ecp256-modp2048") };

        var chosen = ProposalSelector.Select(ours, offered).Chosen!;

        Assert.That(ProposalSpec.FromProposal(chosen).ToString(), Is.EqualTo("aes256-sha256-ecp256"));
    }

    [Test]
    public void NoCommonProposalIsNoProposalChosen()
    {
        var offered = new[] { ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384").ToProposal(1) };
        var ours = new[] { ProposalSpec.ParseIke("3des-sha1-modp1024") };

        var selection = ProposalSelector.Select(ours, offered);

        Assert.That(selection.IsChosen, Is.False);
        Assert.That(selection.Reason, Does.Contain("3des-sha1-modp1024").And.Contain("aes256gcm16-prfsha384-ecp384"));
    }

    [Test]
    public void AnswerWithATransformNotOfferedIsCaught()
    {
        var offered = new[] { ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384").ToProposal(1) };
        var answer = new SecurityAssociationPayload([ProposalSpec.ParseIke("3des-sha1-ecp384").ToProposal(1)]);

        Assert.That(ProposalSelector.CheckAnswer(offered, answer), Does.Contain("3des"));
        Assert.That(ProposalSelector.CheckAnswer(offered, new SecurityAssociationPayload([offered[0]])), Is.Null);
    }
}
