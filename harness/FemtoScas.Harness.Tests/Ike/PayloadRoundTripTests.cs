using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

[TestFixture]
public sealed class PayloadRoundTripTests
{
    private static IEnumerable<TestCaseData> Payloads() =>
        SamplePayloads.EveryPayload().Select((p, i) => new TestCaseData(p).SetArgDisplayNames($"{i:D2}-{p.Type.Short()}"));

    [TestCaseSource(nameof(Payloads))]
    public void Write_parse_write_gives_the_same_octets(IkePayload payload)
    {
        var bytes = IkeMessageWriter.Write(SamplePayloads.MessageWith(payload));
        var result = IkeMessageParser.Parse(bytes);

        var expectedFindings = payload is UnknownPayload ? 1 : 0;
        Assert.That(result.Findings, Has.Count.EqualTo(expectedFindings), string.Join("; ", result.Findings));
        var decoded = result.Message!.Payloads[0];
        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetType(), Is.EqualTo(payload.GetType()));
            Assert.That(decoded.Type, Is.EqualTo(payload.Type));
            Assert.That(IkeMessageWriter.Write(result.Message), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Sa_decodes_key_length_attribute_and_proposal_structure()
    {
        var bytes = IkeMessageWriter.Write(SamplePayloads.MessageWith(SamplePayloads.IkeProposals()));
        var sa = IkeMessageParser.Parse(bytes).Message!.Find<SecurityAssociationPayload>()!;

        Assert.Multiple(() =>
        {
            Assert.That(sa.Proposals.Select(p => p.Number), Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(sa.Proposals[0].Transforms[0].KeyLengthBits, Is.EqualTo(256));
            Assert.That(sa.Proposals[1].OfType(TransformType.Integrity).Single().Id, Is.EqualTo((ushort)IntegId.HmacSha2_256_128));
            // Proposal 1 "more" = 2 at octet 28+4; its first transform "more" = 3 at 28+4+8.
            Assert.That(bytes[32], Is.EqualTo(Proposal.MoreProposals));
            Assert.That(bytes[40], Is.EqualTo(Transform.MoreTransforms));
            Assert.That(bytes[40 + 8], Is.EqualTo(0x80), "Key Length is TV: AF bit set");
        });
    }

    [Test]
    public void Eap_aka_attributes_round_trip_with_their_padding_rules()
    {
        var aka = new EapAkaMessage(EapAkaSubtype.Challenge,
        [
            EapAkaAttribute.Res(SamplePayloads.Bytes(8, 1)),
            EapAkaAttribute.Identity("0001010123456789@nai.epc"),
            EapAkaAttribute.Flag(EapAkaAttributeType.AnyIdReq),
            EapAkaAttribute.Short(EapAkaAttributeType.ClientErrorCode, 0),
            EapAkaAttribute.Mac(new byte[16]),
        ]);
        var packet = aka.ToEap(EapCode.Response, 9).Write();
        var findings = new List<CodecFinding>();
        var decoded = EapMessage.Read(packet, 0, findings).AsAka(0, findings)!;

        Assert.That(findings, Is.Empty);
        Assert.That(decoded.Find(EapAkaAttributeType.Res)!.TryGetLengthPrefixed(out int bits, out var res), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(bits, Is.EqualTo(64), "AT_RES length counts bits (RFC 4187 10.8)");
            Assert.That(res.ToArray(), Is.EqualTo(SamplePayloads.Bytes(8, 1)));
            Assert.That(decoded.Find(EapAkaAttributeType.Identity)!.IdentityText, Is.EqualTo("0001010123456789@nai.epc"));
            // 24-octet identity + 2 length octets + 2 header octets = 28, already a multiple of 4.
            Assert.That(decoded.Find(EapAkaAttributeType.Identity)!.Value.Length, Is.EqualTo(26));
            Assert.That(EapAkaMessage.FindMacValueOffset(packet), Is.EqualTo(packet.Length - 16));
            Assert.That(aka.ToEap(EapCode.Response, 9).Write(), Is.EqualTo(packet));
        });
    }

    [Test]
    public void Eap_aka_reports_res_length_and_padding_violations()
    {
        // AT_RES, length 2 (8 octets): RES length 16 bits (below 32), RES 0x1111, non-zero padding.
        byte[] typeData = [(byte)EapAkaSubtype.Challenge, 0, 0, 3, 2, 0, 16, 0x11, 0x11, 0xff, 0x00];
        var findings = new List<CodecFinding>();

        EapAkaMessage.Read(typeData, 0, findings);

        Assert.That(findings.Select(f => f.What), Has.Some.Contains("outside 32..128").And.Some.Contains("padding is not zero"));
    }
}
