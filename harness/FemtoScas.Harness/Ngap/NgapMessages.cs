using FemtoScas.Harness.Ngap.Ies;
using R = FemtoScas.Harness.Ngap.NgapMessageRules;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// Builders for the messages of <see cref="NgapMessageRules"/>: typed values in, a complete
/// NGAP-PDU out, each IE with the criticality of its table row, IEs in table order. A negative
/// test that wants another order, criticality or an extra IE uses <see cref="NgapMessage.Encode(NgapMessageRule, IReadOnlyList{ProtocolIeField})"/>.
/// </summary>
public static class NgapMessages
{
    private static NgapInteger Amf(long id) => NgapInteger.AmfUeNgapId(id);

    private static NgapInteger Ran(long id) => NgapInteger.RanUeNgapId(id);

    public static byte[] NgSetupRequest(GlobalRanNodeId node, string? ranNodeName, SupportedTaList supportedTas, PagingDrx defaultPagingDrx) =>
        NgapMessage.Encode(R.NgSetupRequest,
            (NgapIeId.GlobalRanNodeId, node),
            (NgapIeId.RanNodeName, ranNodeName is null ? null : new NgapName(ranNodeName)),
            (NgapIeId.SupportedTaList, supportedTas),
            (NgapIeId.DefaultPagingDrx, new NgapEnumerated((int)defaultPagingDrx, NgapEnumerated.PagingDrxRoots)));

    public static byte[] NgSetupResponse(string amfName, ServedGuamiList guamis, int relativeCapacity, PlmnSupportList plmns) =>
        NgapMessage.Encode(R.NgSetupResponse,
            (NgapIeId.AmfName, new NgapName(amfName)),
            (NgapIeId.ServedGuamiList, guamis),
            (NgapIeId.RelativeAmfCapacity, NgapInteger.RelativeAmfCapacity(relativeCapacity)),
            (NgapIeId.PlmnSupportList, plmns));

    /// <summary><paramref name="timeToWait"/>: TimeToWait index (v1s, v2s, v5s, v10s, v20s, v60s).</summary>
    public static byte[] NgSetupFailure(Cause cause, int? timeToWait = null) =>
        NgapMessage.Encode(R.NgSetupFailure,
            (NgapIeId.Cause, cause),
            (NgapIeId.TimeToWait, timeToWait is { } t ? new NgapEnumerated(t, NgapEnumerated.TimeToWaitRoots) : null));

    public static byte[] InitialUeMessage(long ranUeNgapId, byte[] nasPdu, UserLocationInformationNr location, RrcEstablishmentCause cause, CellCagList? cellCagList = null) =>
        NgapMessage.Encode(R.InitialUeMessage,
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.NasPdu, new NasPdu(nasPdu)),
            (NgapIeId.UserLocationInformation, location),
            (NgapIeId.RrcEstablishmentCause, new NgapEnumerated((int)cause, NgapEnumerated.RrcEstablishmentCauseRoots)),
            (NgapIeId.NpnAccessInformation, cellCagList));

    public static byte[] DownlinkNasTransport(long amfUeNgapId, long ranUeNgapId, byte[] nasPdu, MobilityRestrictionList? mobilityRestrictions = null) =>
        NgapMessage.Encode(R.DownlinkNasTransport,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.NasPdu, new NasPdu(nasPdu)),
            (NgapIeId.MobilityRestrictionList, mobilityRestrictions));

    public static byte[] UplinkNasTransport(long amfUeNgapId, long ranUeNgapId, byte[] nasPdu, UserLocationInformationNr location) =>
        NgapMessage.Encode(R.UplinkNasTransport,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.NasPdu, new NasPdu(nasPdu)),
            (NgapIeId.UserLocationInformation, location));

    public static byte[] InitialContextSetupRequest(long amfUeNgapId, long ranUeNgapId, Guami guami, AllowedNssai allowedNssai,
        UeSecurityCapabilities capabilities, SecurityKey key, MobilityRestrictionList? mobilityRestrictions = null, byte[]? nasPdu = null,
        CoreNetworkAssistanceForInactive? inactiveAssistance = null) =>
        NgapMessage.Encode(R.InitialContextSetupRequest,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.CoreNetworkAssistanceInformationForInactive, inactiveAssistance),
            (NgapIeId.Guami, guami),
            (NgapIeId.AllowedNssai, allowedNssai),
            (NgapIeId.UeSecurityCapabilities, capabilities),
            (NgapIeId.SecurityKey, key),
            (NgapIeId.MobilityRestrictionList, mobilityRestrictions),
            (NgapIeId.NasPdu, nasPdu is null ? null : new NasPdu(nasPdu)));

    public static byte[] InitialContextSetupResponse(long amfUeNgapId, long ranUeNgapId) =>
        NgapMessage.Encode(R.InitialContextSetupResponse, (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)), (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)));

    public static byte[] InitialContextSetupFailure(long amfUeNgapId, long ranUeNgapId, Cause cause) =>
        NgapMessage.Encode(R.InitialContextSetupFailure, (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)), (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)), (NgapIeId.Cause, cause));

    public static byte[] UeContextReleaseRequest(long amfUeNgapId, long ranUeNgapId, Cause cause) =>
        NgapMessage.Encode(R.UeContextReleaseRequest, (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)), (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)), (NgapIeId.Cause, cause));

    public static byte[] UeContextReleaseCommand(UeNgapIds ids, Cause cause) =>
        NgapMessage.Encode(R.UeContextReleaseCommand, (NgapIeId.UeNgapIds, ids), (NgapIeId.Cause, cause));

    public static byte[] UeContextReleaseComplete(long amfUeNgapId, long ranUeNgapId, UserLocationInformationNr? location = null) =>
        NgapMessage.Encode(R.UeContextReleaseComplete, (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)), (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)), (NgapIeId.UserLocationInformation, location));

    public static byte[] ErrorIndication(long? amfUeNgapId, long? ranUeNgapId, Cause? cause) =>
        NgapMessage.Encode(R.ErrorIndication,
            (NgapIeId.AmfUeNgapId, amfUeNgapId is { } a ? Amf(a) : null),
            (NgapIeId.RanUeNgapId, ranUeNgapId is { } r ? Ran(r) : null),
            (NgapIeId.Cause, cause));

    public static byte[] NgReset(Cause cause, ResetType resetType) =>
        NgapMessage.Encode(R.NgReset, (NgapIeId.Cause, cause), (NgapIeId.ResetType, resetType));

    public static byte[] NgResetAcknowledge(UeAssociatedConnectionList? connections = null) =>
        NgapMessage.Encode(R.NgResetAcknowledge, (NgapIeId.UeAssociatedLogicalNgConnectionList, connections));

    /// <summary>
    /// HANDOVER FAILURE, e.g. refusing a handover into a CAG cell (cause cag-only-access-denied / npn-access-denied,
    /// TS 38.413 8.4.2.3), optionally naming the refusing cell and its CAG IDs (Cell-CAGInformation in IE 262).
    /// </summary>
    public static byte[] HandoverFailure(long amfUeNgapId, Cause cause, CellCagInformation? cellCagInformation = null) =>
        NgapMessage.Encode(R.HandoverFailure, (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)), (NgapIeId.Cause, cause),
            (NgapIeId.TargetToSourceFailureTransparentContainer, cellCagInformation));

    /// <summary>HANDOVER REQUEST (TS 38.413 9.2.3.4) with its mandatory IEs and, optionally, the Mobility Restriction List.</summary>
    public static byte[] HandoverRequest(long amfUeNgapId, HandoverType type, Cause cause, UeAggregateMaximumBitRate ambr, UeSecurityCapabilities capabilities,
        SecurityContext securityContext, PduSessionResourceSetupListHoReq sessions, AllowedNssai allowedNssai, byte[] sourceToTarget, Guami guami,
        MobilityRestrictionList? mobilityRestrictions = null) =>
        NgapMessage.Encode(R.HandoverRequest,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.HandoverType, new NgapEnumerated((int)type, NgapEnumerated.HandoverTypeRoots)),
            (NgapIeId.Cause, cause),
            (NgapIeId.UeAggregateMaximumBitRate, ambr),
            (NgapIeId.UeSecurityCapabilities, capabilities),
            (NgapIeId.SecurityContext, securityContext),
            (NgapIeId.PduSessionResourceSetupListHoReq, sessions),
            (NgapIeId.AllowedNssai, allowedNssai),
            (NgapIeId.SourceToTargetTransparentContainer, new NgapOctets(sourceToTarget)),
            (NgapIeId.MobilityRestrictionList, mobilityRestrictions),
            (NgapIeId.Guami, guami));

    /// <summary>HANDOVER REQUEST ACKNOWLEDGE (TS 38.413 9.2.3.5).</summary>
    public static byte[] HandoverRequestAcknowledge(long amfUeNgapId, long ranUeNgapId, PduSessionResourceAdmittedList admitted, byte[] targetToSource) =>
        NgapMessage.Encode(R.HandoverRequestAcknowledge,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.PduSessionResourceAdmittedList, admitted),
            (NgapIeId.TargetToSourceTransparentContainer, new NgapOctets(targetToSource)));

    // ---- PDU session management, paging, RAN configuration update (issue 12 item 2, second part) ----

    /// <summary>PDU SESSION RESOURCE SETUP REQUEST (TS 38.413 9.2.1.1): the sessions with their Setup Request Transfers (<see cref="PduSessionResourceSetupRequestTransfer.Encode"/>).</summary>
    public static byte[] PduSessionResourceSetupRequest(long amfUeNgapId, long ranUeNgapId, IReadOnlyList<PduSessionResourceItem> sessions, byte[]? nasPdu = null,
        UeAggregateMaximumBitRate? ambr = null) =>
        NgapMessage.Encode(R.PduSessionResourceSetupRequest,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.NasPdu, nasPdu is null ? null : new NasPdu(nasPdu)),
            (NgapIeId.PduSessionResourceSetupListSuReq, new PduSessionResourceList(sessions, WithSliceAndNas: true)),
            (NgapIeId.UeAggregateMaximumBitRate, ambr));

    /// <summary>PDU SESSION RESOURCE SETUP RESPONSE (TS 38.413 9.2.1.2): sessions set up (Setup Response Transfers) and those that failed (Unsuccessful Transfers).</summary>
    public static byte[] PduSessionResourceSetupResponse(long amfUeNgapId, long ranUeNgapId, IReadOnlyList<PduSessionResourceItem>? setUp,
        IReadOnlyList<PduSessionResourceItem>? failed = null) =>
        NgapMessage.Encode(R.PduSessionResourceSetupResponse,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.PduSessionResourceSetupListSuRes, setUp is { Count: > 0 } ? new PduSessionResourceList(setUp) : null),
            (NgapIeId.PduSessionResourceFailedToSetupListSuRes, failed is { Count: > 0 } ? new PduSessionResourceList(failed) : null));

    /// <summary>PDU SESSION RESOURCE RELEASE COMMAND (TS 38.413 9.2.1.3), each session with its Release Command Transfer (cause).</summary>
    public static byte[] PduSessionResourceReleaseCommand(long amfUeNgapId, long ranUeNgapId, IReadOnlyList<(int PduSessionId, Cause Cause)> sessions, byte[]? nasPdu = null) =>
        NgapMessage.Encode(R.PduSessionResourceReleaseCommand,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.NasPdu, nasPdu is null ? null : new NasPdu(nasPdu)),
            (NgapIeId.PduSessionResourceToReleaseListRelCmd, new PduSessionResourceList([.. sessions.Select(s => new PduSessionResourceItem(s.PduSessionId, PduSessionTransfers.ReleaseCommand(s.Cause)))])));

    /// <summary>PDU SESSION RESOURCE RELEASE RESPONSE (TS 38.413 9.2.1.4), each released session with an empty Release Response Transfer.</summary>
    public static byte[] PduSessionResourceReleaseResponse(long amfUeNgapId, long ranUeNgapId, IReadOnlyList<int> released, UserLocationInformationNr? location = null) =>
        NgapMessage.Encode(R.PduSessionResourceReleaseResponse,
            (NgapIeId.AmfUeNgapId, Amf(amfUeNgapId)),
            (NgapIeId.RanUeNgapId, Ran(ranUeNgapId)),
            (NgapIeId.PduSessionResourceReleasedListRelRes, new PduSessionResourceList([.. released.Select(id => new PduSessionResourceItem(id, PduSessionTransfers.ReleaseResponse()))])),
            (NgapIeId.UserLocationInformation, location));

    /// <summary>PAGING (TS 38.413 9.2.4.1); <paramref name="priority"/> is the PagingPriority index (priolevel1 = 0).</summary>
    public static byte[] Paging(FiveGSTmsi identity, TaiListForPaging tais, PagingDrx? drx = null, int? priority = null) =>
        NgapMessage.Encode(R.Paging,
            (NgapIeId.UePagingIdentity, new UePagingIdentity(identity)),
            (NgapIeId.PagingDrx, drx is { } d ? new NgapEnumerated((int)d, NgapEnumerated.PagingDrxRoots) : null),
            (NgapIeId.TaiListForPaging, tais),
            (NgapIeId.PagingPriority, priority is { } p ? new NgapEnumerated(p, NgapEnumerated.PagingPriorityRoots) : null));

    /// <summary>RAN CONFIGURATION UPDATE (TS 38.413 9.2.6.4): whichever of name, supported TAs, default paging DRX and node ID changed.</summary>
    public static byte[] RanConfigurationUpdate(string? ranNodeName = null, SupportedTaList? supportedTas = null, PagingDrx? defaultPagingDrx = null, GlobalRanNodeId? node = null) =>
        NgapMessage.Encode(R.RanConfigurationUpdate,
            (NgapIeId.RanNodeName, ranNodeName is null ? null : new NgapName(ranNodeName)),
            (NgapIeId.SupportedTaList, supportedTas),
            (NgapIeId.DefaultPagingDrx, defaultPagingDrx is { } d ? new NgapEnumerated((int)d, NgapEnumerated.PagingDrxRoots) : null),
            (NgapIeId.GlobalRanNodeId, node));

    public static byte[] RanConfigurationUpdateAcknowledge() => NgapMessage.Encode(R.RanConfigurationUpdateAcknowledge);

    /// <summary><paramref name="timeToWait"/>: TimeToWait index (v1s, v2s, v5s, v10s, v20s, v60s).</summary>
    public static byte[] RanConfigurationUpdateFailure(Cause cause, int? timeToWait = null) =>
        NgapMessage.Encode(R.RanConfigurationUpdateFailure,
            (NgapIeId.Cause, cause),
            (NgapIeId.TimeToWait, timeToWait is { } t ? new NgapEnumerated(t, NgapEnumerated.TimeToWaitRoots) : null));
}
