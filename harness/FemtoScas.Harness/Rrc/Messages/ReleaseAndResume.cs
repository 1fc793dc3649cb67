using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc.Messages;

/// <summary>
/// RAN-NotificationAreaInfo ::= CHOICE { cellList SEQUENCE (SIZE (1..maxPLMNIdentities)) OF PLMN-RAN-AreaCell, ran-AreaConfigList ..., ... }
/// with PLMN-RAN-AreaCell ::= SEQUENCE { plmn-Identity PLMN-Identity OPTIONAL, ran-AreaCells SEQUENCE (SIZE (1..32)) OF CellIdentity }.
/// Only the cell list is modelled (one entry per PLMN).
/// </summary>
public sealed record RanAreaCells(RrcPlmnIdentity? Plmn, IReadOnlyList<ulong> Cells);

/// <summary>
/// SuspendConfig ::= SEQUENCE { fullI-RNTI BIT STRING (SIZE (40)), shortI-RNTI BIT STRING (SIZE (24)),
///   ran-PagingCycle ENUMERATED {rf32, rf64, rf128, rf256}, ran-NotificationAreaInfo OPTIONAL,
///   t380 ENUMERATED {min5, min10, min20, min30, min60, min120, min360, min720} OPTIONAL, nextHopChainingCount INTEGER (0..7), ... }
/// </summary>
public sealed record SuspendConfig(ulong FullIRnti, uint ShortIRnti, int RanPagingCycleIndex, int NextHopChainingCount, IReadOnlyList<RanAreaCells>? RanNotificationArea = null, int? T380Index = null)
{
    public const int MaxPlmnIdentities = 8;

    public static SuspendConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 2, out var extended), 2);
        var full = RrcBits.Read(r, RrcBits.FullIRnti);
        var shortId = (uint)RrcBits.Read(r, RrcBits.ShortIRnti);
        var cycle = r.ReadEnumerated(4, false);
        List<RanAreaCells>? area = null;
        if (o[0])
        {
            if (r.ReadChoiceIndex(2, true) != 0)
            {
                ctx.NotDecoded(r, "RAN-NotificationAreaInfo other than cellList");
                return new SuspendConfig(full, shortId, cycle, 0);
            }
            area = RrcBits.ReadList(r, 1, MaxPlmnIdentities, 42, x =>
            {
                var plmn = x.ReadBits(1) == 1 ? RrcPlmnIdentity.Read(x) : null;
                return new RanAreaCells(plmn, RrcBits.ReadList(x, 1, 32, RrcBits.CellIdentity, y => RrcBits.Read(y, RrcBits.CellIdentity)));
            });
        }
        int? t380 = o[1] ? r.ReadEnumerated(8, false) : null;
        var ncc = (int)r.ReadConstrainedWholeNumber(0, 7);
        ctx.SkipExtensions(r, extended, "SuspendConfig");
        return new SuspendConfig(full, shortId, cycle, ncc, area, t380);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 2, RrcBits.Bitmap(RanNotificationArea is not null, T380Index is not null));
        RrcBits.Write(w, FullIRnti, RrcBits.FullIRnti);
        RrcBits.Write(w, ShortIRnti, RrcBits.ShortIRnti);
        w.WriteEnumerated(RanPagingCycleIndex, 4, false);
        if (RanNotificationArea is not null)
        {
            w.WriteChoiceIndex(0, 2, true);
            RrcBits.WriteList(w, RanNotificationArea, 1, MaxPlmnIdentities, (x, a) =>
            {
                x.WriteBit(a.Plmn is not null);
                a.Plmn?.Write(x);
                RrcBits.WriteList(x, a.Cells, 1, 32, (y, c) => RrcBits.Write(y, c, RrcBits.CellIdentity));
            });
        }
        if (T380Index is { } t380) w.WriteEnumerated(t380, 8, false);
        w.WriteConstrainedWholeNumber(NextHopChainingCount, 0, 7);
    }
}

/// <summary>
/// RRCRelease (DL-DCCH):
/// <code>
/// RRCRelease-IEs ::= SEQUENCE { redirectedCarrierInfo OPTIONAL, cellReselectionPriorities OPTIONAL, suspendConfig SuspendConfig OPTIONAL,
///   deprioritisationReq SEQUENCE { deprioritisationType ENUMERATED {frequency, nr}, deprioritisationTimer ENUMERATED {min5, min10, min15, min30} } OPTIONAL,
///   lateNonCriticalExtension OPTIONAL, nonCriticalExtension RRCRelease-v1540-IEs OPTIONAL }
/// </code>
/// redirectedCarrierInfo and cellReselectionPriorities are not decoded (a finding ends the decode there).
/// </summary>
public sealed record RrcRelease(int TransactionId, SuspendConfig? Suspend = null) : RrcMessage
{
    public override string Name => "rrcRelease";

    public override RrcChannel Channel => RrcChannel.DlDcch;

    public static RrcRelease? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCRelease") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 6, out _), 6);
        if (o[0] || o[1])
        {
            ctx.NotDecoded(r, o[0] ? "RRCRelease-IEs.redirectedCarrierInfo" : "RRCRelease-IEs.cellReselectionPriorities");
            return new RrcRelease(tx);
        }
        var suspend = o[2] ? SuspendConfig.Read(r, ctx) : null;
        if (o[3]) r.ReadBits(3);
        RrcFrame.ReadTail(r, ctx, o[4], o[5], "RRCRelease-IEs");
        return new RrcRelease(tx, suspend);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 6, RrcBits.Bitmap(false, false, Suspend is not null, false, false, false));
        Suspend?.Write(w);
    }
}

/// <summary>ResumeCause (TS 38.331 6.2.2): 16 values, the last five spare.</summary>
public enum ResumeCause
{
    Emergency, HighPriorityAccess, MtAccess, MoSignalling, MoData, MoVoiceCall, MoVideoCall, MoSms, RnaUpdate, MpsPriorityAccess, McsPriorityAccess,
}

/// <summary>
/// RRCResumeRequest (UL-CCCH, 48 bits) and RRCResumeRequest1 (UL-CCCH1, 64 bits):
/// <code>
/// RRCResumeRequest-IEs ::= SEQUENCE { resumeIdentity ShortI-RNTI-Value (24 bits), resumeMAC-I BIT STRING (SIZE (16)), resumeCause ResumeCause, spare BIT STRING (SIZE (1)) }
/// RRCResumeRequest1-IEs ::= SEQUENCE { resumeIdentity I-RNTI-Value (40 bits), resumeMAC-I BIT STRING (SIZE (16)), resumeCause ResumeCause, spare BIT STRING (SIZE (1)) }
/// </code>
/// <see cref="Full"/> selects the 40-bit identity and UL-CCCH1.
/// </summary>
public sealed record RrcResumeRequest(ulong ResumeIdentity, ushort ResumeMacI, ResumeCause Cause, bool Full = false) : RrcMessage
{
    public override string Name => Full ? "rrcResumeRequest1" : "rrcResumeRequest";

    public override RrcChannel Channel => Full ? RrcChannel.UlCcch1 : RrcChannel.UlCcch;

    private int IdentityBits => Full ? RrcBits.FullIRnti : RrcBits.ShortIRnti;

    public static RrcResumeRequest Read(PerReader r, RrcReadContext ctx) => Read(r, ctx, false);

    public static RrcResumeRequest Read1(PerReader r, RrcReadContext ctx) => Read(r, ctx, true);

    private static RrcResumeRequest Read(PerReader r, RrcReadContext ctx, bool full)
    {
        var id = RrcBits.Read(r, full ? RrcBits.FullIRnti : RrcBits.ShortIRnti);
        var mac = (ushort)RrcBits.Read(r, 16);
        var cause = r.ReadEnumerated(16, false);
        if (cause > (int)ResumeCause.McsPriorityAccess) ctx.Deviation(r, $"resumeCause {cause} is a spare value", "TS 38.331 6.2.2 ResumeCause");
        r.ReadBits(1);
        return new RrcResumeRequest(id, mac, (ResumeCause)cause, full);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcBits.Write(w, ResumeIdentity, IdentityBits);
        RrcBits.Write(w, ResumeMacI, 16);
        w.WriteEnumerated((int)Cause, 16, false);
        w.WriteBit(false);
    }
}

/// <summary>
/// RRCResume (DL-DCCH):
/// <code>
/// RRCResume-IEs ::= SEQUENCE { radioBearerConfig RadioBearerConfig OPTIONAL, masterCellGroup OCTET STRING OPTIONAL, measConfig OPTIONAL,
///   fullConfig ENUMERATED {true} OPTIONAL, lateNonCriticalExtension OPTIONAL, nonCriticalExtension RRCResume-v1560-IEs OPTIONAL }
/// </code>
/// </summary>
public sealed record RrcResume(int TransactionId, RadioBearerConfig? RadioBearers = null, byte[]? MasterCellGroup = null, bool FullConfig = false) : RrcMessage
{
    public override string Name => "rrcResume";

    public override RrcChannel Channel => RrcChannel.DlDcch;

    public static RrcResume? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCResume") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 6, out _), 6);
        var rbc = o[0] ? RadioBearerConfig.Read(r, ctx) : null;
        var mcg = o[1] ? r.ReadOctetString() : null;
        if (o[2])
        {
            ctx.NotDecoded(r, "RRCResume-IEs.measConfig");
            return new RrcResume(tx, rbc, mcg);
        }
        RrcFrame.ReadTail(r, ctx, o[4], o[5], "RRCResume-IEs");
        return new RrcResume(tx, rbc, mcg, o[3]);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 6, RrcBits.Bitmap(RadioBearers is not null, MasterCellGroup is not null, false, FullConfig, false, false));
        RadioBearers?.Write(w);
        if (MasterCellGroup is not null) w.WriteOctetString(MasterCellGroup);
    }
}

/// <summary>
/// RRCResumeComplete (UL-DCCH):
/// <code>
/// RRCResumeComplete-IEs ::= SEQUENCE { dedicatedNAS-Message OCTET STRING OPTIONAL, selectedPLMN-Identity INTEGER (1..maxPLMN) OPTIONAL,
///   uplinkTxDirectCurrentList OPTIONAL, lateNonCriticalExtension OPTIONAL, nonCriticalExtension RRCResumeComplete-v1610-IEs OPTIONAL }
/// </code>
/// </summary>
public sealed record RrcResumeComplete(int TransactionId, byte[]? DedicatedNasMessage = null, int? SelectedPlmnIdentity = null) : RrcMessage
{
    public override string Name => "rrcResumeComplete";

    public override RrcChannel Channel => RrcChannel.UlDcch;

    public static RrcResumeComplete? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCResumeComplete") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 5, out _), 5);
        var nas = o[0] ? r.ReadOctetString() : null;
        int? plmn = o[1] ? (int)r.ReadConstrainedWholeNumber(1, 12) : null;
        if (o[2])
        {
            ctx.NotDecoded(r, "RRCResumeComplete-IEs.uplinkTxDirectCurrentList");
            return new RrcResumeComplete(tx, nas, plmn);
        }
        RrcFrame.ReadTail(r, ctx, o[3], o[4], "RRCResumeComplete-IEs");
        return new RrcResumeComplete(tx, nas, plmn);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 5, RrcBits.Bitmap(DedicatedNasMessage is not null, SelectedPlmnIdentity is not null, false, false, false));
        if (DedicatedNasMessage is not null) w.WriteOctetString(DedicatedNasMessage);
        if (SelectedPlmnIdentity is { } plmn) w.WriteConstrainedWholeNumber(plmn, 1, 12);
    }
}
