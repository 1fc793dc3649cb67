using FemtoScas.Harness.Ike.Codec;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>Each malformation yields a finding at the right offset, never an exception.</summary>
[TestFixture]
public sealed class ParserLeniencyTests
{
    private static byte[] Valid() => (byte[])IkeVectors.WiresharkIkeSaInitRequest.Clone();

    [Test]
    public void Short_datagram_gives_no_message_and_one_finding()
    {
        var result = IkeMessageParser.Parse(new byte[10]);

        Assert.That(result.Message, Is.Null);
        Assert.That(result.Findings.Single().Reference, Is.EqualTo("RFC 7296 3.1"));
    }

    [Test]
    public void Length_field_beyond_the_datagram_is_reported_and_payloads_still_decode()
    {
        var bytes = Valid();
        bytes[27] = 0xff;

        var result = IkeMessageParser.Parse(bytes);

        Assert.That(result.Findings.Single().Offset, Is.EqualTo(IkeHeader.LengthOffset));
        Assert.That(result.Message!.Payloads, Has.Count.EqualTo(6));
    }

    [Test]
    public void Major_version_other_than_2_calls_for_invalid_major_version()
    {
        var bytes = Valid();
        bytes[IkeHeader.VersionOffset] = 0x30;

        var finding = IkeMessageParser.Parse(bytes).Findings.Single();

        Assert.That(finding.What, Does.Contain("INVALID_MAJOR_VERSION"));
        Assert.That(finding.Offset, Is.EqualTo(IkeHeader.VersionOffset));
    }

    [Test]
    public void Reserved_header_flag_and_payload_reserved_bits_are_reported()
    {
        var bytes = Valid();
        bytes[IkeHeader.FlagsOffset] |= 0x01;
        bytes[28 + PayloadHeader.FlagsOffset] = 0x01;

        var offsets = IkeMessageParser.Parse(bytes).Findings.Select(f => f.Offset);

        Assert.That(offsets, Is.EquivalentTo(new[] { IkeHeader.FlagsOffset, 29 }));
    }

    [Test]
    public void Unknown_payload_without_critical_bit_is_skipped_but_kept()
    {
        var bytes = IkeMessageWriter.Write(SamplePayloads.IkeSaInitRequest(new UnknownPayload((IkePayloadType)190, new byte[] { 1, 2, 3 })));

        var result = IkeMessageParser.Parse(bytes);

        Assert.That(result.Findings.Single().What, Does.Contain("skipped"));
        Assert.That(result.Message!.Payloads[^1], Is.TypeOf<UnknownPayload>());
        Assert.That(IkeMessageWriter.Write(result.Message), Is.EqualTo(bytes));
    }

    [Test]
    public void Unknown_critical_payload_demands_unsupported_critical_payload()
    {
        var bytes = IkeMessageWriter.Write(SamplePayloads.IkeSaInitRequest(new UnknownPayload((IkePayloadType)190, new byte[] { 1 }) { Critical = true }));

        var finding = IkeMessageParser.Parse(bytes).Findings.Single();

        Assert.That(finding.What, Does.Contain("UNSUPPORTED_CRITICAL_PAYLOAD"));
        Assert.That(finding.Reference, Does.Contain("2.5"));
    }

    [Test]
    public void Payload_length_past_the_end_and_trailing_octets_are_reported()
    {
        var truncated = Valid()[..240];
        truncated[27] = 240;
        var result = IkeMessageParser.Parse(truncated);
        Assert.That(result.Findings.Single().Offset, Is.EqualTo(232 + PayloadHeader.LengthOffset));

        var trailing = Valid().Concat(new byte[] { 0, 0 }).ToArray();
        Assert.That(IkeMessageParser.Parse(trailing).Findings.Single().Offset, Is.EqualTo(248));
    }

    [Test]
    public void Inconsistent_proposal_is_reported_inside_the_sa()
    {
        var bytes = Valid();
        bytes[28 + 4 + Proposal.TransformCountOffset] = 5;
        bytes[28 + 4 + 8 + 8 + 3] = 0x0f;

        var whats = IkeMessageParser.Parse(bytes).Findings.Select(f => f.What).ToList();

        Assert.That(whats, Has.Some.Contains("declares 5 transforms"));
        Assert.That(whats, Has.Some.Contains("key length 15"));
    }
}
