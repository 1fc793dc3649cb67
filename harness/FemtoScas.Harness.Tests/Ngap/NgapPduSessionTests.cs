using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using NUnit.Framework;
using static FemtoScas.Harness.Tests.Ngap.NgapSamples;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// PDU Session Resource Setup/Release, Paging and RAN Configuration Update: the typed values and the per-session
/// transfers read back as written; a transfer that deviates gives findings, never an exception.
/// </summary>
[TestFixture]
public sealed class NgapPduSessionTests
{
    private static NgapMessage Message(string name) => NgapMessageParser.Parse(All().Single(s => s.Name == name).Pdu).Message!;

    [Test]
    public void Setup_request_carries_the_session_and_its_transfer_with_the_uplink_tunnel()
    {
        var request = Message("PDUSessionResourceSetupRequest");
        Assert.That(request.Rule, Is.SameAs(NgapMessageRules.PduSessionResourceSetupRequest));
        Assert.That(request.Pdu.ProcedureCode, Is.EqualTo(29));
        var session = request.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuReq)!.Items.Single();
        Assert.That(session.PduSessionId, Is.EqualTo(1));
        Assert.That(session.Slice, Is.EqualTo(new SNssai(1, 0x000102)));
        Assert.That(session.NasPdu, Is.EqualTo(NasOctets));

        var findings = new List<NgapFinding>();
        var transfer = PduSessionResourceSetupRequestTransfer.Parse(session.Transfer, session.TransferBitOffset, findings);
        Assert.That(findings, Is.Empty);
        Assert.That(transfer!.UplinkTunnel, Is.EqualTo(new GtpTunnel(IPAddress.Parse("10.45.0.1"), 0x01020304)));
        Assert.That(transfer.Type, Is.EqualTo(PduSessionType.Ipv4));
        Assert.That(transfer.QosFlows, Is.EqualTo(new[] { new QosFlowSetupRequest(1, 9), new QosFlowSetupRequest(5, 7, 3) }));
        Assert.That(transfer.Security, Is.EqualTo(new SecurityIndication(UpProtectionIndication.Required, UpProtectionIndication.NotNeeded, MaximumIntegrityProtectedDataRate.MaximumUeRate)));
        Assert.That(transfer.Encode(), Is.EqualTo(session.Transfer), "the transfer re-encodes to the same octets");
        // The transfer's bit offset points into the PDU: a finding there names the octet of the capture.
        Assert.That(session.TransferBitOffset, Is.GreaterThan(0));
    }

    [Test]
    public void Setup_response_carries_the_downlink_tunnel_and_the_failed_session_its_cause()
    {
        var response = Message("PDUSessionResourceSetupResponse");
        var setUp = response.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuRes)!.Items.Single();
        var findings = new List<NgapFinding>();
        var transfer = PduSessionResourceSetupResponseTransfer.Parse(setUp.Transfer, setUp.TransferBitOffset, findings);
        Assert.That(findings, Is.Empty);
        Assert.That(transfer!.DownlinkTunnel, Is.EqualTo(new GtpTunnel(IPAddress.Parse("10.45.0.2"), 0xA0B0C0D0)));
        Assert.That(transfer.Qfis, Is.EqualTo(new[] { 1, 5 }));
        Assert.That(transfer.Security, Is.EqualTo(new SecurityResult(UpProtectionResult.Performed, UpProtectionResult.NotPerformed)));

        var failed = response.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceFailedToSetupListSuRes)!.Items.Single();
        Assert.That(failed.PduSessionId, Is.EqualTo(2));
        Assert.That(PduSessionTransfers.ParseSetupUnsuccessful(failed.Transfer, failed.TransferBitOffset, findings), Is.EqualTo(new Cause(CauseGroup.RadioNetwork, 0)));
        Assert.That(findings, Is.Empty);
    }

    /// <summary>
    /// Hand-worked ALIGNED PER of the UP security IEs (TS 38.413 9.3.1.27, 9.3.1.59): every combination reads back, and
    /// SecurityIndication (required, not-needed, maximum-UE-rate) is the preamble 0 1 0 (no extension, rate present, no
    /// iE-Extensions), then 0 00 (required), 0 10 (not-needed), 0 1 (maximum-UE-rate): 0100 0001 001(0 0000) = 0x41 0x20.
    /// </summary>
    [Test]
    public void Up_security_indication_and_result_read_back_and_encode_as_worked_by_hand()
    {
        var indication = new SecurityIndication(UpProtectionIndication.Required, UpProtectionIndication.NotNeeded, MaximumIntegrityProtectedDataRate.MaximumUeRate);
        var w = new PerWriter();
        indication.Write(w);
        Assert.That(w.ToArray(), Is.EqualTo(new byte[] { 0x41, 0x20 }));
        foreach (var i in Enum.GetValues<UpProtectionIndication>())
        foreach (var c in Enum.GetValues<UpProtectionIndication>())
        foreach (var rate in new MaximumIntegrityProtectedDataRate?[] { null, MaximumIntegrityProtectedDataRate.Bitrate64kbs, MaximumIntegrityProtectedDataRate.MaximumUeRate })
        {
            var request = SetupRequestTransfer() with { Security = new SecurityIndication(i, c, rate) };
            var findings = new List<NgapFinding>();
            Assert.That(PduSessionResourceSetupRequestTransfer.Parse(request.Encode(), 0, findings)!.Security, Is.EqualTo(request.Security));
            Assert.That(findings, Is.Empty);
        }
        foreach (var i in Enum.GetValues<UpProtectionResult>())
        foreach (var c in Enum.GetValues<UpProtectionResult>())
        {
            var response = SetupResponseTransfer() with { Security = new SecurityResult(i, c) };
            var findings = new List<NgapFinding>();
            Assert.That(PduSessionResourceSetupResponseTransfer.Parse(response.Encode(), 0, findings)!.Security, Is.EqualTo(response.Security));
            Assert.That(findings, Is.Empty);
        }
        Assert.That(PduSessionResourceSetupResponseTransfer.Parse((SetupResponseTransfer() with { Security = null }).Encode(), 0, [])!.Security, Is.Null);
        // An extension value of the enumeration (a later release's indication) is a failure naming the IE, not a guess.
        var ext = new PerWriter();
        ext.WritePreamble(true, 2, 0);
        ext.WriteBit(true);
        ext.WriteNormallySmall(0);
        ext.WriteEnumerated(0, 3, extensible: true);
        var reader = PerReader.At(ext.ToArray(), 0);
        SecurityIndication.Read(reader);
        Assert.That(reader.Failure?.Detail, Does.Contain("SecurityIndication"));
    }

    [Test]
    public void Release_command_and_response_name_the_session()
    {
        var command = Message("PDUSessionResourceReleaseCommand");
        var item = command.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceToReleaseListRelCmd)!.Items.Single();
        var findings = new List<NgapFinding>();
        Assert.That(PduSessionTransfers.ParseReleaseCommand(item.Transfer, item.TransferBitOffset, findings), Is.EqualTo(new Cause(CauseGroup.Nas, Cause.NasNormalRelease)));
        Assert.That(findings, Is.Empty);

        var response = Message("PDUSessionResourceReleaseResponse");
        Assert.That(response.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceReleasedListRelRes)!.Items.Select(i => i.PduSessionId), Is.EqualTo(new[] { 1 }));
        Assert.That(response.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation), Is.EqualTo(Location));
    }

    [Test]
    public void Paging_and_ran_configuration_update_carry_their_values()
    {
        var paging = Message("Paging");
        Assert.That(paging.Get<UePagingIdentity>(NgapIeId.UePagingIdentity)!.Tmsi, Is.EqualTo(new FiveGSTmsi(0x3FF, 0x21, 0xC0DE0042)));
        Assert.That(paging.Get<TaiListForPaging>(NgapIeId.TaiListForPaging)!.Tais, Is.EqualTo(new[] { new Tai(Plmn, 7), new Tai(Plmn3, 0xABCDEF) }));
        Assert.That(paging.Get<NgapEnumerated>(NgapIeId.PagingPriority)!.Value, Is.EqualTo(2));

        var update = Message("RANConfigurationUpdate");
        Assert.That(update.Get<NgapName>(NgapIeId.RanNodeName)!.Value, Is.EqualTo("femto-1b"));
        Assert.That(update.Get<GlobalRanNodeId>(NgapIeId.GlobalRanNodeId), Is.EqualTo(Node));
        Assert.That(Message("RANConfigurationUpdateAcknowledge").Ies, Is.Empty);
        Assert.That(Message("RANConfigurationUpdateFailure").Get<NgapEnumerated>(NgapIeId.TimeToWait)!.Value, Is.EqualTo(3));
    }

    [Test]
    public void An_ipv6_uplink_tunnel_round_trips_and_a_bad_address_length_is_a_finding()
    {
        var v6 = new PduSessionResourceSetupRequestTransfer(new GtpTunnel(IPAddress.Parse("2001:db8::1"), 7), PduSessionType.Ipv6, [new QosFlowSetupRequest(2, 8)]);
        var findings = new List<NgapFinding>();
        Assert.That(PduSessionResourceSetupRequestTransfer.Parse(v6.Encode(), 0, findings)!.UplinkTunnel, Is.EqualTo(v6.UplinkTunnel));
        Assert.That(findings, Is.Empty);

        // A 40-bit TransportLayerAddress is neither IPv4, IPv6 nor both.
        var odd = new PerWriter();
        odd.WriteChoiceIndex(0, 2, extensible: false);
        odd.WritePreamble(true, 1, 0);
        odd.WriteBitString(new PerBitString([1, 2, 3, 4, 5], 40), 1, 160, extensible: true);
        odd.WriteOctetString([0, 0, 0, 1], 4, 4);
        var transfer = NgapMessage.EncodeValue(
        [
            new ProtocolIeField(PduSessionResourceSetupRequestTransfer.UlNguUpTnlInformation, Criticality.Reject, odd.ToArray()),
            ProtocolIeField.Of(PduSessionResourceSetupRequestTransfer.PduSessionTypeId, Criticality.Reject, new NgapEnumerated(0, 5)),
        ]);
        Assert.That(PduSessionResourceSetupRequestTransfer.Parse(transfer, 0, findings), Is.Null);
        Assert.That(findings.Select(f => f.What), Has.Some.Contain("TransportLayerAddress of 40 bits"));
        Assert.That(findings.Select(f => f.What), Has.Some.Contain("mandatory QosFlowSetupRequestList (IE 136) missing"));
    }

    [Test]
    public void A_transfer_with_an_unknown_ie_and_a_wrong_criticality_gives_findings_and_still_decodes()
    {
        var good = SetupRequestTransfer();
        var transfer = NgapMessage.EncodeValue(
        [
            ProtocolIeField.Of(PduSessionResourceSetupRequestTransfer.UlNguUpTnlInformation, Criticality.Ignore, good.UplinkTunnel),
            ProtocolIeField.Of(PduSessionResourceSetupRequestTransfer.PduSessionTypeId, Criticality.Reject, new NgapEnumerated(0, 5)),
            new ProtocolIeField(9999, Criticality.Ignore, [0x42]),
            .. NgapMessageParserFields(good.Encode()).Where(f => f.Id == PduSessionResourceSetupRequestTransfer.QosFlowSetupRequestList),
        ]);
        var findings = new List<NgapFinding>();
        var parsed = PduSessionResourceSetupRequestTransfer.Parse(transfer, 0, findings);
        Assert.That(parsed!.QosFlows, Is.EqualTo(good.QosFlows));
        Assert.That(findings.Select(f => f.What), Has.Some.Contain("UL-NGU-UP-TNLInformation with criticality Ignore, expected Reject"));
        Assert.That(findings.Select(f => f.What), Has.Some.Contain("IE 9999 (Ignore) is not in the container's table"));
    }

    private static IReadOnlyList<ProtocolIeField> NgapMessageParserFields(byte[] container)
    {
        var reader = PerReader.At(container, 0);
        reader.ReadPreamble(true, 0, out _);
        return ProtocolIeField.ReadList(reader, 0);
    }

    /// <summary>Bounded property: truncations and random corruptions of every transfer give findings or values, never an exception, in bounded time.</summary>
    [Test]
    public void Truncated_and_corrupted_transfers_never_throw()
    {
        var random = new Random(2152);
        byte[][] transfers =
        [
            SetupRequestTransfer().Encode(), SetupResponseTransfer().Encode(),
            PduSessionTransfers.SetupUnsuccessful(new Cause(CauseGroup.Transport, 0)), PduSessionTransfers.ReleaseCommand(new Cause(CauseGroup.Nas, 0)),
        ];
        var clock = Stopwatch.StartNew();
        var cases = 0;
        foreach (var t in transfers)
        {
            for (var cut = 0; cut < t.Length; cut++)
            {
                Exercise(t[..cut]);
                cases++;
            }
            for (var i = 0; i < 2000; i++)
            {
                var copy = (byte[])t.Clone();
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                if (random.Next(4) == 0) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                Exercise(copy);
                cases++;
            }
        }
        Assert.That(cases, Is.GreaterThan(8000));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    private static void Exercise(byte[] octets)
    {
        var findings = new List<NgapFinding>();
        var request = PduSessionResourceSetupRequestTransfer.Parse(octets, 0, findings);
        var response = PduSessionResourceSetupResponseTransfer.Parse(octets, 0, findings);
        var unsuccessful = PduSessionTransfers.ParseSetupUnsuccessful(octets, 0, findings);
        var release = PduSessionTransfers.ParseReleaseCommand(octets, 0, findings);
        // Each reader either decodes or says why not.
        Assert.That(request is not null && response is not null && unsuccessful is not null && release is not null || findings.Count > 0, Is.True);
    }
}
