using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Rules;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>The SK seam: the writer lays out IV/plaintext/ICV and the protector fills them.</summary>
[TestFixture]
public sealed class SkSealingTests
{
    /// <summary>
    /// Test double, not a cipher: XORs the plaintext with 0x5A and writes SHA-256 of the covered
    /// region as ICV, so a test can check exactly which octets the writer exposed to the protector.
    /// </summary>
    private sealed class XorProtector : ISkProtector
    {
        public int IvLength => 8;

        public int IcvLength => 16;

        public int PadBlockSize => 16;

        public void Protect(Span<byte> message, SkLayout layout)
        {
            message.Slice(layout.IvOffset, layout.IvLength).Fill(0x11);
            foreach (ref var b in message.Slice(layout.CiphertextOffset, layout.CiphertextLength))
            {
                b ^= 0x5A;
            }

            SHA256.HashData(message[..layout.IntegrityCoveredLength])[..IcvLength].CopyTo(message.Slice(layout.IcvOffset));
        }
    }

    private static IkeMessage AuthRequest(out IkePayload[] inner)
    {
        inner =
        [
            IdentificationPayload.Fqdn(false, "femto.example"),
            new AuthenticationPayload(AuthMethod.SharedKeyMic, new byte[32]),
            SamplePayloads.EspProposal(),
            new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4]),
            new TrafficSelectorPayload(true, [TrafficSelector.AnyIpv4]),
        ];
        return new IkeMessage(IkeHeader.Create(1, 2, IkeExchangeType.IkeAuth, IkeHeaderFlags.Initiator, 1), [new EncryptedPayloadDraft(inner)]);
    }

    [Test]
    public void Draft_is_sealed_and_the_receiver_can_unwrap_it_with_the_layout()
    {
        var protector = new XorProtector();
        var bytes = IkeMessageWriter.Write(AuthRequest(out var inner), protector: protector);

        var parsed = IkeMessageParser.Parse(bytes);
        Assert.That(parsed.Findings, Is.Empty);
        var sk = (EncryptedPayload)parsed.Message!.Payloads.Single();
        Assert.That(sk.FirstInnerPayload, Is.EqualTo(IkePayloadType.IdentificationInitiator));

        var findings = new List<CodecFinding>();
        var layout = SkLayout.Locate(parsed.Locations[0], protector.IvLength, protector.IcvLength, findings)!.Value;
        Assert.That(bytes.AsSpan(layout.IcvOffset, layout.IcvLength).SequenceEqual(SHA256.HashData(bytes.AsSpan(0, layout.IcvOffset))[..16]), Is.True);
        Assert.That(layout.CiphertextLength % protector.PadBlockSize, Is.Zero);

        var plaintext = bytes.AsSpan(layout.CiphertextOffset, layout.CiphertextLength).ToArray().Select(b => (byte)(b ^ 0x5A)).ToArray();
        Assert.That(SkPlaintext.TryUnpad(plaintext, layout.CiphertextOffset, findings, out var innerBytes), Is.True);
        var decoded = IkeMessageParser.ParsePayloadChain(innerBytes.Span, sk.FirstInnerPayload, layout.CiphertextOffset, findings);

        Assert.That(findings, Is.Empty);
        Assert.That(IkeMessageWriter.WritePayloadChain(decoded), Is.EqualTo(IkeMessageWriter.WritePayloadChain(inner)));
        Assert.That(ExchangeRules.Verify(parsed.Message, ExchangeStep.IkeAuthRequest, decoded), Is.Empty);
    }

    [Test]
    public void Inner_overrides_apply_before_sealing_and_message_patches_after()
    {
        var protector = new XorProtector();
        var withoutAuth = IkeWriteOverrides.None.WithInner(IkeWriteOverrides.None.Dropping(1));
        var sealedHonestly = IkeMessageWriter.Write(AuthRequest(out _), withoutAuth, protector);
        var overrides = withoutAuth.PatchingMessage(sealedHonestly.Length - 1, (byte)(sealedHonestly[^1] ^ 0xff));

        var bytes = IkeMessageWriter.Write(AuthRequest(out _), overrides, protector);
        var layout = SkLayout.Locate(IkeMessageParser.Parse(bytes).Locations[0], 8, 16, [])!.Value;
        var plaintext = bytes.AsSpan(layout.CiphertextOffset, layout.CiphertextLength).ToArray().Select(b => (byte)(b ^ 0x5A)).ToArray();
        SkPlaintext.TryUnpad(plaintext, 0, [], out var innerBytes);
        var decoded = IkeMessageParser.ParsePayloadChain(innerBytes.Span, IkePayloadType.IdentificationInitiator, 0, []);

        Assert.That(decoded.Select(p => p.Type), Has.None.EqualTo(IkePayloadType.Authentication));
        Assert.That(bytes[..^1], Is.EqualTo(sealedHonestly[..^1]));
        Assert.That(bytes[^1], Is.Not.EqualTo(sealedHonestly[^1]), "ICV corrupted after protection");
        Assert.That(ExchangeRules.Verify(IkeMessageParser.Parse(bytes).Message!, ExchangeStep.IkeAuthRequest, decoded).Single().What, Does.Contain("required AUTH missing"));
    }

    [Test]
    public void Pad_length_beyond_plaintext_is_a_finding()
    {
        var findings = new List<CodecFinding>();

        Assert.That(SkPlaintext.TryUnpad(new byte[] { 1, 2, 9 }, 100, findings, out _), Is.False);
        Assert.That(findings.Single().Offset, Is.EqualTo(102));
    }

    [Test]
    public void Draft_without_protector_is_a_harness_bug()
    {
        Assert.That(() => IkeMessageWriter.Write(AuthRequest(out _)), Throws.ArgumentNullException);
    }
}
