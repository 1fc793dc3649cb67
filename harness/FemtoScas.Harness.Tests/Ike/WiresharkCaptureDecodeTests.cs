using NUnit.Framework;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Rules;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>Decodes real datagrams from a public Wireshark capture field by field, then re-encodes them.</summary>
[TestFixture]
public sealed class WiresharkCaptureDecodeTests
{
    [Test]
    public void IkeSaInitRequest_decodes_every_field()
    {
        var result = IkeMessageParser.Parse(IkeVectors.WiresharkIkeSaInitRequest);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        var header = message.Header;
        Assert.Multiple(() =>
        {
            Assert.That(header.InitiatorSpi, Is.EqualTo(0xea684d21597afd36UL));
            Assert.That(header.ResponderSpi, Is.Zero);
            Assert.That(header.NextPayload, Is.EqualTo(IkePayloadType.SecurityAssociation));
            Assert.That(header.MajorVersion, Is.EqualTo(2));
            Assert.That(header.MinorVersion, Is.Zero);
            Assert.That(header.ExchangeType, Is.EqualTo(IkeExchangeType.IkeSaInit));
            Assert.That(header.Flags, Is.EqualTo(IkeHeaderFlags.Initiator));
            Assert.That(header.MessageId, Is.Zero);
            Assert.That(header.Length, Is.EqualTo(248));
            Assert.That(message.Payloads.Select(p => p.Type), Is.EqualTo(new[]
            {
                IkePayloadType.SecurityAssociation, IkePayloadType.KeyExchange, IkePayloadType.Nonce,
                IkePayloadType.Notify, IkePayloadType.Notify, IkePayloadType.Notify,
            }));
        });

        var proposal = message.Find<SecurityAssociationPayload>()!.Proposals.Single();
        Assert.Multiple(() =>
        {
            Assert.That(proposal.Number, Is.EqualTo(1));
            Assert.That(proposal.Protocol, Is.EqualTo(IkeProtocolId.Ike));
            Assert.That(proposal.Spi.Length, Is.Zero);
            Assert.That(proposal.Transforms.Select(t => (t.Type, t.Id)), Is.EqualTo(new[]
            {
                (TransformType.Encryption, (ushort)EncrId.AesCcm12),
                (TransformType.PseudoRandomFunction, (ushort)PrfId.HmacSha2_256),
                (TransformType.DiffieHellmanGroup, (ushort)DhGroupId.Ecp256),
            }));
            Assert.That(proposal.Transforms[0].KeyLengthBits, Is.EqualTo(128));
        });

        var ke = message.Find<KeyExchangePayload>()!;
        var notifies = message.Payloads.OfType<NotifyPayload>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ke.Group, Is.EqualTo((ushort)DhGroupId.Ecp256));
            Assert.That(ke.Data.Length, Is.EqualTo(64), "ECP-256 public value is x||y, 64 octets (RFC 5903 7)");
            Assert.That(Convert.ToHexString(ke.Data.Span[..4]), Is.EqualTo("32C6DFFE"));
            Assert.That(message.Find<NoncePayload>()!.Data.Length, Is.EqualTo(32));
            Assert.That(notifies.Select(n => n.NotifyType), Is.EqualTo(new[]
            {
                NotifyMessageType.NatDetectionSourceIp, NotifyMessageType.NatDetectionDestinationIp, NotifyMessageType.SignatureHashAlgorithms,
            }));
            Assert.That(Convert.ToHexString(notifies[0].Data.Span), Is.EqualTo("949C9DB5739D75A974A49C184618369B34B7F942"));
            Assert.That(Convert.ToHexString(notifies[2].Data.Span), Is.EqualTo("0001000200030004"));
            Assert.That(notifies.All(n => n.Protocol == IkeProtocolId.None && n.Spi.IsEmpty), Is.True);
        });

        Assert.That(result.Locations.Select(l => l.Offset), Is.EqualTo(new[] { 28, 68, 140, 176, 204, 232 }));
        Assert.That(ExchangeRules.Verify(message, ExchangeStep.IkeSaInitRequest, locations: result.Locations), Is.Empty);
    }

    [Test]
    public void IkeSaInitResponse_decodes_and_passes_the_rules()
    {
        var result = IkeMessageParser.Parse(IkeVectors.WiresharkIkeSaInitResponse);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        Assert.Multiple(() =>
        {
            Assert.That(message.Header.ResponderSpi, Is.EqualTo(0xd9fe2ab22dac23acUL));
            Assert.That(message.Header.Flags, Is.EqualTo(IkeHeaderFlags.Response));
            Assert.That(message.Payloads[^1], Is.EqualTo(NotifyPayload.Of(NotifyMessageType.MultipleAuthSupported)).Using<IkePayload>(SameWire));
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.IkeSaInitResponse), Is.Empty);
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.IkeSaInitRequest), Is.Not.Empty);
        });
    }

    [Test]
    public void Informational_request_keeps_SK_opaque_and_names_the_first_inner_payload()
    {
        var result = IkeMessageParser.Parse(IkeVectors.WiresharkInformationalRequest);

        Assert.That(result.Findings, Is.Empty);
        var sk = (EncryptedPayload)result.Message!.Payloads.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Message.Header.ExchangeType, Is.EqualTo(IkeExchangeType.Informational));
            Assert.That(result.Message.Header.MessageId, Is.EqualTo(2));
            Assert.That(sk.FirstInnerPayload, Is.EqualTo(IkePayloadType.Delete));
            Assert.That(sk.Content.Length, Is.EqualTo(29));
        });

        // AES-CCM with 8-octet IV and 12-octet ICV, as the capture's file name says.
        var parts = sk.Split(8, 12, result.Locations[0].Offset + 4, [])!;
        var layout = SkLayout.Locate(result.Locations[0], 8, 12, [])!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(parts.Iv.Span), Is.EqualTo("CCA0B35DE5ABC51C"));
            Assert.That(parts.Ciphertext.Length, Is.EqualTo(9));
            Assert.That(Convert.ToHexString(parts.Icv.Span), Is.EqualTo("B767CDB85179383B964D78E2"));
            Assert.That(layout.AssociatedDataLength, Is.EqualTo(32));
            Assert.That(layout.CiphertextOffset, Is.EqualTo(40));
            Assert.That(layout.IcvOffset + layout.IcvLength, Is.EqualTo(IkeVectors.WiresharkInformationalRequest.Length));
            Assert.That(ExchangeRules.Verify(result.Message, ExchangeStep.InformationalRequest), Is.Empty);
        });
    }

    [TestCaseSource(nameof(Captures))]
    public void Writer_reproduces_the_captured_bytes(byte[] datagram)
    {
        var message = IkeMessageParser.Parse(datagram).Message!;

        Assert.That(IkeMessageWriter.Write(message), Is.EqualTo(datagram));
    }

    private static IEnumerable<byte[]> Captures() =>
        [IkeVectors.WiresharkIkeSaInitRequest, IkeVectors.WiresharkIkeSaInitResponse, IkeVectors.WiresharkInformationalRequest];

    private static bool SameWire(IkePayload a, IkePayload b) =>
        IkeMessageWriter.WritePayloadChain([a]).AsSpan().SequenceEqual(IkeMessageWriter.WritePayloadChain([b]));
}
