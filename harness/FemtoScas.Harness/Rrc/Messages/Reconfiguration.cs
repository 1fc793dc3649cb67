using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc.Messages;

/// <summary>MasterKeyUpdate ::= SEQUENCE { keySetChangeIndicator BOOLEAN, nextHopChainingCount INTEGER (0..7), nas-Container OCTET STRING OPTIONAL, ... }</summary>
public sealed record MasterKeyUpdate(bool KeySetChangeIndicator, int NextHopChainingCount, byte[]? NasContainer = null)
{
    public static MasterKeyUpdate Read(PerReader r, RrcReadContext ctx)
    {
        var nas = r.ReadPreamble(true, 1, out var extended) == 1;
        var change = r.ReadBit();
        var ncc = (int)r.ReadConstrainedWholeNumber(0, 7);
        var container = nas ? r.ReadOctetString() : null;
        ctx.SkipExtensions(r, extended, "MasterKeyUpdate");
        return new MasterKeyUpdate(change, ncc, container);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 1, NasContainer is null ? 0u : 1u);
        w.WriteBit(KeySetChangeIndicator);
        w.WriteConstrainedWholeNumber(NextHopChainingCount, 0, 7);
        if (NasContainer is not null) w.WriteOctetString(NasContainer);
    }
}

/// <summary>
/// RRCReconfiguration (DL-DCCH):
/// <code>
/// RRCReconfiguration-IEs ::= SEQUENCE { radioBearerConfig RadioBearerConfig OPTIONAL, secondaryCellGroup OCTET STRING OPTIONAL,
///   measConfig MeasConfig OPTIONAL, lateNonCriticalExtension OCTET STRING OPTIONAL, nonCriticalExtension RRCReconfiguration-v1530-IEs OPTIONAL }
/// RRCReconfiguration-v1530-IEs ::= SEQUENCE { masterCellGroup OCTET STRING OPTIONAL, fullConfig ENUMERATED {true} OPTIONAL,
///   dedicatedNAS-MessageList SEQUENCE (SIZE (1..maxDRB)) OF DedicatedNAS-Message OPTIONAL, masterKeyUpdate MasterKeyUpdate OPTIONAL,
///   dedicatedSIB1-Delivery OCTET STRING OPTIONAL, dedicatedSystemInformationDelivery OCTET STRING OPTIONAL,
///   otherConfig OtherConfig OPTIONAL, nonCriticalExtension RRCReconfiguration-v1540-IEs OPTIONAL }
/// </code>
/// measConfig and otherConfig are not decoded (a finding ends the decode there).
/// </summary>
public sealed record RrcReconfiguration(int TransactionId, RadioBearerConfig? RadioBearers = null, byte[]? MasterCellGroup = null,
    bool FullConfig = false, IReadOnlyList<byte[]>? DedicatedNasMessages = null, MasterKeyUpdate? KeyUpdate = null, byte[]? SecondaryCellGroup = null) : RrcMessage
{
    public override string Name => "rrcReconfiguration";

    public override RrcChannel Channel => RrcChannel.DlDcch;

    private bool HasV1530 => MasterCellGroup is not null || FullConfig || DedicatedNasMessages is not null || KeyUpdate is not null;

    public static RrcReconfiguration? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCReconfiguration") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 5, out _), 5);
        var rbc = o[0] ? RadioBearerConfig.Read(r, ctx) : null;
        var scg = o[1] ? r.ReadOctetString() : null;
        if (o[2])
        {
            ctx.NotDecoded(r, "RRCReconfiguration-IEs.measConfig");
            return new RrcReconfiguration(tx, rbc, SecondaryCellGroup: scg);
        }
        if (o[3]) r.ReadOctetString();
        if (!o[4]) return new RrcReconfiguration(tx, rbc, SecondaryCellGroup: scg);

        var v = RrcBits.Optionals(r.ReadPreamble(false, 8, out _), 8);
        var mcg = v[0] ? r.ReadOctetString() : null;
        var nas = v[2] ? RrcBits.ReadList(r, 1, RadioBearerConfig.MaxDrb, 8, x => x.ReadOctetString()) : null;
        var key = v[3] ? MasterKeyUpdate.Read(r, ctx) : null;
        if (v[4]) r.ReadOctetString();
        if (v[5]) r.ReadOctetString();
        if (v[6]) ctx.NotDecoded(r, "RRCReconfiguration-v1530-IEs.otherConfig");
        else if (v[7]) ctx.NotDecoded(r, "RRCReconfiguration-v1530-IEs.nonCriticalExtension");
        return new RrcReconfiguration(tx, rbc, mcg, v[1], nas, key, scg);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 5, RrcBits.Bitmap(RadioBearers is not null, SecondaryCellGroup is not null, false, false, HasV1530));
        RadioBearers?.Write(w);
        if (SecondaryCellGroup is not null) w.WriteOctetString(SecondaryCellGroup);
        if (!HasV1530) return;
        w.WritePreamble(false, 8, RrcBits.Bitmap(MasterCellGroup is not null, FullConfig, DedicatedNasMessages is not null, KeyUpdate is not null, false, false, false, false));
        if (MasterCellGroup is not null) w.WriteOctetString(MasterCellGroup);
        if (DedicatedNasMessages is not null) RrcBits.WriteList(w, DedicatedNasMessages, 1, RadioBearerConfig.MaxDrb, (x, m) => x.WriteOctetString(m));
        KeyUpdate?.Write(w);
    }
}

/// <summary>
/// ULInformationTransfer (UL-DCCH; no transaction identifier):
/// <code>ULInformationTransfer-IEs ::= SEQUENCE { dedicatedNAS-Message OCTET STRING OPTIONAL, lateNonCriticalExtension OPTIONAL, nonCriticalExtension OPTIONAL }</code>
/// </summary>
public sealed record UlInformationTransfer(byte[]? DedicatedNasMessage) : RrcMessage
{
    public override string Name => "ulInformationTransfer";

    public override RrcChannel Channel => RrcChannel.UlDcch;

    public static UlInformationTransfer? Read(PerReader r, RrcReadContext ctx)
    {
        if (!RrcFrame.ReadCriticalExtensions(r, ctx, "ULInformationTransfer")) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 3, out _), 3);
        var nas = o[0] ? r.ReadOctetString() : null;
        RrcFrame.ReadTail(r, ctx, o[1], o[2], "ULInformationTransfer-IEs");
        return new UlInformationTransfer(nas);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteCriticalExtensions(w);
        w.WritePreamble(false, 3, RrcBits.Bitmap(DedicatedNasMessage is not null, false, false));
        if (DedicatedNasMessage is not null) w.WriteOctetString(DedicatedNasMessage);
    }
}

/// <summary>
/// DLInformationTransfer (DL-DCCH):
/// <code>DLInformationTransfer-IEs ::= SEQUENCE { dedicatedNAS-Message OCTET STRING OPTIONAL, lateNonCriticalExtension OPTIONAL, nonCriticalExtension OPTIONAL }</code>
/// </summary>
public sealed record DlInformationTransfer(int TransactionId, byte[]? DedicatedNasMessage) : RrcMessage
{
    public override string Name => "dlInformationTransfer";

    public override RrcChannel Channel => RrcChannel.DlDcch;

    public static DlInformationTransfer? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "DLInformationTransfer") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 3, out _), 3);
        var nas = o[0] ? r.ReadOctetString() : null;
        RrcFrame.ReadTail(r, ctx, o[1], o[2], "DLInformationTransfer-IEs");
        return new DlInformationTransfer(tx, nas);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 3, RrcBits.Bitmap(DedicatedNasMessage is not null, false, false));
        if (DedicatedNasMessage is not null) w.WriteOctetString(DedicatedNasMessage);
    }
}
