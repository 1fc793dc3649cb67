using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using NUnit.Framework;
using static FemtoScas.Harness.Tests.Ngap.NgapSamples;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>Every builder's PDU decodes without a finding, its typed IEs read back as written, and re-encoding the decoded IEs gives the same octets.</summary>
[TestFixture]
public sealed class NgapRoundTripTests
{
    private static IEnumerable<TestCaseData> Samples() => All().Select(s => new TestCaseData(s.Pdu).SetName($"Round_trip_{s.Name}"));

    [TestCaseSource(nameof(Samples))]
    public void Decodes_cleanly_and_re_encodes_to_the_same_octets(byte[] pdu)
    {
        var result = NgapMessageParser.Parse(pdu);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        Assert.That(message.Rule, Is.Not.Null);
        Assert.That(message.Typed.Keys, Is.EquivalentTo(message.Ies.Select(i => i.Id)), "every IE the builders write is typed");
        Assert.That(NgapMessage.Encode(message.Rule!, message.Ies), Is.EqualTo(pdu));
        var retyped = message.Ies.Select(i => ProtocolIeField.Of(i.Id, i.Criticality, message.Typed[i.Id])).ToList();
        Assert.That(NgapMessage.Encode(message.Rule!, retyped), Is.EqualTo(pdu), "typed values write what they read");
    }

    [Test]
    public void Initial_ue_message_carries_the_cells_cag_list()
    {
        var message = NgapMessageParser.Parse(All().Single(s => s.Name == "InitialUEMessage").Pdu).Message!;

        Assert.That(message.Get<CellCagList>(NgapIeId.NpnAccessInformation)!.CagIds, Is.EqualTo(new[] { CagA, CagB }));
        Assert.That(message.Ies.Single(i => i.Id == NgapIeId.NpnAccessInformation).Criticality, Is.EqualTo(Criticality.Reject));
        Assert.That(message.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation), Is.EqualTo(Location));
        Assert.That(message.Get<NgapInteger>(NgapIeId.RanUeNgapId)!.Value, Is.EqualTo(5));
        Assert.That(message.Get<NasPdu>(NgapIeId.NasPdu)!.Octets, Is.EqualTo(NasOctets));
    }

    [Test]
    public void Initial_context_setup_request_carries_the_allowed_cag_list_and_masks_the_key()
    {
        var message = NgapMessageParser.Parse(All().Single(s => s.Name == "InitialContextSetupRequest").Pdu).Message!;

        var npn = message.Get<MobilityRestrictionList>(NgapIeId.MobilityRestrictionList)!.NpnMobility!;
        Assert.That(npn.AllowedPniNpns!.Single().CagOnly, Is.True);
        Assert.That(npn.AllowedPniNpns!.Single().AllowedCagIds, Is.EqualTo(new[] { CagA, CagB }));
        var key = message.Get<SecurityKey>(NgapIeId.SecurityKey)!;
        Assert.That(key.Key.Span.ToArray(), Is.EqualTo(Key().Key.Span.ToArray()));
        Assert.That(key.ToString() + message + message.Ies.Single(i => i.Id == NgapIeId.SecurityKey), Does.Not.Contain("A0A1A2").And.Not.Contain("a0a1a2"));
        Assert.That(message.Get<UeSecurityCapabilities>(NgapIeId.UeSecurityCapabilities), Is.EqualTo(new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000)));
    }

    [Test]
    public void Handover_failure_and_context_failure_carry_the_cag_causes()
    {
        var handover = NgapMessageParser.Parse(All().Single(s => s.Name == "HandoverFailure").Pdu).Message!;
        var context = NgapMessageParser.Parse(All().Single(s => s.Name == "InitialContextSetupFailure").Pdu).Message!;

        Assert.That(handover.Get<Cause>(NgapIeId.Cause), Is.EqualTo(new Cause(CauseGroup.RadioNetwork, 49)));
        Assert.That(context.Get<Cause>(NgapIeId.Cause), Is.EqualTo(new Cause(CauseGroup.RadioNetwork, 50)));
        Assert.That(handover.Pdu.Kind, Is.EqualTo(NgapPduKind.UnsuccessfulOutcome));
        Assert.That(handover.Pdu.ProcedureCode, Is.EqualTo(13));
    }

    [Test]
    public void Handover_request_carries_its_typed_values_and_the_failure_its_cell_CAG_information()
    {
        var request = NgapMessageParser.Parse(All().Single(s => s.Name == "HandoverRequest").Pdu).Message!;
        Assert.That(request.Rule, Is.SameAs(NgapMessageRules.HandoverRequest));
        Assert.That(request.Pdu.Kind, Is.EqualTo(NgapPduKind.InitiatingMessage));
        Assert.That(request.Get<NgapEnumerated>(NgapIeId.HandoverType)?.Value, Is.EqualTo((int)HandoverType.Intra5gs));
        Assert.That(request.Get<UeAggregateMaximumBitRate>(NgapIeId.UeAggregateMaximumBitRate), Is.EqualTo(new UeAggregateMaximumBitRate(100_000_000, UeAggregateMaximumBitRate.MaxBitRate)));
        Assert.That(request.Get<SecurityContext>(NgapIeId.SecurityContext)?.NextHopChainingCount, Is.EqualTo(1));
        Assert.That(request.Get<PduSessionResourceSetupListHoReq>(NgapIeId.PduSessionResourceSetupListHoReq)?.Items.Single().PduSessionId, Is.EqualTo(1));
        Assert.That(request.Get<MobilityRestrictionList>(NgapIeId.MobilityRestrictionList)?.NpnMobility?.AllowedPniNpns?.Single().AllowedCagIds, Is.EqualTo(new[] { CagA, CagB }));
        // Every mandatory IE of the table is written.
        Assert.That(NgapMessageRules.HandoverRequest.Ies.Where(r => r.Mandatory).Select(r => r.Id), Is.SubsetOf(request.Ies.Select(i => i.Id)));

        var failure = NgapMessageParser.Parse(All().Single(s => s.Name == "HandoverFailure").Pdu).Message!;
        var info = failure.Get<CellCagInformation>(NgapIeId.TargetToSourceFailureTransparentContainer);
        Assert.That(info?.CagIds, Is.EqualTo(new[] { CagA, CagB }));
        Assert.That(info?.Cell, Is.EqualTo(Location.Cgi));

        var ack = NgapMessageParser.Parse(All().Single(s => s.Name == "HandoverRequestAcknowledge").Pdu).Message!;
        Assert.That(ack.Rule, Is.SameAs(NgapMessageRules.HandoverRequestAcknowledge));
        Assert.That(ack.Get<PduSessionResourceAdmittedList>(NgapIeId.PduSessionResourceAdmittedList)?.Items.Single().PduSessionId, Is.EqualTo(1));
    }

    [Test]
    public void A_handover_failure_container_that_does_not_decode_is_a_finding()
    {
        // IE 262 whose OCTET STRING holds two octets: too short for Cell-CAGInformation.
        var pdu = NgapMessage.Encode(NgapMessageRules.HandoverFailure,
        [
            ProtocolIeField.Of(NgapIeId.AmfUeNgapId, Criticality.Ignore, NgapInteger.AmfUeNgapId(1)),
            ProtocolIeField.Of(NgapIeId.Cause, Criticality.Ignore, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkCagOnlyAccessDenied)),
            ProtocolIeField.Of(NgapIeId.TargetToSourceFailureTransparentContainer, Criticality.Ignore, new NgapOctets([0x00, 0x00])),
        ]);
        var result = NgapMessageParser.Parse(pdu);
        Assert.That(result.Findings.Select(f => f.What), Has.Some.Contain("IE 262 value does not decode"));
        Assert.That(result.Message!.Get<CellCagInformation>(NgapIeId.TargetToSourceFailureTransparentContainer), Is.Null);
    }

    [Test]
    public void A_large_nas_pdu_uses_the_fragmented_length_form_and_round_trips()
    {
        var nas = Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray();
        var pdu = NgapMessages.DownlinkNasTransport(1, 2, nas);

        var result = NgapMessageParser.Parse(pdu);

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Message!.Get<NasPdu>(NgapIeId.NasPdu)!.Octets, Is.EqualTo(nas));
        Assert.That(NgapMessage.Encode(result.Message.Rule!, result.Message.Ies), Is.EqualTo(pdu));
    }
}
