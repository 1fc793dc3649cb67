namespace FemtoScas.Harness.Rrc;

/// <summary>The NR RRC logical channels whose message sets this harness decodes (TS 38.331 6.2.1).</summary>
public enum RrcChannel
{
    BcchBch,
    BcchDlSch,
    DlCcch,
    UlCcch,
    UlCcch1,
    DlDcch,
    UlDcch,
}

/// <summary>
/// Per logical channel: the ASN.1 type of its PDU, the name under which Wireshark registers the
/// dissector of that type (used as the exported-PDU protocol name), and the alternatives of its
/// <c>c1</c> CHOICE in ASN.1 order (TS 38.331 6.2.1). BCCH-BCH has no c1: its message CHOICE is
/// {mib, messageClassExtension}.
/// </summary>
public sealed record RrcChannelSpec(RrcChannel Channel, string AsnType, string WiresharkDissector, IReadOnlyList<string>? C1)
{
    public static readonly IReadOnlyList<RrcChannelSpec> All =
    [
        new(RrcChannel.BcchBch, "BCCH-BCH-Message", "nr-rrc.bcch.bch", null),
        new(RrcChannel.BcchDlSch, "BCCH-DL-SCH-Message", "nr-rrc.bcch.dl.sch", ["systemInformation", "systemInformationBlockType1"]),
        new(RrcChannel.DlCcch, "DL-CCCH-Message", "nr-rrc.dl.ccch", ["rrcReject", "rrcSetup", "spare2", "spare1"]),
        new(RrcChannel.UlCcch, "UL-CCCH-Message", "nr-rrc.ul.ccch", ["rrcSetupRequest", "rrcResumeRequest", "rrcReestablishmentRequest", "rrcSystemInfoRequest"]),
        new(RrcChannel.UlCcch1, "UL-CCCH1-Message", "nr-rrc.ul.ccch1", ["rrcResumeRequest1", "spare3", "spare2", "spare1"]),
        new(RrcChannel.DlDcch, "DL-DCCH-Message", "nr-rrc.dl.dcch",
        [
            "rrcReconfiguration", "rrcResume", "rrcRelease", "rrcReestablishment", "securityModeCommand", "dlInformationTransfer",
            "ueCapabilityEnquiry", "counterCheck", "mobilityFromNRCommand", "dlDedicatedMessageSegment-r16", "ueInformationRequest-r16",
            "dlInformationTransferMRDC-r16", "loggedMeasurementConfiguration-r16", "spare3", "spare2", "spare1",
        ]),
        new(RrcChannel.UlDcch, "UL-DCCH-Message", "nr-rrc.ul.dcch",
        [
            "measurementReport", "rrcReconfigurationComplete", "rrcSetupComplete", "rrcReestablishmentComplete", "rrcResumeComplete",
            "securityModeComplete", "securityModeFailure", "ulInformationTransfer", "locationMeasurementIndication",
            "ueCapabilityInformation", "counterCheckResponse", "ueAssistanceInformation", "failureInformation",
            "ulInformationTransferMRDC", "scgFailureInformation", "scgFailureInformationEUTRA",
        ]),
    ];

    public static RrcChannelSpec Of(RrcChannel channel) => All[(int)channel];
}
