using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc.Messages;

/// <summary>
/// MIB (BCCH-BCH, TS 38.331 6.2.2): 24 bits.
/// <code>
/// MIB ::= SEQUENCE { systemFrameNumber BIT STRING (SIZE (6)), subCarrierSpacingCommon ENUMERATED {scs15or60, scs30or120},
///   ssb-SubcarrierOffset INTEGER (0..15), dmrs-TypeA-Position ENUMERATED {pos2, pos3},
///   pdcch-ConfigSIB1 SEQUENCE { controlResourceSetZero INTEGER (0..15), searchSpaceZero INTEGER (0..15) },
///   cellBarred ENUMERATED {barred, notBarred}, intraFreqReselection ENUMERATED {allowed, notAllowed}, spare BIT STRING (SIZE (1)) }
/// </code>
/// </summary>
public sealed record Mib(int SystemFrameNumberMsbs, bool Scs30or120, int SsbSubcarrierOffset, bool DmrsTypeAPos3, int ControlResourceSetZero, int SearchSpaceZero, bool CellBarred, bool IntraFreqReselectionAllowed) : RrcMessage
{
    public override string Name => "mib";

    public override RrcChannel Channel => RrcChannel.BcchBch;

    public static Mib Read(PerReader r, RrcReadContext ctx)
    {
        var sfn = (int)RrcBits.Read(r, 6);
        var scs = r.ReadEnumerated(2, false) == 1;
        var ssb = (int)r.ReadConstrainedWholeNumber(0, 15);
        var dmrs = r.ReadEnumerated(2, false) == 1;
        var coreset = (int)r.ReadConstrainedWholeNumber(0, 15);
        var search = (int)r.ReadConstrainedWholeNumber(0, 15);
        var barred = r.ReadEnumerated(2, false) == 0;
        var intra = r.ReadEnumerated(2, false) == 0;
        r.ReadBits(1);
        return new Mib(sfn, scs, ssb, dmrs, coreset, search, barred, intra);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcBits.Write(w, (ulong)SystemFrameNumberMsbs, 6);
        w.WriteEnumerated(Scs30or120 ? 1 : 0, 2, false);
        w.WriteConstrainedWholeNumber(SsbSubcarrierOffset, 0, 15);
        w.WriteEnumerated(DmrsTypeAPos3 ? 1 : 0, 2, false);
        w.WriteConstrainedWholeNumber(ControlResourceSetZero, 0, 15);
        w.WriteConstrainedWholeNumber(SearchSpaceZero, 0, 15);
        w.WriteEnumerated(CellBarred ? 0 : 1, 2, false);
        w.WriteEnumerated(IntraFreqReselectionAllowed ? 0 : 1, 2, false);
        w.WriteBit(false);
    }
}

/// <summary>cellSelectionInfo of SIB1: q-RxLevMin INTEGER (-70..-22), q-QualMin INTEGER (-43..-12) OPTIONAL (others not written).</summary>
public sealed record CellSelectionInfo(int QRxLevMin, int? QQualMin = null);

/// <summary>
/// SIB1 (BCCH-DL-SCH, TS 38.331 6.2.2), up to the cell access information:
/// <code>
/// SIB1 ::= SEQUENCE { cellSelectionInfo SEQUENCE { q-RxLevMin Q-RxLevMin, q-RxLevMinOffset INTEGER (1..8) OPTIONAL,
///     q-RxLevMinSUL Q-RxLevMin OPTIONAL, q-QualMin Q-QualMin OPTIONAL, q-QualMinOffset INTEGER (1..8) OPTIONAL } OPTIONAL,
///   cellAccessRelatedInfo CellAccessRelatedInfo, connEstFailureControl OPTIONAL, si-SchedulingInfo OPTIONAL,
///   servingCellConfigCommon OPTIONAL, ims-EmergencySupport ENUMERATED {true} OPTIONAL, eCallOverIMS-Support ENUMERATED {true} OPTIONAL,
///   ue-TimersAndConstants OPTIONAL, uac-BarringInfo OPTIONAL, useFullResumeID ENUMERATED {true} OPTIONAL,
///   lateNonCriticalExtension OCTET STRING OPTIONAL, nonCriticalExtension SIB1-v1610-IEs OPTIONAL }
/// </code>
/// The harness writes cellSelectionInfo, cellAccessRelatedInfo and the three ENUMERATED {true} flags. Decoding
/// reads the same; a present connEstFailureControl, si-SchedulingInfo, servingCellConfigCommon,
/// ue-TimersAndConstants or uac-BarringInfo ends the decode with a finding after cellAccessRelatedInfo.
/// </summary>
public sealed record Sib1(CellAccessRelatedInfo CellAccess, CellSelectionInfo? CellSelection = null, bool ImsEmergencySupport = false, bool ECallOverImsSupport = false, bool UseFullResumeId = false) : RrcMessage
{
    private const int Optionals = 11;

    public override string Name => "systemInformationBlockType1";

    public override RrcChannel Channel => RrcChannel.BcchDlSch;

    public static Sib1 Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(false, Optionals, out _), Optionals);
        CellSelectionInfo? selection = null;
        if (o[0])
        {
            var s = RrcBits.Optionals(r.ReadPreamble(false, 4, out _), 4);
            var rxLevMin = (int)r.ReadConstrainedWholeNumber(-70, -22);
            if (s[0]) r.ReadConstrainedWholeNumber(1, 8);
            if (s[1]) r.ReadConstrainedWholeNumber(-70, -22);
            int? qualMin = s[2] ? (int)r.ReadConstrainedWholeNumber(-43, -12) : null;
            if (s[3]) r.ReadConstrainedWholeNumber(1, 8);
            selection = new CellSelectionInfo(rxLevMin, qualMin);
        }
        var access = CellAccessRelatedInfo.Read(r, ctx);
        string[] names = ["connEstFailureControl", "si-SchedulingInfo", "servingCellConfigCommon"];
        for (int i = 0; i < names.Length; i++)
        {
            if (o[1 + i])
            {
                ctx.NotDecoded(r, $"SIB1.{names[i]}");
                return new Sib1(access, selection);
            }
        }
        if (o[6] || o[7])
        {
            ctx.NotDecoded(r, o[6] ? "SIB1.ue-TimersAndConstants" : "SIB1.uac-BarringInfo");
            return new Sib1(access, selection, o[4], o[5]);
        }
        RrcFrame.ReadTail(r, ctx, o[9], o[10], "SIB1");
        return new Sib1(access, selection, o[4], o[5], o[8]);
    }

    public override void WriteBody(PerWriter w)
    {
        w.WritePreamble(false, Optionals, RrcBits.Bitmap(CellSelection is not null, false, false, false, ImsEmergencySupport, ECallOverImsSupport, false, false, UseFullResumeId, false, false));
        if (CellSelection is { } s)
        {
            w.WritePreamble(false, 4, RrcBits.Bitmap(false, false, s.QQualMin is not null, false));
            w.WriteConstrainedWholeNumber(s.QRxLevMin, -70, -22);
            if (s.QQualMin is { } q) w.WriteConstrainedWholeNumber(q, -43, -12);
        }
        CellAccess.Write(w);
    }
}
