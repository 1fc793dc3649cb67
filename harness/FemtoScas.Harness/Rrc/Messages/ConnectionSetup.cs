using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc.Messages;

/// <summary>EstablishmentCause (TS 38.331 6.2.2), 16 values, the last six spare.</summary>
public enum EstablishmentCause
{
    Emergency, HighPriorityAccess, MtAccess, MoSignalling, MoData, MoVoiceCall, MoVideoCall, MoSms, MpsPriorityAccess, McsPriorityAccess,
}

/// <summary>
/// RRCSetupRequest (UL-CCCH), 48 bits:
/// <code>
/// RRCSetupRequest ::= SEQUENCE { rrcSetupRequest RRCSetupRequest-IEs }
/// RRCSetupRequest-IEs ::= SEQUENCE { ue-Identity InitialUE-Identity, establishmentCause EstablishmentCause, spare BIT STRING (SIZE (1)) }
/// InitialUE-Identity ::= CHOICE { ng-5G-S-TMSI-Part1 BIT STRING (SIZE (39)), randomValue BIT STRING (SIZE (39)) }
/// </code>
/// </summary>
public sealed record RrcSetupRequest(ulong UeIdentity, bool IsRandomValue, EstablishmentCause Cause) : RrcMessage
{
    public override string Name => "rrcSetupRequest";

    public override RrcChannel Channel => RrcChannel.UlCcch;

    public static RrcSetupRequest Read(PerReader r, RrcReadContext ctx)
    {
        var random = r.ReadChoiceIndex(2, false) == 1;
        var identity = RrcBits.Read(r, 39);
        var cause = r.ReadEnumerated(16, false);
        if (cause > (int)EstablishmentCause.McsPriorityAccess) ctx.Deviation(r, $"establishmentCause {cause} is a spare value", "TS 38.331 6.2.2 EstablishmentCause");
        r.ReadBits(1);
        return new RrcSetupRequest(identity, random, (EstablishmentCause)cause);
    }

    public override void WriteBody(PerWriter w)
    {
        w.WriteChoiceIndex(IsRandomValue ? 1 : 0, 2, false);
        RrcBits.Write(w, UeIdentity, 39);
        w.WriteEnumerated((int)Cause, 16, false);
        w.WriteBit(false);
    }
}

/// <summary>
/// RRCSetup (DL-CCCH):
/// <code>
/// RRCSetup ::= SEQUENCE { rrc-TransactionIdentifier, criticalExtensions CHOICE { rrcSetup RRCSetup-IEs, criticalExtensionsFuture SEQUENCE {} } }
/// RRCSetup-IEs ::= SEQUENCE { radioBearerConfig RadioBearerConfig, masterCellGroup OCTET STRING (CONTAINING CellGroupConfig),
///   lateNonCriticalExtension OCTET STRING OPTIONAL, nonCriticalExtension ... OPTIONAL }
/// </code>
/// <see cref="MasterCellGroup"/> is kept as octets (<see cref="CellGroupConfigOctets.Minimal"/> writes the smallest valid one).
/// </summary>
public sealed record RrcSetup(int TransactionId, RadioBearerConfig RadioBearers, byte[] MasterCellGroup) : RrcMessage
{
    public override string Name => "rrcSetup";

    public override RrcChannel Channel => RrcChannel.DlCcch;

    public static RrcSetup? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCSetup") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 2, out _), 2);
        var rbc = RadioBearerConfig.Read(r, ctx);
        var mcg = r.ReadOctetString();
        RrcFrame.ReadTail(r, ctx, o[0], o[1], "RRCSetup-IEs");
        return new RrcSetup(tx, rbc, mcg);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 2, 0);
        RadioBearers.Write(w);
        w.WriteOctetString(MasterCellGroup);
    }
}

/// <summary>CellGroupConfig (TS 38.331 6.3.2) carried as octets inside RRCSetup, RRCReconfiguration and RRCResume.</summary>
public static class CellGroupConfigOctets
{
    /// <summary>
    /// The smallest CellGroupConfig: extension bit 0, none of its seven OPTIONALs, cellGroupId
    /// INTEGER (0..3) = 0 in 2 bits; a real gNB adds RLC bearers, MAC and PHY configuration, which
    /// an emulated air link does not need.
    /// </summary>
    public static byte[] Minimal()
    {
        var w = new PerWriter(PerVariant.Unaligned);
        w.WritePreamble(true, 7, 0);
        w.WriteConstrainedWholeNumber(0, 0, 3);
        return w.ToArray();
    }
}

/// <summary>S-NSSAI ::= CHOICE { sst BIT STRING (SIZE (8)), sst-SD BIT STRING (SIZE (32)) }</summary>
public sealed record RrcSNssai(byte Sst, uint? Sd = null)
{
    public static RrcSNssai Read(PerReader r)
    {
        if (r.ReadChoiceIndex(2, false) == 0) return new RrcSNssai((byte)RrcBits.Read(r, 8));
        var v = RrcBits.Read(r, 32);
        return new RrcSNssai((byte)(v >> 24), (uint)(v & 0xFFFFFF));
    }

    public void Write(PerWriter w)
    {
        w.WriteChoiceIndex(Sd is null ? 0 : 1, 2, false);
        if (Sd is { } sd) RrcBits.Write(w, (ulong)Sst << 24 | sd, 32);
        else RrcBits.Write(w, Sst, 8);
    }
}

/// <summary>
/// RRCSetupComplete (UL-DCCH):
/// <code>
/// RRCSetupComplete-IEs ::= SEQUENCE { selectedPLMN-Identity INTEGER (1..maxPLMN),
///   registeredAMF SEQUENCE { plmn-Identity PLMN-Identity OPTIONAL, amf-Identifier BIT STRING (SIZE (24)) } OPTIONAL,
///   guami-Type ENUMERATED {native, mapped} OPTIONAL, s-NSSAI-List SEQUENCE (SIZE (1..maxNrofS-NSSAI)) OF S-NSSAI OPTIONAL,
///   dedicatedNAS-Message OCTET STRING, ng-5G-S-TMSI-Value CHOICE { ng-5G-S-TMSI BIT STRING (SIZE (48)),
///   ng-5G-S-TMSI-Part2 BIT STRING (SIZE (9)) } OPTIONAL, lateNonCriticalExtension OPTIONAL, nonCriticalExtension OPTIONAL }
/// </code>
/// </summary>
public sealed record RrcSetupComplete(int TransactionId, int SelectedPlmnIdentity, byte[] DedicatedNasMessage,
    uint? RegisteredAmfIdentifier = null, IReadOnlyList<RrcSNssai>? SNssais = null, ulong? Ng5GSTmsi = null, ulong? Ng5GSTmsiPart2 = null) : RrcMessage
{
    public override string Name => "rrcSetupComplete";

    public override RrcChannel Channel => RrcChannel.UlDcch;

    public static RrcSetupComplete? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "RRCSetupComplete") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 6, out _), 6);
        var plmn = (int)r.ReadConstrainedWholeNumber(1, 12);
        uint? amf = null;
        if (o[0])
        {
            if (r.ReadBits(1) == 1) RrcPlmnIdentity.Read(r);
            amf = (uint)RrcBits.Read(r, 24);
        }
        if (o[1]) r.ReadEnumerated(2, false);
        var nssai = o[2] ? RrcBits.ReadList(r, 1, 8, 9, RrcSNssai.Read) : null;
        var nas = r.ReadOctetString();
        ulong? tmsi = null, part2 = null;
        if (o[3])
        {
            if (r.ReadChoiceIndex(2, false) == 0) tmsi = RrcBits.Read(r, 48);
            else part2 = RrcBits.Read(r, 9);
        }
        RrcFrame.ReadTail(r, ctx, o[4], o[5], "RRCSetupComplete-IEs");
        return new RrcSetupComplete(tx, plmn, nas, amf, nssai, tmsi, part2);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 6, RrcBits.Bitmap(RegisteredAmfIdentifier is not null, false, SNssais is not null, Ng5GSTmsi is not null || Ng5GSTmsiPart2 is not null, false, false));
        w.WriteConstrainedWholeNumber(SelectedPlmnIdentity, 1, 12);
        if (RegisteredAmfIdentifier is { } amf)
        {
            w.WriteBit(false);
            RrcBits.Write(w, amf, 24);
        }
        if (SNssais is not null) RrcBits.WriteList(w, SNssais, 1, 8, (x, s) => s.Write(x));
        w.WriteOctetString(DedicatedNasMessage);
        if (Ng5GSTmsi is { } tmsi)
        {
            w.WriteChoiceIndex(0, 2, false);
            RrcBits.Write(w, tmsi, 48);
        }
        else if (Ng5GSTmsiPart2 is { } part2)
        {
            w.WriteChoiceIndex(1, 2, false);
            RrcBits.Write(w, part2, 9);
        }
    }
}
