using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.Ike.Rules;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

[TestFixture]
public sealed class ExchangeRulesTests
{
    private static IkeMessage Encrypted(IkeExchangeType exchange, bool response) =>
        new(IkeHeader.Create(1, 2, exchange, response ? IkeHeaderFlags.Response : IkeHeaderFlags.Initiator, 1),
            [new EncryptedPayload(IkePayloadType.None, new byte[40])]);

    [Test]
    public void Every_step_has_a_shape_rows_and_a_reference_per_row()
    {
        Assert.That(ExchangeRules.Shapes.Select(s => s.Step), Is.EquivalentTo(Enum.GetValues<ExchangeStep>()));
        Assert.That(ExchangeRules.Rows.Where(r => !r.Reference.StartsWith("RFC", StringComparison.Ordinal)), Is.Empty);
        Assert.That(Enum.GetValues<ExchangeStep>().Where(s => !ExchangeRules.RowsOf(s).Any()), Is.Empty);
    }

    [Test]
    public void Eap_rounds_move_auth_and_eap_between_messages()
    {
        var first = Encrypted(IkeExchangeType.IkeAuth, false);
        IkePayload[] withoutAuth =
        [
            IdentificationPayload.Fqdn(false, "femto"), SamplePayloads.EspProposal(),
            new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4]), new TrafficSelectorPayload(true, [TrafficSelector.AnyIpv4]),
        ];
        IkePayload[] segwAnswer =
        [
            IdentificationPayload.Fqdn(true, "segw"), new AuthenticationPayload(AuthMethod.RsaDigitalSignature, new byte[16]),
            new EapPayload(SamplePayloads.AkaChallenge().ToEap(EapCode.Request, 1)),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(ExchangeRules.Verify(first, ExchangeStep.IkeAuthEapFirstRequest, withoutAuth), Is.Empty);
            Assert.That(ExchangeRules.Verify(first, ExchangeStep.IkeAuthRequest, withoutAuth).Single().What, Does.Contain("required AUTH missing"));
            Assert.That(ExchangeRules.Verify(Encrypted(IkeExchangeType.IkeAuth, true), ExchangeStep.IkeAuthEapFirstResponse, segwAnswer), Is.Empty);
            Assert.That(ExchangeRules.Verify(first, ExchangeStep.IkeAuthEapRoundRequest, [new EapPayload(EapMessage.Success(1))]), Is.Empty);
            Assert.That(ExchangeRules.Verify(first, ExchangeStep.IkeAuthEapFinalRequest, [segwAnswer[1]]), Is.Empty);
        });
    }

    [Test]
    public void Cleartext_payload_that_must_be_encrypted_and_missing_sk()
    {
        var message = new IkeMessage(IkeHeader.Create(1, 2, IkeExchangeType.Informational, IkeHeaderFlags.Initiator, 3), [DeletePayload.IkeSa()]);

        var whats = ExchangeRules.Verify(message, ExchangeStep.InformationalRequest).Select(f => f.What).ToList();

        Assert.That(whats, Has.Some.Contains("D sent in cleartext").And.Some.Contains("carries no SK payload"));
    }

    [Test]
    public void Rekey_steps_differ_in_traffic_selectors_and_rekey_notification()
    {
        var message = Encrypted(IkeExchangeType.CreateChildSa, false);
        IkePayload[] ikeRekey = [SamplePayloads.IkeProposals(), new NoncePayload(new byte[32]), new KeyExchangePayload(DhGroupId.Ecp384, new byte[96])];
        IkePayload[] childRekey =
        [
            new NotifyPayload(IkeProtocolId.Esp, new byte[4], NotifyMessageType.RekeySa, ReadOnlyMemory<byte>.Empty), SamplePayloads.EspProposal(),
            new NoncePayload(new byte[32]), new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4]), new TrafficSelectorPayload(true, [TrafficSelector.AnyIpv4]),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.RekeyIkeSaRequest, ikeRekey), Is.Empty);
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.RekeyChildSaRequest, childRekey), Is.Empty);
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.RekeyChildSaRequest, childRekey[1..]).Single().What, Does.Contain("N(REKEY_SA)"));
            Assert.That(ExchangeRules.Verify(message, ExchangeStep.RekeyIkeSaRequest, [.. ikeRekey, .. childRekey[3..]]).Select(f => f.What), Has.All.Contains("not allowed"));
        });
    }

    [Test]
    public void Header_direction_exchange_and_duplicates()
    {
        var message = IkeMessageParser.Parse(IkeVectors.WiresharkIkeSaInitRequest).Message!;
        var duplicated = message with { Payloads = [.. message.Payloads, new NoncePayload(new byte[16])], Header = message.Header with { Flags = IkeHeaderFlags.Response, MessageId = 4 } };

        var findings = ExchangeRules.Verify(duplicated, ExchangeStep.IkeSaInitRequest);

        Assert.That(findings.Select(f => f.Offset), Is.EquivalentTo(new[] { IkeHeader.FlagsOffset, IkeHeader.MessageIdOffset, -1 }));
        Assert.That(findings.Single(f => f.Offset == -1).What, Does.Contain("more than once"));
    }

    [Test]
    public void Cookie_must_be_first_and_error_response_needs_an_error()
    {
        var request = SamplePayloads.IkeSaInitRequest(NotifyPayload.Of(NotifyMessageType.Cookie, new byte[16]));
        var errorResponse = new IkeMessage(IkeHeader.Create(1, 0, IkeExchangeType.IkeSaInit, IkeHeaderFlags.Response, 0), [NotifyPayload.Of(NotifyMessageType.NatDetectionSourceIp, new byte[20])]);

        Assert.That(ExchangeRules.Verify(request, ExchangeStep.IkeSaInitRequest).Single().Reference, Is.EqualTo("RFC 7296 2.6"));
        Assert.That(ExchangeRules.Verify(errorResponse, ExchangeStep.IkeSaInitErrorResponse).Single().What, Does.Contain("no error notification"));
    }
}
