using System.Diagnostics;
using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using NUnit.Framework;
using static FemtoScas.Harness.Tests.Ngap.NgapSamples;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>A peer's deviations become findings with bit offsets (TS 38.413 10); hostile input is bounded.</summary>
[TestFixture]
public sealed class NgapFindingTests
{
    private static readonly NgapInteger Ran5 = NgapInteger.RanUeNgapId(5);

    private static List<ProtocolIeField> InitialUeIes() =>
    [
        ProtocolIeField.Of(NgapIeId.RanUeNgapId, Criticality.Reject, Ran5),
        ProtocolIeField.Of(NgapIeId.NasPdu, Criticality.Reject, new NasPdu(NasOctets)),
        ProtocolIeField.Of(NgapIeId.UserLocationInformation, Criticality.Reject, Location),
        ProtocolIeField.Of(NgapIeId.RrcEstablishmentCause, Criticality.Ignore, new NgapEnumerated(3, 10)),
    ];

    private static IReadOnlyList<NgapFinding> FindingsOf(List<ProtocolIeField> ies) =>
        NgapMessageParser.Parse(NgapMessage.Encode(NgapMessageRules.InitialUeMessage, ies)).Findings;

    [Test]
    public void An_unknown_ie_survives_and_is_a_finding()
    {
        var ies = InitialUeIes();
        ies.Add(new ProtocolIeField(4000, Criticality.Ignore, [0xDE, 0xAD]));

        var result = NgapMessageParser.Parse(NgapMessage.Encode(NgapMessageRules.InitialUeMessage, ies));

        Assert.That(result.Findings.Single().What, Does.Contain("IE 4000").And.Contain("not in the message's table"));
        Assert.That(result.Message!.Ies.Last().Value, Is.EqualTo(new byte[] { 0xDE, 0xAD }));
        Assert.That(result.Findings.Single().BitOffset, Is.EqualTo(result.Message.Ies.Last().ValueBitOffset));
    }

    [Test]
    public void A_missing_mandatory_ie_is_a_finding()
    {
        var ies = InitialUeIes();
        ies.RemoveAt(2);

        Assert.That(FindingsOf(ies).Single().What, Does.Contain("mandatory UserLocationInformation (IE 121) missing"));
    }

    [Test]
    public void A_duplicate_ie_is_a_finding()
    {
        var ies = InitialUeIes();
        ies.Add(ies[0]);

        Assert.That(FindingsOf(ies).Single().What, Does.Contain("RAN-UE-NGAP-ID more than once"));
    }

    [Test]
    public void A_wrong_criticality_is_a_finding()
    {
        var ies = InitialUeIes();
        ies[0] = ies[0] with { Criticality = Criticality.Ignore };

        Assert.That(FindingsOf(ies).Single().What, Does.Contain("RAN-UE-NGAP-ID with criticality Ignore, expected Reject"));
    }

    [Test]
    public void An_ie_value_that_does_not_decode_is_a_finding_and_the_rest_still_decodes()
    {
        var ies = InitialUeIes();
        ies[2] = ies[2] with { Value = [0x40, 0x00] }; // NR ULI cut after the PLMN's first octet

        var result = NgapMessageParser.Parse(NgapMessage.Encode(NgapMessageRules.InitialUeMessage, ies));

        var finding = result.Findings.Single();
        Assert.That(finding.What, Does.Contain("IE 121 value does not decode: LengthBeyondInput"));
        var uli = result.Message!.Ies.Single(i => i.Id == NgapIeId.UserLocationInformation);
        Assert.That(finding.BitOffset, Is.GreaterThan(uli.ValueBitOffset).And.LessThan(uli.ValueBitOffset + 16));
        Assert.That(result.Message.Get<NasPdu>(NgapIeId.NasPdu)!.Octets, Is.EqualTo(NasOctets));
    }

    [Test]
    public void Truncation_anywhere_is_a_finding_never_an_exception()
    {
        foreach (var (name, pdu) in All())
        {
            for (int cut = 0; cut < pdu.Length; cut++)
            {
                var result = NgapMessageParser.Parse(pdu[..cut]);
                Assert.That(result.Findings, Is.Not.Empty, $"{name} cut at {cut}");
            }
        }
    }

    [Test]
    public void An_unknown_procedure_keeps_its_ies_and_is_a_finding()
    {
        var pdu = new NgapPdu(NgapPduKind.InitiatingMessage, 200, Criticality.Ignore, NgapMessage.EncodeValue(InitialUeIes())).ToArray();

        var result = NgapMessageParser.Parse(pdu);

        Assert.That(result.Findings.Single().What, Does.Contain("procedure 200"));
        Assert.That(result.Message!.Ies, Has.Count.EqualTo(4));
    }

    [Test]
    public void A_length_beyond_the_input_is_refused_before_allocation()
    {
        // NGAP-PDU header, then an open type announcing 4 x 16K octets with 3 octets behind it.
        var reader = new PerReader([0x00, 0x0F, 0x40, 0xC4, 1, 2, 3]);

        Assert.That(NgapPdu.Read(reader), Is.Null);
        Assert.That(reader.Failure!.Kind, Is.EqualTo(PerFailureKind.LengthBeyondInput));
        Assert.That(reader.Failure.BitOffset, Is.EqualTo(32));
    }

    [Test]
    public void A_container_count_beyond_the_input_is_refused()
    {
        var pdu = new NgapPdu(NgapPduKind.InitiatingMessage, 15, Criticality.Ignore, [0x00, 0xFF, 0xFF]).ToArray();

        var result = NgapMessageParser.Parse(pdu);

        Assert.That(result.Findings.Single().What, Does.Contain("LengthBeyondInput"));
    }

    [Test]
    public void One_mebibyte_of_garbage_is_handled_quickly()
    {
        var random = new Random(38413);
        for (int round = 0; round < 4; round++)
        {
            var garbage = new byte[1 << 20];
            random.NextBytes(garbage);
            if (round >= 2)
            {
                // Past the first checks: a valid header announcing the rest as the value, fragmented.
                garbage[0] = 0x00;
                garbage[1] = 0x0F;
                garbage[2] = 0x40;
                garbage[3] = 0xC4;
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var result = NgapMessageParser.Parse(garbage);
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            Assert.That(result.Findings, Is.Not.Empty);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(allocated, Is.LessThan(64L << 20));
        }
    }

    [Test]
    public void One_mebibyte_of_garbage_into_every_typed_ie_reader_is_handled_quickly()
    {
        var garbage = new byte[1 << 20];
        new Random(413).NextBytes(garbage);
        foreach (var id in NgapIeCodecs.TypedIds)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            NgapIeCodecs.Decode(new ProtocolIeField(id, Criticality.Ignore, garbage), out _, out _);
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), $"IE {id}");
            Assert.That(allocated, Is.LessThan(64L << 20), $"IE {id}");
        }
    }
}
