using static FemtoScas.Harness.Ngap.Criticality;
using static FemtoScas.Harness.Ngap.NgapPduKind;

namespace FemtoScas.Harness.Ngap;

/// <summary>One IE a message may carry: its id, the criticality the sender must give it, and whether it is mandatory.</summary>
public sealed record NgapIeRule(int Id, string Name, Criticality Criticality, bool Mandatory);

/// <summary>One NGAP message: which PDU alternative and procedure carry it, and the IEs it allows (TS 38.413 9.4.4 NGAP-PDU-Contents).</summary>
public sealed record NgapMessageRule(string Name, NgapPduKind Kind, int ProcedureCode, Criticality ProcedureCriticality, string Clause, IReadOnlyList<NgapIeRule> Ies)
{
    public NgapIeRule? Ie(int id) => Ies.FirstOrDefault(i => i.Id == id);
}

/// <summary>
/// The messages this harness speaks, one row each, with the IE table of its
/// NGAP-PROTOCOL-IES object set (TS 38.413 V17 9.4.4; procedure criticality from 9.4.3
/// NGAP-ELEMENTARY-PROCEDURE). Optional IEs the harness does not type are listed all the
/// same, so a peer sending them draws no "unknown IE" finding; their values stay raw.
/// </summary>
public static class NgapMessageRules
{
    private static NgapIeRule M(int id, string name, Criticality c) => new(id, name, c, true);

    private static NgapIeRule O(int id, string name, Criticality c) => new(id, name, c, false);

    private static readonly NgapIeRule CritDiag = O(NgapIeId.CriticalityDiagnostics, "CriticalityDiagnostics", Ignore);

    public static NgapMessageRule NgSetupRequest { get; } = new("NGSetupRequest", InitiatingMessage, NgapProcedureCode.NgSetup, Reject, "9.2.6.1",
    [
        M(NgapIeId.GlobalRanNodeId, "GlobalRANNodeID", Reject),
        O(NgapIeId.RanNodeName, "RANNodeName", Ignore),
        M(NgapIeId.SupportedTaList, "SupportedTAList", Reject),
        M(NgapIeId.DefaultPagingDrx, "DefaultPagingDRX", Ignore),
        O(NgapIeId.UeRetentionInformation, "UERetentionInformation", Ignore),
        O(NgapIeId.NbIotDefaultPagingDrx, "NB-IoT-DefaultPagingDRX", Ignore),
        O(NgapIeId.ExtendedRanNodeName, "Extended-RANNodeName", Ignore),
    ]);

    public static NgapMessageRule NgSetupResponse { get; } = new("NGSetupResponse", SuccessfulOutcome, NgapProcedureCode.NgSetup, Reject, "9.2.6.2",
    [
        M(NgapIeId.AmfName, "AMFName", Reject),
        M(NgapIeId.ServedGuamiList, "ServedGUAMIList", Reject),
        M(NgapIeId.RelativeAmfCapacity, "RelativeAMFCapacity", Ignore),
        M(NgapIeId.PlmnSupportList, "PLMNSupportList", Reject),
        CritDiag,
        O(NgapIeId.UeRetentionInformation, "UERetentionInformation", Ignore),
        O(NgapIeId.IabSupported, "IAB-Supported", Ignore),
        O(NgapIeId.ExtendedAmfName, "Extended-AMFName", Ignore),
    ]);

    public static NgapMessageRule NgSetupFailure { get; } = new("NGSetupFailure", UnsuccessfulOutcome, NgapProcedureCode.NgSetup, Reject, "9.2.6.3",
    [
        M(NgapIeId.Cause, "Cause", Ignore),
        O(NgapIeId.TimeToWait, "TimeToWait", Ignore),
        CritDiag,
    ]);

    public static NgapMessageRule InitialUeMessage { get; } = new("InitialUEMessage", InitiatingMessage, NgapProcedureCode.InitialUeMessage, Ignore, "9.2.5.1",
    [
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        M(NgapIeId.NasPdu, "NAS-PDU", Reject),
        M(NgapIeId.UserLocationInformation, "UserLocationInformation", Reject),
        M(NgapIeId.RrcEstablishmentCause, "RRCEstablishmentCause", Ignore),
        O(NgapIeId.FiveGSTmsi, "FiveG-S-TMSI", Reject),
        O(NgapIeId.AmfSetId, "AMFSetID", Ignore),
        O(NgapIeId.UeContextRequest, "UEContextRequest", Ignore),
        O(NgapIeId.AllowedNssai, "AllowedNSSAI", Reject),
        O(NgapIeId.SourceToTargetAmfInformationReroute, "SourceToTarget-AMFInformationReroute", Ignore),
        O(NgapIeId.SelectedPlmnIdentity, "SelectedPLMNIdentity", Ignore),
        O(NgapIeId.IabNodeIndication, "IABNodeIndication", Reject),
        O(224, "CEmodeBSupport-Indicator", Reject),
        O(225, "LTEM-Indication", Ignore),
        O(227, "EDT-Session", Ignore),
        O(NgapIeId.AuthenticatedIndication, "AuthenticatedIndication", Ignore),
        O(NgapIeId.NpnAccessInformation, "NPN-AccessInformation", Reject),
    ]);

    public static NgapMessageRule DownlinkNasTransport { get; } = new("DownlinkNASTransport", InitiatingMessage, NgapProcedureCode.DownlinkNasTransport, Ignore, "9.2.5.2",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        O(NgapIeId.OldAmf, "OldAMF", Reject),
        O(NgapIeId.RanPagingPriority, "RANPagingPriority", Ignore),
        M(NgapIeId.NasPdu, "NAS-PDU", Reject),
        O(NgapIeId.MobilityRestrictionList, "MobilityRestrictionList", Ignore),
        O(NgapIeId.IndexToRfsp, "IndexToRFSP", Ignore),
        O(NgapIeId.UeAggregateMaximumBitRate, "UEAggregateMaximumBitRate", Ignore),
        O(NgapIeId.AllowedNssai, "AllowedNSSAI", Reject),
    ]);

    public static NgapMessageRule UplinkNasTransport { get; } = new("UplinkNASTransport", InitiatingMessage, NgapProcedureCode.UplinkNasTransport, Ignore, "9.2.5.3",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        M(NgapIeId.NasPdu, "NAS-PDU", Reject),
        M(NgapIeId.UserLocationInformation, "UserLocationInformation", Ignore),
    ]);

    public static NgapMessageRule InitialContextSetupRequest { get; } = new("InitialContextSetupRequest", InitiatingMessage, NgapProcedureCode.InitialContextSetup, Reject, "9.2.2.1",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        O(NgapIeId.OldAmf, "OldAMF", Reject),
        O(NgapIeId.UeAggregateMaximumBitRate, "UEAggregateMaximumBitRate", Reject),
        O(NgapIeId.CoreNetworkAssistanceInformationForInactive, "CoreNetworkAssistanceInformationForInactive", Ignore),
        M(NgapIeId.Guami, "GUAMI", Reject),
        O(NgapIeId.PduSessionResourceSetupListCxtReq, "PDUSessionResourceSetupListCxtReq", Reject),
        M(NgapIeId.AllowedNssai, "AllowedNSSAI", Reject),
        M(NgapIeId.UeSecurityCapabilities, "UESecurityCapabilities", Reject),
        M(NgapIeId.SecurityKey, "SecurityKey", Reject),
        O(NgapIeId.TraceActivation, "TraceActivation", Ignore),
        O(NgapIeId.MobilityRestrictionList, "MobilityRestrictionList", Ignore),
        O(NgapIeId.UeRadioCapability, "UERadioCapability", Ignore),
        O(NgapIeId.IndexToRfsp, "IndexToRFSP", Ignore),
        O(NgapIeId.MaskedImeisv, "MaskedIMEISV", Ignore),
        O(NgapIeId.NasPdu, "NAS-PDU", Ignore),
        O(NgapIeId.EmergencyFallbackIndicator, "EmergencyFallbackIndicator", Reject),
        O(NgapIeId.RrcInactiveTransitionReportRequest, "RRCInactiveTransitionReportRequest", Ignore),
        O(NgapIeId.UeRadioCapabilityForPaging, "UERadioCapabilityForPaging", Ignore),
        O(NgapIeId.RedirectionVoiceFallback, "RedirectionVoiceFallback", Ignore),
    ]);

    public static NgapMessageRule InitialContextSetupResponse { get; } = new("InitialContextSetupResponse", SuccessfulOutcome, NgapProcedureCode.InitialContextSetup, Reject, "9.2.2.2",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        O(NgapIeId.PduSessionResourceSetupListCxtRes, "PDUSessionResourceSetupListCxtRes", Ignore),
        O(NgapIeId.PduSessionResourceFailedToSetupListCxtRes, "PDUSessionResourceFailedToSetupListCxtRes", Ignore),
        CritDiag,
    ]);

    public static NgapMessageRule InitialContextSetupFailure { get; } = new("InitialContextSetupFailure", UnsuccessfulOutcome, NgapProcedureCode.InitialContextSetup, Reject, "9.2.2.3",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        O(NgapIeId.PduSessionResourceFailedToSetupListCxtFail, "PDUSessionResourceFailedToSetupListCxtFail", Ignore),
        M(NgapIeId.Cause, "Cause", Ignore),
        CritDiag,
    ]);

    public static NgapMessageRule UeContextReleaseRequest { get; } = new("UEContextReleaseRequest", InitiatingMessage, NgapProcedureCode.UeContextReleaseRequest, Ignore, "9.2.2.4",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        O(NgapIeId.PduSessionResourceListCxtRelReq, "PDUSessionResourceListCxtRelReq", Reject),
        M(NgapIeId.Cause, "Cause", Ignore),
    ]);

    public static NgapMessageRule UeContextReleaseCommand { get; } = new("UEContextReleaseCommand", InitiatingMessage, NgapProcedureCode.UeContextRelease, Reject, "9.2.2.5",
    [
        M(NgapIeId.UeNgapIds, "UE-NGAP-IDs", Reject),
        M(NgapIeId.Cause, "Cause", Ignore),
    ]);

    public static NgapMessageRule UeContextReleaseComplete { get; } = new("UEContextReleaseComplete", SuccessfulOutcome, NgapProcedureCode.UeContextRelease, Reject, "9.2.2.6",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        O(NgapIeId.UserLocationInformation, "UserLocationInformation", Ignore),
        O(NgapIeId.InfoOnRecommendedCellsAndRanNodesForPaging, "InfoOnRecommendedCellsAndRANNodesForPaging", Ignore),
        O(NgapIeId.PduSessionResourceListCxtRelCpl, "PDUSessionResourceListCxtRelCpl", Reject),
        CritDiag,
    ]);

    public static NgapMessageRule ErrorIndication { get; } = new("ErrorIndication", InitiatingMessage, NgapProcedureCode.ErrorIndication, Ignore, "9.2.7.5",
    [
        O(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        O(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        O(NgapIeId.Cause, "Cause", Ignore),
        CritDiag,
        O(NgapIeId.FiveGSTmsi, "FiveG-S-TMSI", Ignore),
    ]);

    public static NgapMessageRule NgReset { get; } = new("NGReset", InitiatingMessage, NgapProcedureCode.NgReset, Reject, "9.2.6.11",
    [
        M(NgapIeId.Cause, "Cause", Ignore),
        M(NgapIeId.ResetType, "ResetType", Reject),
    ]);

    public static NgapMessageRule NgResetAcknowledge { get; } = new("NGResetAcknowledge", SuccessfulOutcome, NgapProcedureCode.NgReset, Reject, "9.2.6.12",
    [
        O(NgapIeId.UeAssociatedLogicalNgConnectionList, "UE-associatedLogicalNG-connectionList", Ignore),
        CritDiag,
    ]);

    /// <summary>HANDOVER REQUEST (AMF -> target NG-RAN; TS 38.413 9.2.3.4), the Rel-15/16 IEs a femto may meet; later optional ones draw a finding.</summary>
    public static NgapMessageRule HandoverRequest { get; } = new("HandoverRequest", InitiatingMessage, NgapProcedureCode.HandoverResourceAllocation, Reject, "9.2.3.4",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.HandoverType, "HandoverType", Reject),
        M(NgapIeId.Cause, "Cause", Ignore),
        M(NgapIeId.UeAggregateMaximumBitRate, "UEAggregateMaximumBitRate", Reject),
        O(NgapIeId.CoreNetworkAssistanceInformationForInactive, "CoreNetworkAssistanceInformationForInactive", Ignore),
        M(NgapIeId.UeSecurityCapabilities, "UESecurityCapabilities", Reject),
        M(NgapIeId.SecurityContext, "SecurityContext", Reject),
        O(NgapIeId.NewSecurityContextInd, "NewSecurityContextInd", Reject),
        O(NgapIeId.Nasc, "NASC", Reject),
        M(NgapIeId.PduSessionResourceSetupListHoReq, "PDUSessionResourceSetupListHOReq", Reject),
        M(NgapIeId.AllowedNssai, "AllowedNSSAI", Reject),
        O(NgapIeId.TraceActivation, "TraceActivation", Ignore),
        O(NgapIeId.MaskedImeisv, "MaskedIMEISV", Ignore),
        M(NgapIeId.SourceToTargetTransparentContainer, "SourceToTarget-TransparentContainer", Reject),
        O(NgapIeId.MobilityRestrictionList, "MobilityRestrictionList", Ignore),
        O(NgapIeId.LocationReportingRequestType, "LocationReportingRequestType", Ignore),
        O(NgapIeId.RrcInactiveTransitionReportRequest, "RRCInactiveTransitionReportRequest", Ignore),
        M(NgapIeId.Guami, "GUAMI", Reject),
        O(NgapIeId.RedirectionVoiceFallback, "RedirectionVoiceFallback", Ignore),
        O(NgapIeId.CnAssistedRanTuning, "CNAssistedRANTuning", Ignore),
        O(NgapIeId.SrvccOperationPossible, "SRVCCOperationPossible", Ignore),
        O(NgapIeId.IabAuthorized, "IAB-Authorized", Reject),
    ]);

    /// <summary>HANDOVER REQUEST ACKNOWLEDGE (target NG-RAN -> AMF; TS 38.413 9.2.3.5).</summary>
    public static NgapMessageRule HandoverRequestAcknowledge { get; } = new("HandoverRequestAcknowledge", SuccessfulOutcome, NgapProcedureCode.HandoverResourceAllocation, Reject, "9.2.3.5",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        M(NgapIeId.PduSessionResourceAdmittedList, "PDUSessionResourceAdmittedList", Ignore),
        O(NgapIeId.PduSessionResourceFailedToSetupListHoAck, "PDUSessionResourceFailedToSetupListHOAck", Ignore),
        M(NgapIeId.TargetToSourceTransparentContainer, "TargetToSource-TransparentContainer", Reject),
        CritDiag,
    ]);

    public static NgapMessageRule HandoverFailure { get; } = new("HandoverFailure", UnsuccessfulOutcome, NgapProcedureCode.HandoverResourceAllocation, Reject, "9.2.3.6",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.Cause, "Cause", Ignore),
        CritDiag,
        O(NgapIeId.TargetToSourceFailureTransparentContainer, "TargettoSource-Failure-TransparentContainer", Ignore),
    ]);

    // ---- PDU session management, paging, RAN configuration update (TS 38.413 V16 9.4.4; issue 12 item 2, second part) ----

    /// <summary>PDU SESSION RESOURCE SETUP REQUEST (AMF -> NG-RAN; TS 38.413 9.2.1.1).</summary>
    public static NgapMessageRule PduSessionResourceSetupRequest { get; } = new("PDUSessionResourceSetupRequest", InitiatingMessage, NgapProcedureCode.PduSessionResourceSetup, Reject, "9.2.1.1",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        O(NgapIeId.RanPagingPriority, "RANPagingPriority", Ignore),
        O(NgapIeId.NasPdu, "NAS-PDU", Reject),
        M(NgapIeId.PduSessionResourceSetupListSuReq, "PDUSessionResourceSetupListSUReq", Reject),
        O(NgapIeId.UeAggregateMaximumBitRate, "UEAggregateMaximumBitRate", Ignore),
    ]);

    /// <summary>PDU SESSION RESOURCE SETUP RESPONSE (NG-RAN -> AMF; TS 38.413 9.2.1.2).</summary>
    public static NgapMessageRule PduSessionResourceSetupResponse { get; } = new("PDUSessionResourceSetupResponse", SuccessfulOutcome, NgapProcedureCode.PduSessionResourceSetup, Reject, "9.2.1.2",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        O(NgapIeId.PduSessionResourceSetupListSuRes, "PDUSessionResourceSetupListSURes", Ignore),
        O(NgapIeId.PduSessionResourceFailedToSetupListSuRes, "PDUSessionResourceFailedToSetupListSURes", Ignore),
        CritDiag,
    ]);

    /// <summary>PDU SESSION RESOURCE RELEASE COMMAND (AMF -> NG-RAN; TS 38.413 9.2.1.3).</summary>
    public static NgapMessageRule PduSessionResourceReleaseCommand { get; } = new("PDUSessionResourceReleaseCommand", InitiatingMessage, NgapProcedureCode.PduSessionResourceRelease, Reject, "9.2.1.3",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Reject),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Reject),
        O(NgapIeId.RanPagingPriority, "RANPagingPriority", Ignore),
        O(NgapIeId.NasPdu, "NAS-PDU", Ignore),
        M(NgapIeId.PduSessionResourceToReleaseListRelCmd, "PDUSessionResourceToReleaseListRelCmd", Reject),
    ]);

    /// <summary>PDU SESSION RESOURCE RELEASE RESPONSE (NG-RAN -> AMF; TS 38.413 9.2.1.4).</summary>
    public static NgapMessageRule PduSessionResourceReleaseResponse { get; } = new("PDUSessionResourceReleaseResponse", SuccessfulOutcome, NgapProcedureCode.PduSessionResourceRelease, Reject, "9.2.1.4",
    [
        M(NgapIeId.AmfUeNgapId, "AMF-UE-NGAP-ID", Ignore),
        M(NgapIeId.RanUeNgapId, "RAN-UE-NGAP-ID", Ignore),
        M(NgapIeId.PduSessionResourceReleasedListRelRes, "PDUSessionResourceReleasedListRelRes", Ignore),
        O(NgapIeId.UserLocationInformation, "UserLocationInformation", Ignore),
        CritDiag,
    ]);

    /// <summary>PAGING (AMF -> NG-RAN; TS 38.413 9.2.4.1), Rel-15/16 IEs.</summary>
    public static NgapMessageRule Paging { get; } = new("Paging", InitiatingMessage, NgapProcedureCode.Paging, Ignore, "9.2.4.1",
    [
        M(NgapIeId.UePagingIdentity, "UEPagingIdentity", Ignore),
        O(NgapIeId.PagingDrx, "PagingDRX", Ignore),
        M(NgapIeId.TaiListForPaging, "TAIListForPaging", Ignore),
        O(NgapIeId.PagingPriority, "PagingPriority", Ignore),
        O(NgapIeId.UeRadioCapabilityForPaging, "UERadioCapabilityForPaging", Ignore),
        O(NgapIeId.PagingOrigin, "PagingOrigin", Ignore),
        O(NgapIeId.AssistanceDataForPaging, "AssistanceDataForPaging", Ignore),
        O(NgapIeId.NbIotPagingEdrxInfo, "NB-IoT-Paging-eDRXInfo", Ignore),
        O(NgapIeId.NbIotPagingDrx, "NB-IoT-PagingDRX", Ignore),
        O(NgapIeId.EnhancedCoverageRestriction, "Enhanced-CoverageRestriction", Ignore),
        O(NgapIeId.WusAssistanceInformation, "WUS-Assistance-Information", Ignore),
        O(NgapIeId.PagingEdrxInformation, "PagingeDRXInformation", Ignore),
        O(NgapIeId.CeModeBRestricted, "CEmodeBrestricted", Ignore),
    ]);

    /// <summary>RAN CONFIGURATION UPDATE (NG-RAN -> AMF; TS 38.413 9.2.6.4).</summary>
    public static NgapMessageRule RanConfigurationUpdate { get; } = new("RANConfigurationUpdate", InitiatingMessage, NgapProcedureCode.RanConfigurationUpdate, Reject, "9.2.6.4",
    [
        O(NgapIeId.RanNodeName, "RANNodeName", Ignore),
        O(NgapIeId.SupportedTaList, "SupportedTAList", Reject),
        O(NgapIeId.DefaultPagingDrx, "DefaultPagingDRX", Ignore),
        O(NgapIeId.GlobalRanNodeId, "GlobalRANNodeID", Ignore),
        O(NgapIeId.NgranTnlAssociationToRemoveList, "NGRAN-TNLAssociationToRemoveList", Reject),
        O(NgapIeId.NbIotDefaultPagingDrx, "NB-IoT-DefaultPagingDRX", Ignore),
        O(NgapIeId.ExtendedRanNodeName, "Extended-RANNodeName", Ignore),
    ]);

    /// <summary>RAN CONFIGURATION UPDATE ACKNOWLEDGE (AMF -> NG-RAN; TS 38.413 9.2.6.5).</summary>
    public static NgapMessageRule RanConfigurationUpdateAcknowledge { get; } = new("RANConfigurationUpdateAcknowledge", SuccessfulOutcome, NgapProcedureCode.RanConfigurationUpdate, Reject, "9.2.6.5",
    [
        CritDiag,
    ]);

    /// <summary>RAN CONFIGURATION UPDATE FAILURE (AMF -> NG-RAN; TS 38.413 9.2.6.6).</summary>
    public static NgapMessageRule RanConfigurationUpdateFailure { get; } = new("RANConfigurationUpdateFailure", UnsuccessfulOutcome, NgapProcedureCode.RanConfigurationUpdate, Reject, "9.2.6.6",
    [
        M(NgapIeId.Cause, "Cause", Ignore),
        O(NgapIeId.TimeToWait, "TimeToWait", Ignore),
        CritDiag,
    ]);

    public static IReadOnlyList<NgapMessageRule> All { get; } =
    [
        NgSetupRequest, NgSetupResponse, NgSetupFailure, InitialUeMessage, DownlinkNasTransport, UplinkNasTransport,
        InitialContextSetupRequest, InitialContextSetupResponse, InitialContextSetupFailure,
        UeContextReleaseRequest, UeContextReleaseCommand, UeContextReleaseComplete, ErrorIndication, NgReset, NgResetAcknowledge,
        HandoverFailure, HandoverRequest, HandoverRequestAcknowledge,
        PduSessionResourceSetupRequest, PduSessionResourceSetupResponse, PduSessionResourceReleaseCommand, PduSessionResourceReleaseResponse,
        Paging, RanConfigurationUpdate, RanConfigurationUpdateAcknowledge, RanConfigurationUpdateFailure,
    ];

    /// <summary>The message a PDU header names, or null when the harness has no table for it.</summary>
    public static NgapMessageRule? Find(NgapPduKind kind, int procedureCode) =>
        All.FirstOrDefault(r => r.Kind == kind && r.ProcedureCode == procedureCode);
}
