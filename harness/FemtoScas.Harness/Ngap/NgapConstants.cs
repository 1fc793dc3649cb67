namespace FemtoScas.Harness.Ngap;

/// <summary>Criticality (TS 38.413 9.4.4 NGAP-CommonDataTypes): ENUMERATED { reject, ignore, notify }, not extensible.</summary>
public enum Criticality
{
    Reject = 0,
    Ignore = 1,
    Notify = 2,
}

/// <summary>The three NGAP-PDU alternatives (TS 38.413 9.4.3 NGAP-PDU-Descriptions).</summary>
public enum NgapPduKind
{
    InitiatingMessage = 0,
    SuccessfulOutcome = 1,
    UnsuccessfulOutcome = 2,
}

/// <summary>Elementary procedure codes used here (TS 38.413 9.4.7 NGAP-Constants).</summary>
public static class NgapProcedureCode
{
    public const int DownlinkNasTransport = 4;
    public const int ErrorIndication = 9;
    public const int HandoverResourceAllocation = 13;
    public const int InitialContextSetup = 14;
    public const int InitialUeMessage = 15;
    public const int NgReset = 20;
    public const int NgSetup = 21;
    public const int UeContextRelease = 41;
    public const int UeContextReleaseRequest = 42;
    public const int UplinkNasTransport = 46;

    // PDU session management, paging and RAN configuration update (issue 12 item 2, second part).
    public const int Paging = 24;
    public const int PduSessionResourceRelease = 28;
    public const int PduSessionResourceSetup = 29;
    public const int RanConfigurationUpdate = 35;
}

/// <summary>ProtocolIE-IDs used here (TS 38.413 9.4.7 NGAP-Constants).</summary>
public static class NgapIeId
{
    public const int AllowedNssai = 0;
    public const int AmfName = 1;
    public const int AmfSetId = 3;
    public const int AmfUeNgapId = 10;
    public const int Cause = 15;
    public const int CoreNetworkAssistanceInformationForInactive = 18;
    public const int CriticalityDiagnostics = 19;
    public const int DefaultPagingDrx = 21;
    public const int EmergencyFallbackIndicator = 24;
    public const int FiveGSTmsi = 26;
    public const int GlobalRanNodeId = 27;
    public const int Guami = 28;
    public const int HandoverType = 29;
    public const int IndexToRfsp = 31;
    public const int LocationReportingRequestType = 33;
    public const int InfoOnRecommendedCellsAndRanNodesForPaging = 32;
    public const int MaskedImeisv = 34;
    public const int MobilityRestrictionList = 36;
    public const int Nasc = 37;
    public const int NewSecurityContextInd = 41;
    public const int PduSessionResourceAdmittedList = 53;
    public const int NasPdu = 38;
    public const int OldAmf = 48;
    public const int PduSessionResourceFailedToSetupListCxtRes = 55;
    public const int PduSessionResourceFailedToSetupListHoAck = 56;
    public const int PduSessionResourceListCxtRelCpl = 60;
    public const int PduSessionResourceSetupListCxtReq = 71;
    public const int PduSessionResourceSetupListCxtRes = 72;
    public const int PduSessionResourceSetupListHoReq = 73;
    public const int PlmnSupportList = 80;
    public const int RanNodeName = 82;
    public const int RanPagingPriority = 83;
    public const int RanUeNgapId = 85;
    public const int RelativeAmfCapacity = 86;
    public const int ResetType = 88;
    public const int RrcEstablishmentCause = 90;
    public const int RrcInactiveTransitionReportRequest = 91;
    public const int SecurityContext = 93;
    public const int SecurityKey = 94;
    public const int ServedGuamiList = 96;
    public const int SourceToTargetTransparentContainer = 101;
    public const int SupportedTaList = 102;
    public const int TargetToSourceTransparentContainer = 106;
    public const int TimeToWait = 107;
    public const int TraceActivation = 108;
    public const int UeAggregateMaximumBitRate = 110;
    public const int UeAssociatedLogicalNgConnectionList = 111;
    public const int UeContextRequest = 112;
    public const int UeNgapIds = 114;
    public const int UeRadioCapability = 117;
    public const int UeRadioCapabilityForPaging = 118;
    public const int UeSecurityCapabilities = 119;
    public const int UserLocationInformation = 121;
    public const int PduSessionResourceFailedToSetupListCxtFail = 132;
    public const int PduSessionResourceListCxtRelReq = 133;
    public const int RedirectionVoiceFallback = 146;
    public const int CnAssistedRanTuning = 165;
    public const int SrvccOperationPossible = 177;
    public const int IabAuthorized = 199;
    public const int UeRetentionInformation = 147;
    public const int SourceToTargetAmfInformationReroute = 171;
    public const int SelectedPlmnIdentity = 174;
    public const int IabNodeIndication = 201;
    public const int NbIotDefaultPagingDrx = 204;
    public const int IabSupported = 200;
    public const int AuthenticatedIndication = 245;
    public const int NpnAccessInformation = 259;
    public const int NpnMobilityInformation = 261;
    public const int TargetToSourceFailureTransparentContainer = 262;
    public const int ExtendedRanNodeName = 273;
    public const int ExtendedAmfName = 274;

    // PDU session management, paging and RAN configuration update (issue 12 item 2, second part).
    public const int AssistanceDataForPaging = 11;
    public const int PagingDrx = 50;
    public const int PagingOrigin = 51;
    public const int PagingPriority = 52;
    public const int PduSessionResourceFailedToSetupListSuRes = 58;
    public const int PduSessionResourceReleasedListRelRes = 70;
    public const int PduSessionResourceSetupListSuReq = 74;
    public const int PduSessionResourceSetupListSuRes = 75;
    public const int PduSessionResourceToReleaseListRelCmd = 79;
    public const int TaiListForPaging = 103;
    public const int UePagingIdentity = 115;
    public const int NgranTnlAssociationToRemoveList = 167;
    public const int NbIotPagingEdrxInfo = 203;
    public const int NbIotPagingDrx = 202;
    public const int EnhancedCoverageRestriction = 205;
    public const int WusAssistanceInformation = 208;
    public const int PagingEdrxInformation = 223;
    public const int CeModeBRestricted = 222;
}
