using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// Which typed reader decodes an IE value, by ProtocolIE-ID (an id names one type throughout
/// TS 38.413). IEs without a row stay raw bytes.
/// </summary>
public static class NgapIeCodecs
{
    private static readonly Dictionary<int, Func<PerReader, INgapIeValue>> Readers = new()
    {
        [NgapIeId.AllowedNssai] = AllowedNssai.Read,
        [NgapIeId.AmfName] = NgapName.Read,
        [NgapIeId.AmfUeNgapId] = r => NgapInteger.Read(r, 0, 1099511627775),
        [NgapIeId.Cause] = Cause.Read,
        [NgapIeId.DefaultPagingDrx] = r => NgapEnumerated.Read(r, NgapEnumerated.PagingDrxRoots),
        [NgapIeId.GlobalRanNodeId] = GlobalRanNodeId.Read,
        [NgapIeId.Guami] = Guami.Read,
        [NgapIeId.MobilityRestrictionList] = MobilityRestrictionList.Read,
        [NgapIeId.NasPdu] = NasPdu.Read,
        [NgapIeId.PlmnSupportList] = PlmnSupportList.Read,
        [NgapIeId.RanNodeName] = NgapName.Read,
        [NgapIeId.RanUeNgapId] = r => NgapInteger.Read(r, 0, 4294967295),
        [NgapIeId.RelativeAmfCapacity] = r => NgapInteger.Read(r, 0, 255),
        [NgapIeId.ResetType] = ResetType.Read,
        [NgapIeId.RrcEstablishmentCause] = r => NgapEnumerated.Read(r, NgapEnumerated.RrcEstablishmentCauseRoots),
        [NgapIeId.SecurityKey] = SecurityKey.Read,
        [NgapIeId.ServedGuamiList] = ServedGuamiList.Read,
        [NgapIeId.SupportedTaList] = SupportedTaList.Read,
        [NgapIeId.TimeToWait] = r => NgapEnumerated.Read(r, NgapEnumerated.TimeToWaitRoots),
        [NgapIeId.UeAssociatedLogicalNgConnectionList] = UeAssociatedConnectionList.Read,
        [NgapIeId.UeNgapIds] = UeNgapIds.Read,
        [NgapIeId.UeSecurityCapabilities] = UeSecurityCapabilities.Read,
        [NgapIeId.UserLocationInformation] = UserLocationInformationNr.Read,
        [NgapIeId.NpnAccessInformation] = CellCagList.Read,
        [NgapIeId.HandoverType] = r => NgapEnumerated.Read(r, NgapEnumerated.HandoverTypeRoots),
        [NgapIeId.UeAggregateMaximumBitRate] = UeAggregateMaximumBitRate.Read,
        [NgapIeId.SecurityContext] = SecurityContext.Read,
        [NgapIeId.PduSessionResourceSetupListHoReq] = PduSessionResourceSetupListHoReq.Read,
        [NgapIeId.SourceToTargetTransparentContainer] = NgapOctets.Read,
        [NgapIeId.PduSessionResourceAdmittedList] = PduSessionResourceAdmittedList.Read,
        [NgapIeId.TargetToSourceTransparentContainer] = NgapOctets.Read,
        [NgapIeId.TargetToSourceFailureTransparentContainer] = CellCagInformation.Read,
        // PDU session management, paging, RAN configuration update.
        [NgapIeId.PduSessionResourceSetupListSuReq] = PduSessionResourceList.ReadSetupRequest,
        [NgapIeId.PduSessionResourceSetupListSuRes] = PduSessionResourceList.Read,
        [NgapIeId.PduSessionResourceFailedToSetupListSuRes] = PduSessionResourceList.Read,
        [NgapIeId.PduSessionResourceToReleaseListRelCmd] = PduSessionResourceList.Read,
        [NgapIeId.PduSessionResourceReleasedListRelRes] = PduSessionResourceList.Read,
        [NgapIeId.FiveGSTmsi] = FiveGSTmsi.Read,
        [NgapIeId.UePagingIdentity] = UePagingIdentity.Read,
        [NgapIeId.TaiListForPaging] = TaiListForPaging.Read,
        [NgapIeId.PagingDrx] = r => NgapEnumerated.Read(r, NgapEnumerated.PagingDrxRoots),
        [NgapIeId.PagingPriority] = r => NgapEnumerated.Read(r, NgapEnumerated.PagingPriorityRoots),
        [NgapIeId.PagingOrigin] = r => NgapEnumerated.Read(r, NgapEnumerated.PagingOriginRoots),
        // RRC_INACTIVE (issue 13, resume).
        [NgapIeId.CoreNetworkAssistanceInformationForInactive] = CoreNetworkAssistanceForInactive.Read,
    };

    public static bool IsTyped(int id) => Readers.ContainsKey(id);

    /// <summary>The ids with a typed reader, ascending.</summary>
    public static IReadOnlyList<int> TypedIds { get; } = [.. Readers.Keys.Order()];

    /// <summary>Decodes <paramref name="field"/>'s value; null with the failure when it does not decode.</summary>
    public static INgapIeValue? Decode(ProtocolIeField field, out PerFailure? failure, out int trailingOctets)
    {
        failure = null;
        trailingOctets = 0;
        if (!Readers.TryGetValue(field.Id, out var read))
        {
            return null;
        }
        var reader = field.ValueReader();
        var value = read(reader);
        failure = reader.Failure;
        trailingOctets = reader.Ok ? (int)(reader.RemainingBits / 8) : 0;
        return reader.Ok ? value : null;
    }
}
