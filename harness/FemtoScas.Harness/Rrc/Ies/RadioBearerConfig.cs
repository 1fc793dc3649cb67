using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Rrc.Ies;

/// <summary>
/// RadioBearerConfig (TS 38.331 6.3.2), the parts the AS security cases set:
/// <code>
/// RadioBearerConfig ::= SEQUENCE { srb-ToAddModList SEQUENCE (SIZE (1..2)) OF SRB-ToAddMod OPTIONAL,
///   srb3-ToRelease ENUMERATED {true} OPTIONAL, drb-ToAddModList SEQUENCE (SIZE (1..maxDRB)) OF DRB-ToAddMod OPTIONAL,
///   drb-ToReleaseList SEQUENCE (SIZE (1..maxDRB)) OF DRB-Identity OPTIONAL, securityConfig SecurityConfig OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record RadioBearerConfig(
    IReadOnlyList<SrbToAddMod>? Srbs = null,
    IReadOnlyList<DrbToAddMod>? Drbs = null,
    IReadOnlyList<int>? DrbsToRelease = null,
    SecurityConfig? Security = null,
    bool Srb3ToRelease = false)
{
    public const int MaxDrb = 29;

    public static RadioBearerConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 5, out var extended), 5);
        var srbs = o[0] ? RrcBits.ReadList(r, 1, 2, 3, x => SrbToAddMod.Read(x, ctx)) : null;
        var drbs = o[2] ? RrcBits.ReadList(r, 1, MaxDrb, 6, x => DrbToAddMod.Read(x, ctx)) : null;
        var release = o[3] ? RrcBits.ReadList(r, 1, MaxDrb, 5, x => (int)x.ReadConstrainedWholeNumber(1, 32)) : null;
        var security = o[4] ? SecurityConfig.Read(r, ctx) : null;
        ctx.SkipExtensions(r, extended, "RadioBearerConfig");
        return new RadioBearerConfig(srbs, drbs, release, security, o[1]);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 5, RrcBits.Bitmap(Srbs is not null, Srb3ToRelease, Drbs is not null, DrbsToRelease is not null, Security is not null));
        if (Srbs is not null) RrcBits.WriteList(w, Srbs, 1, 2, (x, s) => s.Write(x));
        if (Drbs is not null) RrcBits.WriteList(w, Drbs, 1, MaxDrb, (x, d) => d.Write(x));
        if (DrbsToRelease is not null) RrcBits.WriteList(w, DrbsToRelease, 1, MaxDrb, (x, id) => x.WriteConstrainedWholeNumber(id, 1, 32));
        Security?.Write(w);
    }
}

/// <summary>SRB-ToAddMod ::= SEQUENCE { srb-Identity INTEGER (1..3), reestablishPDCP ENUMERATED {true} OPTIONAL, discardOnPDCP ENUMERATED {true} OPTIONAL, pdcp-Config PDCP-Config OPTIONAL, ... }</summary>
public sealed record SrbToAddMod(int SrbIdentity, bool ReestablishPdcp = false, bool DiscardOnPdcp = false, PdcpConfig? Pdcp = null)
{
    public static SrbToAddMod Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 3, out var extended), 3);
        var id = (int)r.ReadConstrainedWholeNumber(1, 3);
        var pdcp = o[2] ? PdcpConfig.Read(r, ctx) : null;
        ctx.SkipExtensions(r, extended, "SRB-ToAddMod");
        return new SrbToAddMod(id, o[0], o[1], pdcp);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 3, RrcBits.Bitmap(ReestablishPdcp, DiscardOnPdcp, Pdcp is not null));
        w.WriteConstrainedWholeNumber(SrbIdentity, 1, 3);
        Pdcp?.Write(w);
    }
}

/// <summary>
/// DRB-ToAddMod ::= SEQUENCE { cnAssociation CHOICE { eps-BearerIdentity INTEGER (0..15), sdap-Config SDAP-Config } OPTIONAL,
/// drb-Identity INTEGER (1..32), reestablishPDCP ENUMERATED {true} OPTIONAL, recoverPDCP ENUMERATED {true} OPTIONAL,
/// pdcp-Config PDCP-Config OPTIONAL, ... }
/// </summary>
public sealed record DrbToAddMod(int DrbIdentity, SdapConfig? Sdap = null, PdcpConfig? Pdcp = null, bool ReestablishPdcp = false, bool RecoverPdcp = false, int? EpsBearerIdentity = null)
{
    public static DrbToAddMod Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 4, out var extended), 4);
        SdapConfig? sdap = null;
        int? eps = null;
        if (o[0])
        {
            if (r.ReadChoiceIndex(2, false) == 0)
            {
                eps = (int)r.ReadConstrainedWholeNumber(0, 15);
            }
            else
            {
                sdap = SdapConfig.Read(r, ctx);
            }
        }
        var id = (int)r.ReadConstrainedWholeNumber(1, 32);
        var pdcp = o[3] ? PdcpConfig.Read(r, ctx) : null;
        ctx.SkipExtensions(r, extended, "DRB-ToAddMod");
        return new DrbToAddMod(id, sdap, pdcp, o[1], o[2], eps);
    }

    public void Write(PerWriter w)
    {
        var cn = Sdap is not null || EpsBearerIdentity is not null;
        w.WritePreamble(true, 4, RrcBits.Bitmap(cn, ReestablishPdcp, RecoverPdcp, Pdcp is not null));
        if (EpsBearerIdentity is { } eps)
        {
            w.WriteChoiceIndex(0, 2, false);
            w.WriteConstrainedWholeNumber(eps, 0, 15);
        }
        else if (Sdap is not null)
        {
            w.WriteChoiceIndex(1, 2, false);
            Sdap.Write(w);
        }
        w.WriteConstrainedWholeNumber(DrbIdentity, 1, 32);
        Pdcp?.Write(w);
    }
}

/// <summary>
/// SDAP-Config ::= SEQUENCE { pdu-Session INTEGER (0..255), sdap-HeaderDL ENUMERATED {present, absent},
/// sdap-HeaderUL ENUMERATED {present, absent}, defaultDRB BOOLEAN, mappedQoS-FlowsToAdd SEQUENCE (SIZE (1..64)) OF QFI OPTIONAL,
/// mappedQoS-FlowsToRelease SEQUENCE (SIZE (1..64)) OF QFI OPTIONAL, ... } with QFI ::= INTEGER (0..63).
/// </summary>
public sealed record SdapConfig(int PduSession, bool HeaderDl, bool HeaderUl, bool DefaultDrb, IReadOnlyList<int>? QosFlowsToAdd = null, IReadOnlyList<int>? QosFlowsToRelease = null)
{
    public static SdapConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 2, out var extended), 2);
        var session = (int)r.ReadConstrainedWholeNumber(0, 255);
        var dl = r.ReadEnumerated(2, false) == 0;
        var ul = r.ReadEnumerated(2, false) == 0;
        var defaultDrb = r.ReadBit();
        var add = o[0] ? RrcBits.ReadList(r, 1, 64, 6, x => (int)x.ReadConstrainedWholeNumber(0, 63)) : null;
        var release = o[1] ? RrcBits.ReadList(r, 1, 64, 6, x => (int)x.ReadConstrainedWholeNumber(0, 63)) : null;
        ctx.SkipExtensions(r, extended, "SDAP-Config");
        return new SdapConfig(session, dl, ul, defaultDrb, add, release);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 2, RrcBits.Bitmap(QosFlowsToAdd is not null, QosFlowsToRelease is not null));
        w.WriteConstrainedWholeNumber(PduSession, 0, 255);
        w.WriteEnumerated(HeaderDl ? 0 : 1, 2, false);
        w.WriteEnumerated(HeaderUl ? 0 : 1, 2, false);
        w.WriteBit(DefaultDrb);
        if (QosFlowsToAdd is not null) RrcBits.WriteList(w, QosFlowsToAdd, 1, 64, (x, q) => x.WriteConstrainedWholeNumber(q, 0, 63));
        if (QosFlowsToRelease is not null) RrcBits.WriteList(w, QosFlowsToRelease, 1, 64, (x, q) => x.WriteConstrainedWholeNumber(q, 0, 63));
    }
}

/// <summary>PDCP-Config's <c>drb</c> SEQUENCE: the DRB's SN sizes, discard timer and the user-plane security switches.</summary>
public sealed record PdcpDrbConfig(int? DiscardTimerIndex = null, int? SnSizeUl = null, int? SnSizeDl = null, bool IntegrityProtection = false, bool StatusReportRequired = false, bool OutOfOrderDelivery = false);

/// <summary>
/// PDCP-Config (TS 38.331 6.3.2), its essentials:
/// <code>
/// PDCP-Config ::= SEQUENCE { drb SEQUENCE { discardTimer ENUMERATED {ms10 .. infinity} (16) OPTIONAL,
///     pdcp-SN-SizeUL ENUMERATED {len12bits, len18bits} OPTIONAL, pdcp-SN-SizeDL ENUMERATED {len12bits, len18bits} OPTIONAL,
///     headerCompression CHOICE { notUsed NULL, rohc ..., uplinkOnlyROHC ..., ... },
///     integrityProtection ENUMERATED {enabled} OPTIONAL, statusReportRequired ENUMERATED {true} OPTIONAL,
///     outOfOrderDelivery ENUMERATED {true} OPTIONAL } OPTIONAL,
///   moreThanOneRLC SEQUENCE {...} OPTIONAL, t-Reordering ENUMERATED {...} OPTIONAL, ...,
///   [[ cipheringDisabled ENUMERATED {true} OPTIONAL ]], ... }
/// </code>
/// t-Reordering is kept as its index (6 bits: the 64 values ms0 .. spare1); ROHC and moreThanOneRLC are not
/// decoded (a finding stops the decode there).
/// </summary>
public sealed record PdcpConfig(PdcpDrbConfig? Drb = null, bool CipheringDisabled = false, int? TReorderingIndex = null)
{
    public static PdcpConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 3, out var extended), 3);
        PdcpDrbConfig? drb = null;
        if (o[0])
        {
            var d = RrcBits.Optionals(r.ReadPreamble(false, 6, out _), 6);
            int? discard = d[0] ? (int)r.ReadConstrainedWholeNumber(0, 15) : null;
            int? ul = d[1] ? (r.ReadBit() ? 18 : 12) : null;
            int? dl = d[2] ? (r.ReadBit() ? 18 : 12) : null;
            if (r.ReadChoiceIndex(3, true) != 0)
            {
                ctx.NotDecoded(r, "PDCP-Config.drb.headerCompression other than notUsed");
            }
            drb = new PdcpDrbConfig(discard, ul, dl, d[3], d[4], d[5]);
        }
        if (o[1])
        {
            ctx.NotDecoded(r, "PDCP-Config.moreThanOneRLC");
        }
        int? tReordering = o[2] ? (int)r.ReadConstrainedWholeNumber(0, 63) : null;
        var cipheringDisabled = false;
        if (extended)
        {
            ctx.Extensions(r, "PDCP-Config", 1, (_, g) => cipheringDisabled = g.ReadBit());
        }
        return new PdcpConfig(drb, cipheringDisabled, tReordering);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 3, RrcBits.Bitmap(Drb is not null, false, TReorderingIndex is not null), extended: CipheringDisabled);
        if (Drb is { } d)
        {
            w.WritePreamble(false, 6, RrcBits.Bitmap(d.DiscardTimerIndex is not null, d.SnSizeUl is not null, d.SnSizeDl is not null, d.IntegrityProtection, d.StatusReportRequired, d.OutOfOrderDelivery));
            if (d.DiscardTimerIndex is { } t) w.WriteConstrainedWholeNumber(t, 0, 15);
            if (d.SnSizeUl is { } ul) w.WriteBit(SnSize(ul));
            if (d.SnSizeDl is { } dl) w.WriteBit(SnSize(dl));
            w.WriteChoiceIndex(0, 3, true); // headerCompression notUsed
        }
        if (TReorderingIndex is { } reordering) w.WriteConstrainedWholeNumber(reordering, 0, 63);
        if (CipheringDisabled)
        {
            // [[ cipheringDisabled ENUMERATED {true} OPTIONAL ]]: the group's own preamble bit, set.
            w.WriteExtensionAdditions([g => g.WriteBit(true)]);
        }
    }

    private static bool SnSize(int bits) => bits switch
    {
        12 => false,
        18 => true,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), $"PDCP SN size {bits}: 12 or 18"),
    };
}

/// <summary>
/// SecurityConfig ::= SEQUENCE { securityAlgorithmConfig SecurityAlgorithmConfig OPTIONAL, keyToUse ENUMERATED {master, secondary} OPTIONAL, ... }
/// </summary>
public sealed record SecurityConfig(SecurityAlgorithmConfig? Algorithms, bool? KeyToUseSecondary = null)
{
    public static SecurityConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = RrcBits.Optionals(r.ReadPreamble(true, 2, out var extended), 2);
        var algorithms = o[0] ? SecurityAlgorithmConfig.Read(r, ctx) : null;
        bool? key = o[1] ? r.ReadEnumerated(2, false) == 1 : null;
        ctx.SkipExtensions(r, extended, "SecurityConfig");
        return new SecurityConfig(algorithms, key);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 2, RrcBits.Bitmap(Algorithms is not null, KeyToUseSecondary is not null));
        Algorithms?.Write(w);
        if (KeyToUseSecondary is { } secondary) w.WriteEnumerated(secondary ? 1 : 0, 2, false);
    }
}

/// <summary>
/// SecurityAlgorithmConfig ::= SEQUENCE { cipheringAlgorithm CipheringAlgorithm, integrityProtAlgorithm IntegrityProtAlgorithm OPTIONAL, ... }
/// with CipheringAlgorithm ::= ENUMERATED { nea0, nea1, nea2, nea3, spare4, spare3, spare2, spare1, ... } and
/// IntegrityProtAlgorithm the same with nia0..nia3. A spare value decodes (as 4..7) with a finding.
/// </summary>
public sealed record SecurityAlgorithmConfig(NrEncryptionAlgorithm Ciphering, NrIntegrityAlgorithm? Integrity)
{
    public static SecurityAlgorithmConfig Read(PerReader r, RrcReadContext ctx)
    {
        var o = r.ReadPreamble(true, 1, out var extended);
        var nea = r.ReadEnumerated(8, true);
        if (nea > 3) ctx.Deviation(r, $"cipheringAlgorithm value {nea} is a spare value", "TS 38.331 6.3.2 CipheringAlgorithm");
        int? nia = o == 1 ? r.ReadEnumerated(8, true) : null;
        if (nia > 3) ctx.Deviation(r, $"integrityProtAlgorithm value {nia} is a spare value", "TS 38.331 6.3.2 IntegrityProtAlgorithm");
        ctx.SkipExtensions(r, extended, "SecurityAlgorithmConfig");
        return new SecurityAlgorithmConfig((NrEncryptionAlgorithm)Math.Min(nea, 255), nia is { } n ? (NrIntegrityAlgorithm)Math.Min(n, 255) : null);
    }

    public void Write(PerWriter w)
    {
        w.WritePreamble(true, 1, Integrity is null ? 0u : 1u);
        w.WriteEnumerated((int)Ciphering, 8, true);
        if (Integrity is { } nia) w.WriteEnumerated((int)nia, 8, true);
    }
}
