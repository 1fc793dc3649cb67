using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Rrc.InterNode;

/// <summary>What decoding an inter-node RRC message gave: the message (null when it did not decode) and the findings.</summary>
public sealed record InterNodeDecodeResult<T>(T? Message, IReadOnlyList<RrcFinding> Findings) where T : class
{
    public bool Clean => Message is not null && Findings.Count == 0;
}

/// <summary>
/// TS 38.331 11.2.2 HandoverCommand, the inter-node message the target gNB returns in the Target to Source Transparent
/// Container (TS 38.413 9.3.1.30) and the source sends on to the UE as an RRCReconfiguration. UNALIGNED PER:
/// <code>
/// HandoverCommand ::= SEQUENCE { criticalExtensions CHOICE { c1 CHOICE { handoverCommand HandoverCommand-IEs, spare3 NULL,
///     spare2 NULL, spare1 NULL }, criticalExtensionsFuture SEQUENCE {} } }
/// HandoverCommand-IEs ::= SEQUENCE { handoverCommandMessage OCTET STRING (CONTAINING RRCReconfiguration),
///     nonCriticalExtension SEQUENCE {} OPTIONAL }
/// </code>
/// The contained RRCReconfiguration is the bare type (no DL-DCCH-Message around it).
/// </summary>
public sealed record HandoverCommand(RrcReconfiguration Reconfiguration)
{
    /// <summary>The dissector tshark 4.0 registers for it (an exported PDU's dissector-name tag).</summary>
    public const string WiresharkDissector = "nr-rrc.handovercommand_msg";

    public byte[] Encode()
    {
        var w = new PerWriter(PerVariant.Unaligned);
        w.WriteChoiceIndex(0, 2, false);              // c1
        w.WriteChoiceIndex(0, 4, false);              // handoverCommand
        w.WritePreamble(false, 1, 0);                 // nonCriticalExtension absent
        w.WriteOctetString(InterNodeRrc.EncodeBare(Reconfiguration));
        return w.ToArray();
    }

    /// <summary>Decodes a HandoverCommand; never throws on input (findings instead).</summary>
    public static InterNodeDecodeResult<HandoverCommand> Decode(byte[] pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var ctx = new RrcReadContext();
        var r = new PerReader(pdu, PerVariant.Unaligned);
        if (!InterNodeRrc.ReadC1(r, ctx, "HandoverCommand")) return new(null, ctx.Findings);
        r.ReadPreamble(false, 1, out _);            // a nonCriticalExtension is an empty SEQUENCE: no bits follow
        var inner = r.ReadOctetString();
        if (!r.Ok) return new(null, [.. ctx.Findings, InterNodeRrc.Failure(r, "HandoverCommand")]);
        var reconfiguration = InterNodeRrc.DecodeBare(inner, ctx, "HandoverCommand.handoverCommandMessage");
        return new(reconfiguration is null ? null : new HandoverCommand(reconfiguration), ctx.Findings);
    }
}

/// <summary>
/// TS 38.331 11.2.2 HandoverPreparationInformation, the inter-node message the source gNB puts in the Source to Target
/// Transparent Container (TS 38.413 9.3.1.29): the UE's capabilities and the source's AS configuration. UNALIGNED PER:
/// <code>
/// HandoverPreparationInformation ::= SEQUENCE { criticalExtensions CHOICE { c1 CHOICE { handoverPreparationInformation
///     HandoverPreparationInformation-IEs, spare3 NULL, spare2 NULL, spare1 NULL }, criticalExtensionsFuture SEQUENCE {} } }
/// HandoverPreparationInformation-IEs ::= SEQUENCE { ue-CapabilityRAT-List UE-CapabilityRAT-ContainerList,
///     sourceConfig AS-Config OPTIONAL, rrm-Config RRM-Config OPTIONAL, as-Context AS-Context OPTIONAL,
///     nonCriticalExtension SEQUENCE {} OPTIONAL }
/// UE-CapabilityRAT-ContainerList ::= SEQUENCE (SIZE (0..maxRAT-CapabilityContainers = 8)) OF UE-CapabilityRAT-Container
/// UE-CapabilityRAT-Container ::= SEQUENCE { rat-Type RAT-Type, ue-CapabilityRAT-Container OCTET STRING }
/// RAT-Type ::= ENUMERATED { nr, eutra-nr, eutra, utra-fdd-v1610, ... }
/// AS-Config ::= SEQUENCE { rrcReconfiguration OCTET STRING (CONTAINING RRCReconfiguration), ..., [[ ... ]], [[ ... ]] }
/// </code>
/// The harness writes no UE capability; its source configuration is the RRCReconfiguration a source cell would have
/// given the UE (with the source's securityConfig). rrm-Config and as-Context are not decoded (a finding names them).
/// </summary>
public sealed record HandoverPreparationInformation(RrcReconfiguration? SourceConfig, int UeCapabilityContainers = 0)
{
    public const int MaxRatCapabilityContainers = 8;

    /// <summary>The dissector tshark 4.0 registers for it.</summary>
    public const string WiresharkDissector = "nr-rrc.handoverpreparationinformation_msg";

    public byte[] Encode()
    {
        var w = new PerWriter(PerVariant.Unaligned);
        w.WriteChoiceIndex(0, 2, false);                                  // c1
        w.WriteChoiceIndex(0, 4, false);                                  // handoverPreparationInformation
        w.WritePreamble(false, 4, RrcBits.Bitmap(SourceConfig is not null, false, false, false));
        w.WriteCount(0, 0, MaxRatCapabilityContainers);                   // no UE capability written
        if (SourceConfig is not null)
        {
            w.WritePreamble(true, 0, 0);                                  // AS-Config: no extension addition
            w.WriteOctetString(InterNodeRrc.EncodeBare(SourceConfig));
        }
        return w.ToArray();
    }

    /// <summary>Decodes a HandoverPreparationInformation; never throws on input (findings instead).</summary>
    public static InterNodeDecodeResult<HandoverPreparationInformation> Decode(byte[] pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var ctx = new RrcReadContext();
        var r = new PerReader(pdu, PerVariant.Unaligned);
        if (!InterNodeRrc.ReadC1(r, ctx, "HandoverPreparationInformation")) return new(null, ctx.Findings);
        var o = RrcBits.Optionals(r.ReadPreamble(false, 4, out _), 4);
        // Each container is at least 2 bits of RAT-Type and an 8-bit length.
        var containers = RrcBits.ReadList(r, 0, MaxRatCapabilityContainers, 10, x =>
        {
            x.ReadEnumerated(4, true);
            x.ReadOctetString();
            return 0;
        }).Count;
        RrcReconfiguration? source = null;
        if (o[0] && r.Ok)
        {
            r.ReadPreamble(true, 0, out var extended);
            var inner = r.ReadOctetString();
            if (r.Ok) source = InterNodeRrc.DecodeBare(inner, ctx, "HandoverPreparationInformation.sourceConfig.rrcReconfiguration");
            if (extended && r.Ok) ctx.Extensions(r, "AS-Config", 0, static (_, _) => { });
        }
        if (!r.Ok) return new(null, [.. ctx.Findings, InterNodeRrc.Failure(r, "HandoverPreparationInformation")]);
        if (o[1] || o[2])
            ctx.Findings.Add(new RrcFinding(RrcFindingKind.NotDecoded, r.BitOffset, $"HandoverPreparationInformation-IEs: {(o[1] ? "rrm-Config" : "as-Context")} present, not decoded by this harness; later fields not read", "harness scope"));
        return new(new HandoverPreparationInformation(source, containers), ctx.Findings);
    }
}

/// <summary>
/// A CellGroupConfig (TS 38.331 6.3.2) whose SpCellConfig carries a reconfigurationWithSync, the part that makes an
/// RRCReconfiguration a handover (TS 38.331 5.3.5.5.2). No other field (a real gNB adds RLC bearers, MAC and PHY
/// configuration and the target's ServingCellConfigCommon, which an emulated air link does not need):
/// <code>
/// CellGroupConfig ::= SEQUENCE { cellGroupId CellGroupId, rlc-BearerToAddModList OPTIONAL, rlc-BearerToReleaseList OPTIONAL,
///     mac-CellGroupConfig OPTIONAL, physicalCellGroupConfig OPTIONAL, spCellConfig SpCellConfig OPTIONAL,
///     sCellToAddModList OPTIONAL, sCellToReleaseList OPTIONAL, ..., ... }          -- CellGroupId ::= INTEGER (0..3)
/// SpCellConfig ::= SEQUENCE { servCellIndex ServCellIndex OPTIONAL, reconfigurationWithSync ReconfigurationWithSync OPTIONAL,
///     rlf-TimersAndConstants OPTIONAL, rlmInSyncOutOfSyncThreshold OPTIONAL, spCellConfigDedicated OPTIONAL, ... }
/// ReconfigurationWithSync ::= SEQUENCE { spCellConfigCommon ServingCellConfigCommon OPTIONAL, newUE-Identity RNTI-Value,
///     t304 ENUMERATED {ms50, ms100, ms150, ms200, ms500, ms1000, ms2000, ms10000}, rach-ConfigDedicated CHOICE {...} OPTIONAL, ..., ... }
/// </code>
/// </summary>
public sealed record ReconfigurationWithSync(int NewUeIdentity, int T304Index = 5)
{
    public static readonly IReadOnlyList<string> T304Names = ["ms50", "ms100", "ms150", "ms200", "ms500", "ms1000", "ms2000", "ms10000"];

    public string T304 => T304Index is >= 0 and < 8 ? T304Names[T304Index] : $"value {T304Index}";

    /// <summary>The CellGroupConfig octets (cellGroupId 0) carrying this reconfigurationWithSync.</summary>
    public byte[] CellGroupConfig()
    {
        var w = new PerWriter(PerVariant.Unaligned);
        w.WritePreamble(true, 7, RrcBits.Bitmap(false, false, false, false, true, false, false));
        w.WriteConstrainedWholeNumber(0, 0, 3);
        w.WritePreamble(true, 5, RrcBits.Bitmap(false, true, false, false, false));   // SpCellConfig
        w.WritePreamble(true, 2, 0);                                                    // ReconfigurationWithSync
        w.WriteConstrainedWholeNumber(NewUeIdentity, 0, 65535);
        w.WriteEnumerated(T304Index, 8, false);
        return w.ToArray();
    }

    /// <summary>
    /// The reconfigurationWithSync of a CellGroupConfig, or null (none, or not reachable: a finding names what stood before
    /// it). Reads no further than that field; never throws on input.
    /// </summary>
    public static ReconfigurationWithSync? FromCellGroupConfig(byte[] cellGroupConfig, List<RrcFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(cellGroupConfig);
        ArgumentNullException.ThrowIfNull(findings);
        var r = new PerReader(cellGroupConfig, PerVariant.Unaligned);
        var o = RrcBits.Optionals(r.ReadPreamble(true, 7, out _), 7);
        r.ReadConstrainedWholeNumber(0, 3);
        if (r.Ok && (o[0] || o[1] || o[2] || o[3]))
        {
            findings.Add(new RrcFinding(RrcFindingKind.NotDecoded, r.BitOffset, "CellGroupConfig: RLC bearer, MAC or physical cell group configuration before spCellConfig, not decoded by this harness; reconfigurationWithSync not read", "harness scope"));
            return null;
        }
        if (!r.Ok || !o[4]) return Done(r, findings, null);
        var s = RrcBits.Optionals(r.ReadPreamble(true, 5, out _), 5);
        if (s[0]) r.ReadConstrainedWholeNumber(0, 31);
        if (!s[1]) return Done(r, findings, null);
        var w = RrcBits.Optionals(r.ReadPreamble(true, 2, out _), 2);
        if (r.Ok && w[0])
        {
            findings.Add(new RrcFinding(RrcFindingKind.NotDecoded, r.BitOffset, "ReconfigurationWithSync.spCellConfigCommon present, not decoded by this harness; newUE-Identity and t304 not read", "harness scope"));
            return new ReconfigurationWithSync(-1, -1);
        }
        var rnti = (int)r.ReadConstrainedWholeNumber(0, 65535);
        var t304 = r.ReadEnumerated(8, false);
        return Done(r, findings, new ReconfigurationWithSync(rnti, t304));
    }

    private static ReconfigurationWithSync? Done(PerReader r, List<RrcFinding> findings, ReconfigurationWithSync? value)
    {
        if (r.Ok) return value;
        findings.Add(InterNodeRrc.Failure(r, "CellGroupConfig"));
        return null;
    }
}

/// <summary>The shared framing of the inter-node messages: the bare RRCReconfiguration inside them and their c1 CHOICE.</summary>
public static class InterNodeRrc
{
    /// <summary>An RRCReconfiguration as the bare type (rrc-TransactionIdentifier first), as inter-node containers carry it.</summary>
    public static byte[] EncodeBare(RrcReconfiguration reconfiguration)
    {
        ArgumentNullException.ThrowIfNull(reconfiguration);
        var w = new PerWriter(PerVariant.Unaligned);
        reconfiguration.WriteBody(w);
        return w.ToArray();
    }

    /// <summary>Decodes a bare RRCReconfiguration into <paramref name="ctx"/>'s findings (prefixed with <paramref name="where"/>).</summary>
    public static RrcReconfiguration? DecodeBare(byte[] octets, RrcReadContext ctx, string where)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var inner = new RrcReadContext();
        var r = new PerReader(octets, PerVariant.Unaligned);
        var message = RrcReconfiguration.Read(r, inner);
        foreach (var f in inner.Findings) ctx.Findings.Add(f with { What = $"{where}: {f.What}" });
        if (inner.Stopped) return message;
        if (!r.Ok)
        {
            ctx.Findings.Add(Failure(r, where));
            return null;
        }
        if (!r.AtEnd) ctx.Findings.Add(new RrcFinding(RrcFindingKind.Deviation, r.BitOffset, $"{where}: {r.RemainingBits / 8} octets after the RRCReconfiguration", RrcReadContext.TransferSyntax));
        return message;
    }

    /// <summary>criticalExtensions c1 and its first alternative; false with a finding otherwise.</summary>
    internal static bool ReadC1(PerReader r, RrcReadContext ctx, string message)
    {
        if (r.ReadChoiceIndex(2, false) == 1)
        {
            ctx.NotDecoded(r, $"{message}: criticalExtensionsFuture (a later release's message version)");
            return false;
        }
        var index = r.ReadChoiceIndex(4, false);
        if (!r.Ok)
        {
            ctx.Findings.Add(Failure(r, message));
            return false;
        }
        if (index == 0) return true;
        ctx.Findings.Add(new RrcFinding(RrcFindingKind.Deviation, r.BitOffset, $"{message}: spare alternative {4 - index} of criticalExtensions c1", "TS 38.331 11.2.2"));
        return false;
    }

    internal static RrcFinding Failure(PerReader r, string what) =>
        new(r.Failure!.Kind == PerFailureKind.Unsupported ? RrcFindingKind.NotDecoded : RrcFindingKind.Deviation, r.Failure.BitOffset,
            $"{what} does not decode: {r.Failure.Kind}: {r.Failure.Detail}", RrcReadContext.TransferSyntax);
}
