using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// NGAP PDUs written by other implementations, used as data: the decoder reads the published
/// values and the builders write the same octets.
/// </summary>
[TestFixture]
public sealed class NgapKnownEncodingTests
{
    /// <summary>
    /// NG SETUP REQUEST from srsRAN Project's NGAP unit-test messages (srsRAN,
    /// tests/unittests/ngap/ngap_test_messages.h, <c>ng_setup_request_packed</c>), whose comment is
    /// Wireshark's dissection: gNB-ID 411 (22 bits), PLMN 00f110 (MCC 001, MNC 01),
    /// RANNodeName srsgnb01, TAC 7, SST 1, DefaultPagingDRX v256.
    /// </summary>
    private static readonly byte[] SrsRanNgSetupRequest = Convert.FromHexString(
        "00150033000004001B00080000F110000006" + "6C" + "0052400A0380737273676E623031" + "0066000D00000000070000F110000000" + "08" + "0015400160");

    /// <summary>
    /// DOWNLINK NAS TRANSPORT from UERANSIM (aligungr/UERANSIM, mts/decoder.py, the <c>hexs</c>
    /// that is decoded): AMF-UE-NGAP-ID 12, RAN-UE-NGAP-ID 1, NAS-PDU 7E00446F.
    /// </summary>
    private static readonly byte[] UeransimDownlinkNasTransport = Convert.FromHexString("00044018000003000A0002000C00550002000100260005047E00446F");

    /// <summary>
    /// INITIAL UE MESSAGE contents (the message value, below the PDU header) from the same UERANSIM
    /// file (the commented <c>hexs</c>): RAN-UE-NGAP-ID 5, a 32-octet Registration Request,
    /// NR-CGI PLMN 000110 (MCC 001 and, in the TS 38.413 9.3.3.5 digit order, three-digit MNC 001)
    /// cell 0x000001100, TAC 0x000075, mo-Signalling.
    /// </summary>
    private static readonly byte[] UeransimInitialUeMessageValue = Convert.FromHexString(
        "00000400550002000500260021207E004171000D010011000000000099898877F71001002E04804080402F0201010079000F400001100000011000000110000075005A400118");

    [Test]
    public void Srsran_ng_setup_request_decodes_to_wiresharks_values_and_re_encodes()
    {
        var result = NgapMessageParser.Parse(SrsRanNgSetupRequest);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        Assert.That(message.Rule, Is.SameAs(NgapMessageRules.NgSetupRequest));
        var node = message.Get<GlobalRanNodeId>(NgapIeId.GlobalRanNodeId)!;
        Assert.That(node.Plmn, Is.EqualTo(new PlmnIdentity("001", "01")));
        Assert.That(node.GnbId.BitLength, Is.EqualTo(22));
        Assert.That(node.GnbId.ToNumber(), Is.EqualTo(411));
        Assert.That(message.Get<NgapName>(NgapIeId.RanNodeName)!.Value, Is.EqualTo("srsgnb01"));
        var ta = message.Get<SupportedTaList>(NgapIeId.SupportedTaList)!.Items.Single();
        Assert.That(ta.Tac, Is.EqualTo(7));
        Assert.That(ta.BroadcastPlmns.Single().Slices.Single(), Is.EqualTo(new SNssai(1)));
        Assert.That(message.Get<NgapEnumerated>(NgapIeId.DefaultPagingDrx)!.Value, Is.EqualTo((int)PagingDrx.V256));

        var rebuilt = NgapMessages.NgSetupRequest(new GlobalRanNodeId(new PlmnIdentity("001", "01"), PerBitString.FromNumber(411, 22)),
            "srsgnb01", new SupportedTaList([new SupportedTaItem(7, [new BroadcastPlmnItem(new PlmnIdentity("001", "01"), [new SNssai(1)])])]), PagingDrx.V256);
        Assert.That(Convert.ToHexString(rebuilt), Is.EqualTo(Convert.ToHexString(SrsRanNgSetupRequest)));
    }

    [Test]
    public void Ueransim_downlink_nas_transport_decodes_and_re_encodes()
    {
        var result = NgapMessageParser.Parse(UeransimDownlinkNasTransport);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        Assert.That(message.Get<NgapInteger>(NgapIeId.AmfUeNgapId)!.Value, Is.EqualTo(12));
        Assert.That(message.Get<NgapInteger>(NgapIeId.RanUeNgapId)!.Value, Is.EqualTo(1));
        Assert.That(message.Get<NasPdu>(NgapIeId.NasPdu)!.Octets, Is.EqualTo(new byte[] { 0x7E, 0x00, 0x44, 0x6F }));
        Assert.That(NgapMessages.DownlinkNasTransport(12, 1, [0x7E, 0x00, 0x44, 0x6F]), Is.EqualTo(UeransimDownlinkNasTransport));
    }

    [Test]
    public void Ueransim_initial_ue_message_decodes_and_re_encodes()
    {
        var pdu = new NgapPdu(NgapPduKind.InitiatingMessage, NgapProcedureCode.InitialUeMessage, Criticality.Ignore, UeransimInitialUeMessageValue).ToArray();

        var result = NgapMessageParser.Parse(pdu);

        Assert.That(result.Findings, Is.Empty);
        var message = result.Message!;
        Assert.That(message.Get<NgapInteger>(NgapIeId.RanUeNgapId)!.Value, Is.EqualTo(5));
        var nas = message.Get<NasPdu>(NgapIeId.NasPdu)!.Octets;
        Assert.That(nas, Has.Length.EqualTo(32));
        var location = message.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation)!;
        Assert.That(location.Cgi, Is.EqualTo(new NrCgi(new PlmnIdentity("001", "001"), 0x1100)));
        Assert.That(location.Tai, Is.EqualTo(new Tai(new PlmnIdentity("001", "001"), 0x75)));
        Assert.That(message.Get<NgapEnumerated>(NgapIeId.RrcEstablishmentCause)!.Value, Is.EqualTo((int)RrcEstablishmentCause.MoSignalling));
        Assert.That(message.Has(NgapIeId.NpnAccessInformation), Is.False);

        var rebuilt = NgapMessages.InitialUeMessage(5, nas, location, RrcEstablishmentCause.MoSignalling);
        Assert.That(Convert.ToHexString(rebuilt), Is.EqualTo(Convert.ToHexString(pdu)));
    }
}
