using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// One instance of every message the NGAP builders write, with CAG data where the message can
/// carry it; shared by the round-trip, tshark and fuzz-corpus tests.
/// </summary>
internal static class NgapSamples
{
    public static readonly PlmnIdentity Plmn = new("001", "01");
    public static readonly PlmnIdentity Plmn3 = new("310", "410");
    public const uint CagA = 0x0000_00A1;
    public const uint CagB = 0xCAFE_0002;
    public static readonly byte[] NasOctets = Convert.FromHexString("7E004179000D0100F110000000000012345678F1");

    public static UserLocationInformationNr Location { get; } = new(new NrCgi(Plmn, 0x0000_1234_5), new Tai(Plmn, 0x000007));

    public static GlobalRanNodeId Node { get; } = new(Plmn, PerBitString.FromNumber(0x19B, 22));

    public static SupportedTaList Tas { get; } = new([new SupportedTaItem(7, [new BroadcastPlmnItem(Plmn, [new SNssai(1), new SNssai(1, 0x000102)])])]);

    public static MobilityRestrictionList Restrictions { get; } = new(
        Plmn,
        EquivalentPlmns: [Plmn3],
        ServiceAreas: [new ServiceArea(Plmn, [7, 8], null)],
        NpnMobility: new NpnMobilityInformation([new AllowedPniNpnItem(Plmn, CagOnly: true, [CagA, CagB])]));

    public static SecurityKey Key() => new(SecretBytes.Own(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray()));

    /// <summary>(name, PDU) for every builder.</summary>
    public static IReadOnlyList<(string Name, byte[] Pdu)> All() =>
    [
        ("NGSetupRequest", NgapMessages.NgSetupRequest(Node, "femto-1", Tas, PagingDrx.V128)),
        ("NGSetupResponse", NgapMessages.NgSetupResponse("amf-harness",
            new ServedGuamiList([new ServedGuamiItem(new Guami(Plmn, 2, 1, 0), "amf-backup")]), 255,
            new PlmnSupportList([new BroadcastPlmnItem(Plmn, [new SNssai(1)])]))),
        ("NGSetupFailure", NgapMessages.NgSetupFailure(new Cause(CauseGroup.Misc, Cause.MiscUnspecified), timeToWait: 2)),
        ("InitialUEMessage", NgapMessages.InitialUeMessage(5, NasOctets, Location, RrcEstablishmentCause.MoSignalling, new CellCagList([CagA, CagB]))),
        ("DownlinkNASTransport", NgapMessages.DownlinkNasTransport(1099511627775, 5, NasOctets, Restrictions)),
        ("UplinkNASTransport", NgapMessages.UplinkNasTransport(300, 5, NasOctets, Location)),
        ("InitialContextSetupRequest", NgapMessages.InitialContextSetupRequest(300, 5, new Guami(Plmn, 2, 1, 0),
            new AllowedNssai([new SNssai(1, 0x000102)]), new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000), Key(), Restrictions, NasOctets)),
        ("InitialContextSetupResponse", NgapMessages.InitialContextSetupResponse(300, 5)),
        ("InitialContextSetupFailure", NgapMessages.InitialContextSetupFailure(300, 5, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkCagOnlyAccessDenied))),
        ("UEContextReleaseRequest", NgapMessages.UeContextReleaseRequest(300, 5, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkUserInactivity))),
        ("UEContextReleaseCommand", NgapMessages.UeContextReleaseCommand(new UeNgapIds(300, 5), new Cause(CauseGroup.Nas, Cause.NasNormalRelease))),
        ("UEContextReleaseComplete", NgapMessages.UeContextReleaseComplete(300, 5, Location)),
        ("ErrorIndication", NgapMessages.ErrorIndication(300, 5, new Cause(CauseGroup.Protocol, Cause.ProtocolSemanticError))),
        ("NGReset", NgapMessages.NgReset(new Cause(CauseGroup.Misc, Cause.MiscUnspecified), new ResetType([new UeAssociatedConnection(300, 5), new UeAssociatedConnection(null, 6)]))),
        ("NGResetAcknowledge", NgapMessages.NgResetAcknowledge(new UeAssociatedConnectionList([new UeAssociatedConnection(300, 5)]))),
        // Handover into a CAG cell (NRF-CAG-ACCESS): refused naming the cell and its CAG IDs.
        ("HandoverFailure", NgapMessages.HandoverFailure(300, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkNpnAccessDenied),
            new CellCagInformation(Location.Cgi, [CagA, CagB]))),
        ("HandoverRequest", NgapMessages.HandoverRequest(300, HandoverType.Intra5gs, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkHandoverDesirableForRadioReason),
            new UeAggregateMaximumBitRate(100_000_000, UeAggregateMaximumBitRate.MaxBitRate), new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000),
            new SecurityContext(1, Key()),
            new PduSessionResourceSetupListHoReq([new PduSessionResourceSetupItemHoReq(1, new SNssai(1, 0x000102),
                HandoverContainers.HandoverRequestTransfer(System.Net.IPAddress.Parse("10.45.0.1"), 0x01020304))]),
            new AllowedNssai([new SNssai(1, 0x000102)]), HandoverContainers.SourceToTarget(Location.Cgi, new NrCgi(Plmn, 0x0000_1234_6)),
            new Guami(Plmn, 2, 1, 0), Restrictions)),
        ("HandoverRequestAcknowledge", NgapMessages.HandoverRequestAcknowledge(300, 5,
            new PduSessionResourceAdmittedList([(1, HandoverContainers.HandoverRequestAcknowledgeTransfer(System.Net.IPAddress.Parse("10.45.0.2"), 7))]),
            HandoverContainers.TargetToSource())),
        // PDU session management, paging, RAN configuration update (N3 set-up inside the tunnel, NRF-NGC-IN-TUNNEL).
        ("PDUSessionResourceSetupRequest", NgapMessages.PduSessionResourceSetupRequest(300, 5,
            [new PduSessionResourceItem(1, SetupRequestTransfer().Encode(), new SNssai(1, 0x000102), NasOctets)],
            ambr: new UeAggregateMaximumBitRate(100_000_000, 50_000_000))),
        ("PDUSessionResourceSetupResponse", NgapMessages.PduSessionResourceSetupResponse(300, 5,
            [new PduSessionResourceItem(1, SetupResponseTransfer().Encode())],
            [new PduSessionResourceItem(2, PduSessionTransfers.SetupUnsuccessful(new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkUnspecified)))])),
        ("PDUSessionResourceReleaseCommand", NgapMessages.PduSessionResourceReleaseCommand(300, 5, [(1, new Cause(CauseGroup.Nas, Cause.NasNormalRelease))])),
        ("PDUSessionResourceReleaseResponse", NgapMessages.PduSessionResourceReleaseResponse(300, 5, [1], Location)),
        ("Paging", NgapMessages.Paging(new FiveGSTmsi(0x3FF, 0x21, 0xC0DE0042), new TaiListForPaging([new Tai(Plmn, 7), new Tai(Plmn3, 0xABCDEF)]), PagingDrx.V64, priority: 2)),
        ("RANConfigurationUpdate", NgapMessages.RanConfigurationUpdate("femto-1b", Tas, PagingDrx.V256, Node)),
        ("RANConfigurationUpdateAcknowledge", NgapMessages.RanConfigurationUpdateAcknowledge()),
        ("RANConfigurationUpdateFailure", NgapMessages.RanConfigurationUpdateFailure(new Cause(CauseGroup.Misc, Cause.MiscUnspecified), timeToWait: 3)),
    ];

    /// <summary>The UPF's UL N3 endpoint and one non-GBR flow (QFI 1, 5QI 9) plus a second (QFI 5, 5QI 7, ARP 3).</summary>
    public static PduSessionResourceSetupRequestTransfer SetupRequestTransfer() =>
        new(new GtpTunnel(System.Net.IPAddress.Parse("10.45.0.1"), 0x01020304), PduSessionType.Ipv4,
            [new QosFlowSetupRequest(1, 9), new QosFlowSetupRequest(5, 7, 3)])
        {
            Security = new SecurityIndication(UpProtectionIndication.Required, UpProtectionIndication.NotNeeded, MaximumIntegrityProtectedDataRate.MaximumUeRate),
        };

    /// <summary>The NG-RAN node's DL N3 endpoint for both flows.</summary>
    public static PduSessionResourceSetupResponseTransfer SetupResponseTransfer() =>
        new(new GtpTunnel(System.Net.IPAddress.Parse("10.45.0.2"), 0xA0B0C0D0), [1, 5]) { Security = new SecurityResult(UpProtectionResult.Performed, UpProtectionResult.NotPerformed) };
}
