using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Rules;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>Misbehaviour through <see cref="IkeWriteOverrides"/>: one encoder, any field replaced after computation.</summary>
[TestFixture]
public sealed class WriteOverridesTests
{
    private static readonly IkeMessage Message = SamplePayloads.IkeSaInitRequest();

    [Test]
    public void Wrong_header_length_is_sent_and_the_parser_notices()
    {
        var honest = IkeMessageWriter.Write(Message);
        var bytes = IkeMessageWriter.Write(Message, IkeWriteOverrides.None.WithHeaderLength(9999));

        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(IkeHeader.LengthOffset)), Is.EqualTo(9999));
        Assert.That(bytes.AsSpan(IkeHeader.Size).SequenceEqual(honest.AsSpan(IkeHeader.Size)), Is.True, "only the length changed");
        Assert.That(IkeMessageParser.Parse(bytes).Findings.Single().Offset, Is.EqualTo(IkeHeader.LengthOffset));
    }

    [Test]
    public void Wrong_next_payload_and_set_reserved_bit_on_one_payload()
    {
        var overrides = IkeWriteOverrides.None.WithPayloadHeader(1, new PayloadHeaderOverride(NextPayload: IkePayloadType.Delete, Reserved: 0x01));

        var result = IkeMessageParser.Parse(IkeMessageWriter.Write(Message, overrides));

        Assert.That(result.Message!.Payloads.Select(p => p.Type), Is.EqualTo(new[] { IkePayloadType.SecurityAssociation, IkePayloadType.KeyExchange, IkePayloadType.Delete }));
        Assert.That(result.Findings.Select(f => f.What), Has.Some.Contains("reserved bits"));
    }

    [Test]
    public void Dropping_the_nonce_and_injecting_a_cleartext_auth_break_the_rules()
    {
        var overrides = IkeWriteOverrides.None
            .Dropping(2)
            .Injecting(0, new AuthenticationPayload(AuthMethod.SharedKeyMic, new byte[32]));

        var result = IkeMessageParser.Parse(IkeMessageWriter.Write(Message, overrides));
        var ruleFindings = ExchangeRules.Verify(result.Message!, ExchangeStep.IkeSaInitRequest);

        Assert.That(result.Findings, Is.Empty, "the wire form itself is well-formed");
        Assert.That(result.Message!.Payloads[0].Type, Is.EqualTo(IkePayloadType.Authentication));
        Assert.That(ruleFindings.Select(f => f.What), Has.Some.Contains("AUTH is not allowed").And.Some.Contains("required Ni/Nr missing"));
    }

    [Test]
    public void Nested_computed_field_is_patched_through_named_offsets()
    {
        // The first proposal's length, at its named offset inside the SA payload.
        int offset = PayloadHeader.Size + Proposal.LengthOffset;
        var bytes = IkeMessageWriter.Write(Message, IkeWriteOverrides.None.PatchingPayload(0, offset, 0x00, 0x05));

        var findings = IkeMessageParser.Parse(bytes).Findings;

        Assert.That(findings.Single(f => f.Offset == IkeHeader.Size + offset).What, Does.Contain("below the 8-octet minimum"));
    }

    [Test]
    public void Critical_bit_and_trailing_octets()
    {
        var overrides = IkeWriteOverrides.None
            .WithPayloadHeader(0, new PayloadHeaderOverride(Critical: true))
            .Appending(0xde, 0xad);

        var result = IkeMessageParser.Parse(IkeMessageWriter.Write(Message, overrides));

        Assert.That(result.Findings.Select(f => f.Reference), Is.EquivalentTo(new[] { "RFC 7296 3.1", "RFC 7296 3.2" }));
    }

    [Test]
    public void Patch_outside_a_payload_is_a_harness_bug()
    {
        Assert.That(() => IkeMessageWriter.Write(Message, IkeWriteOverrides.None.PatchingPayload(2, 1000, 1)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
