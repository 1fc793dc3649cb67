using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Rrc.Ies;

/// <summary>
/// CellAccessRelatedInfo (TS 38.331 6.3.2), what a cell says about who may camp on it:
/// <code>
/// CellAccessRelatedInfo ::= SEQUENCE { plmn-IdentityInfoList SEQUENCE (SIZE (1..maxPLMN)) OF PLMN-IdentityInfo,
///   cellReservedForOtherUse ENUMERATED {true} OPTIONAL, ...,
///   [[ cellReservedForFutureUse-r16 ENUMERATED {true} OPTIONAL, npn-IdentityInfoList-r16 NPN-IdentityInfoList-r16 OPTIONAL ]] }
/// </code>
/// </summary>
public sealed record CellAccessRelatedInfo(
    IReadOnlyList<PlmnIdentityInfo> Plmns,
    bool CellReservedForOtherUse = false,
    IReadOnlyList<NpnIdentityInfo>? Npns = null,
    bool CellReservedForFutureUse = false)
{
    public const int MaxPlmn = 12;
    public const int MaxNpn = 12;

    /// <summary>Every CAG ID the cell broadcasts, with its PLMN, in order.</summary>
    public IEnumerable<(RrcPlmnIdentity Plmn, CagIdentityInfo Cag)> CagIdentities =>
        (Npns ?? []).SelectMany(n => n.Npns).SelectMany(id => (id.Cags ?? []).Select(c => (id.Plmn, c)));

    public static CellAccessRelatedInfo Read(PerReader r, RrcReadContext ctx)
    {
        var optional = r.ReadPreamble(true, 1, out var extended);
        var plmns = RrcBits.ReadList(r, 1, MaxPlmn, 48, x => PlmnIdentityInfo.Read(x, ctx));
        IReadOnlyList<NpnIdentityInfo>? npns = null;
        var futureUse = false;
        if (extended)
        {
            ctx.Extensions(r, "CellAccessRelatedInfo", 1, (group, g) =>
            {
                var o = RrcBits.Optionals(g.ReadPreamble(false, 2, out _), 2);
                futureUse = o[0];
                npns = o[1] ? RrcBits.ReadList(g, 1, MaxNpn, 70, x => NpnIdentityInfo.Read(x, ctx)) : null;
            });
        }
        return new CellAccessRelatedInfo(plmns, optional == 1, npns, futureUse);
    }

    public void Write(PerWriter w)
    {
        var r16 = Npns is not null || CellReservedForFutureUse;
        w.WritePreamble(true, 1, CellReservedForOtherUse ? 1u : 0u, extended: r16);
        RrcBits.WriteList(w, Plmns, 1, MaxPlmn, (x, p) => p.Write(x));
        if (r16)
        {
            w.WriteExtensionAdditions([g =>
            {
                g.WritePreamble(false, 2, RrcBits.Bitmap(CellReservedForFutureUse, Npns is not null));
                if (Npns is not null) RrcBits.WriteList(g, Npns, 1, MaxNpn, (x, n) => n.Write(x));
            }]);
        }
    }
}

/// <summary>
/// PLMN-IdentityInfo ::= SEQUENCE { plmn-IdentityList SEQUENCE (SIZE (1..maxPLMN)) OF PLMN-Identity,
/// trackingAreaCode BIT STRING (SIZE (24)) OPTIONAL, ranac INTEGER (0..255) OPTIONAL, cellIdentity BIT STRING (SIZE (36)),
/// cellReservedForOperatorUse ENUMERATED {reserved, notReserved}, ... }
/// </summary>
public sealed record PlmnIdentityInfo(IReadOnlyList<RrcPlmnIdentity> Plmns, ulong CellIdentity, uint? TrackingAreaCode = null, int? Ranac = null, bool ReservedForOperatorUse = false)
{
    public static PlmnIdentityInfo Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 2, out var extended), 2);
        var plmns = RrcBits.ReadList(r, 1, CellAccessRelatedInfo.MaxPlmn, 9, RrcPlmnIdentity.Read);
        uint? tac = o[0] ? (uint)RrcBits.Read(r, RrcBits.TrackingAreaCode) : null;
        int? ranac = o[1] ? (int)r.ReadConstrainedWholeNumber(0, 255) : null;
        var cell = RrcBits.Read(r, RrcBits.CellIdentity);
        var reserved = r.ReadEnumerated(2, false) == 0;
        ctx.SkipExtensions(r, extended, "PLMN-IdentityInfo");
        return new PlmnIdentityInfo(plmns, cell, tac, ranac, reserved);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 2, RrcBits.Bitmap(TrackingAreaCode is not null, Ranac is not null));
        RrcBits.WriteList(w, Plmns, 1, CellAccessRelatedInfo.MaxPlmn, (x, p) => p.Write(x));
        if (TrackingAreaCode is { } tac) RrcBits.Write(w, tac, RrcBits.TrackingAreaCode);
        if (Ranac is { } ranac) w.WriteConstrainedWholeNumber(ranac, 0, 255);
        RrcBits.Write(w, CellIdentity, RrcBits.CellIdentity);
        w.WriteEnumerated(ReservedForOperatorUse ? 0 : 1, 2, false);
    }
}

/// <summary>
/// NPN-IdentityInfo-r16 ::= SEQUENCE { npn-IdentityList-r16 SEQUENCE (SIZE (1..maxNPN-r16)) OF NPN-Identity-r16,
/// trackingAreaCode-r16 TrackingAreaCode, ranac-r16 RAN-AreaCode OPTIONAL, cellIdentity-r16 CellIdentity,
/// cellReservedForOperatorUse-r16 ENUMERATED {reserved, notReserved}, iab-Support-r16 ENUMERATED {true} OPTIONAL, ... }
/// </summary>
public sealed record NpnIdentityInfo(IReadOnlyList<NpnIdentity> Npns, uint TrackingAreaCode, ulong CellIdentity, int? Ranac = null, bool ReservedForOperatorUse = false, bool IabSupport = false)
{
    public static NpnIdentityInfo Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 2, out var extended), 2);
        var npns = RrcBits.ReadList(r, 1, CellAccessRelatedInfo.MaxNpn, 15, x => NpnIdentity.Read(x, ctx));
        var tac = (uint)RrcBits.Read(r, RrcBits.TrackingAreaCode);
        int? ranac = o[0] ? (int)r.ReadConstrainedWholeNumber(0, 255) : null;
        var cell = RrcBits.Read(r, RrcBits.CellIdentity);
        var reserved = r.ReadEnumerated(2, false) == 0;
        ctx.SkipExtensions(r, extended, "NPN-IdentityInfo-r16");
        return new NpnIdentityInfo(npns, tac, cell, ranac, reserved, o[1]);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 2, RrcBits.Bitmap(Ranac is not null, IabSupport));
        RrcBits.WriteList(w, Npns, 1, CellAccessRelatedInfo.MaxNpn, (x, n) => n.Write(x));
        RrcBits.Write(w, TrackingAreaCode, RrcBits.TrackingAreaCode);
        if (Ranac is { } ranac) w.WriteConstrainedWholeNumber(ranac, 0, 255);
        RrcBits.Write(w, CellIdentity, RrcBits.CellIdentity);
        w.WriteEnumerated(ReservedForOperatorUse ? 0 : 1, 2, false);
    }
}

/// <summary>
/// NPN-Identity-r16 ::= CHOICE { pni-npn-r16 SEQUENCE { plmn-Identity-r16 PLMN-Identity, cag-IdentityList-r16
/// SEQUENCE (SIZE (1..maxNPN-r16)) OF CAG-IdentityInfo-r16 }, snpn-r16 SEQUENCE { plmn-Identity-r16 PLMN-Identity,
/// nid-List-r16 SEQUENCE (SIZE (1..maxNPN-r16)) OF NID-r16 } } with NID-r16 ::= BIT STRING (SIZE (44)).
/// Exactly one of <see cref="Cags"/> (PNI-NPN) and <see cref="Nids"/> (SNPN) is set.
/// </summary>
public sealed record NpnIdentity(RrcPlmnIdentity Plmn, IReadOnlyList<CagIdentityInfo>? Cags, IReadOnlyList<ulong>? Nids = null)
{
    public static NpnIdentity Read(PerReader r, RrcReadContext ctx)
    {
        var snpn = r.ReadChoiceIndex(2, false) == 1;
        var plmn = RrcPlmnIdentity.Read(r);
        return snpn
            ? new NpnIdentity(plmn, null, RrcBits.ReadList(r, 1, CellAccessRelatedInfo.MaxNpn, RrcBits.Nid, x => RrcBits.Read(x, RrcBits.Nid)))
            : new NpnIdentity(plmn, RrcBits.ReadList(r, 1, CellAccessRelatedInfo.MaxNpn, 33, x => CagIdentityInfo.Read(x, ctx)));
    }

    public void Write(PerWriter w)
    {
        if ((Cags is null) == (Nids is null))
        {
            throw new InvalidOperationException("NPN-Identity-r16: either CAG IDs (PNI-NPN) or NIDs (SNPN)");
        }
        w.WriteChoiceIndex(Cags is null ? 1 : 0, 2, false);
        Plmn.Write(w);
        if (Cags is not null) RrcBits.WriteList(w, Cags, 1, CellAccessRelatedInfo.MaxNpn, (x, c) => c.Write(x));
        else RrcBits.WriteList(w, Nids!, 1, CellAccessRelatedInfo.MaxNpn, (x, n) => RrcBits.Write(x, n, RrcBits.Nid));
    }
}

/// <summary>CAG-IdentityInfo-r16 ::= SEQUENCE { cag-Identity-r16 BIT STRING (SIZE (32)), manualCAGselectionAllowed-r16 ENUMERATED {true} OPTIONAL } (no extension marker)</summary>
public sealed record CagIdentityInfo(uint CagId, bool ManualSelectionAllowed = false)
{
    public static CagIdentityInfo Read(PerReader r, RrcReadContext ctx)
    {
        var manual = r.ReadPreamble(false, 1, out _) == 1;
        var id = (uint)RrcBits.Read(r, RrcBits.CagIdentity);
        return new CagIdentityInfo(id, manual);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(false, 1, ManualSelectionAllowed ? 1u : 0u);
        RrcBits.Write(w, CagId, RrcBits.CagIdentity);
    }

    public override string ToString() => $"{CagId:X8}{(ManualSelectionAllowed ? " (manual)" : "")}";
}
