using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// An RRC message without PDCP on the emulated air link — SRB0 (CCCH) or the cell's broadcast (MIB on BCCH-BCH, SIB1 on
/// BCCH-DL-SCH) — in Wireshark's "RLC-NR over UDP" framing (its heuristic dissector rlc_nr_udp) as a transparent-mode RLC
/// PDU: SRB0 has no PDCP (TS 38.331 4.2.2) and its RLC entity, like the broadcast channels', is TM, which adds no header
/// (TS 38.322 4.2.1.1), so the RLC PDU is the RRC PDU itself. For a TM PDU Wireshark's RLC-NR dissector hands the payload to
/// NR RRC by bearer type: CCCH as DL-CCCH downlink, UL-CCCH uplink, UL-CCCH1 for an 8-octet uplink PDU (the 64-bit CCCH1
/// of TS 38.321 6.2.1 / TS 38.331 6.2.1); BCCH_BCH and BCCH_DL_SCH as the broadcast channels (tshark 4.0.17 checked). Layout:
/// <code>"rlc-nr" | mode 1 (TM) | SN length 0 | 0x02 direction | 0x03 UE id (2) | 0x04 bearer type | 0x01 RRC PDU</code>
/// The UE id is the C-RNTI the cell assigns (0 in the UE's first request and in broadcast). SRB1 and DRBs stay in the
/// PDCP-NR framing (<see cref="PdcpNrUdpFrame"/>); <see cref="IsAirLink"/> recognises both.
/// </summary>
public sealed record AirCcchFrame(NrDirection Direction, ushort UeId, byte[] Rrc)
{
    public static ReadOnlySpan<byte> Signature => "rlc-nr"u8;

    /// <summary>Wireshark's RLC mode TM and bearer type CCCH in the RLC-NR framing.</summary>
    public const byte ModeTransparent = 1;
    public const byte BearerTypeCcch = 1;

    /// <summary>Wireshark's bearer type BCCH_BCH (the MIB) in the RLC-NR framing.</summary>
    public const byte BearerTypeBcchBch = 2;

    /// <summary>Wireshark's bearer type BCCH_DL_SCH (SIB1 and other system information) in the RLC-NR framing.</summary>
    public const byte BearerTypeBcchDlSch = 6;

    private const byte PayloadTag = 0x01;
    private const byte DirectionTag = 0x02;
    private const byte UeIdTag = 0x03;
    private const byte BearerTypeTag = 0x04;
    private const byte BearerIdTag = 0x05;

    /// <summary>The size of a UL-CCCH1 message (RRCResumeRequest1): 64 bits.</summary>
    public const int UlCcch1Length = 8;

    /// <summary>The largest frame read (an RRCSetup with its CellGroupConfig, or a SIB1, is well below).</summary>
    public const int MaxFrameLength = 2048;

    /// <summary>The bearer type: CCCH (SRB0) unless the frame carries the cell's broadcast.</summary>
    public byte BearerType { get; init; } = BearerTypeCcch;

    /// <summary>The RRC logical channel of a broadcast frame (null for CCCH).</summary>
    public RrcChannel? BroadcastChannel => BearerType switch
    {
        BearerTypeBcchBch => RrcChannel.BcchBch,
        BearerTypeBcchDlSch => RrcChannel.BcchDlSch,
        _ => null,
    };

    /// <summary>A downlink broadcast frame carrying <paramref name="pdu"/> on <paramref name="channel"/> (BCCH-BCH or BCCH-DL-SCH; UE id 0).</summary>
    public static AirCcchFrame Broadcast(RrcChannel channel, byte[] pdu) => new(NrDirection.Downlink, 0, pdu)
    {
        BearerType = channel switch
        {
            RrcChannel.BcchBch => BearerTypeBcchBch,
            RrcChannel.BcchDlSch => BearerTypeBcchDlSch,
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "not a broadcast channel"),
        },
    };

    /// <summary>The logical channel of <see cref="Rrc"/>, as the receiving side and Wireshark tell it (bearer type, direction, and size on the uplink).</summary>
    public RrcChannel Channel => BroadcastChannel ?? (Direction == NrDirection.Downlink ? RrcChannel.DlCcch : Rrc.Length == UlCcch1Length ? RrcChannel.UlCcch1 : RrcChannel.UlCcch);

    public byte[] Write()
    {
        var frame = new byte[Signature.Length + 10 + Rrc.Length];
        Signature.CopyTo(frame);
        ReadOnlySpan<byte> fields = [ModeTransparent, 0, DirectionTag, (byte)Direction, UeIdTag, (byte)(UeId >> 8), (byte)UeId, BearerTypeTag, BearerType, PayloadTag];
        fields.CopyTo(frame.AsSpan(Signature.Length));
        Rrc.CopyTo(frame, Signature.Length + fields.Length);
        return frame;
    }

    /// <summary>The Wireshark framing <paramref name="datagram"/> is in, for a capture comment.</summary>
    public static string Framing(ReadOnlySpan<byte> datagram) => datagram.StartsWith(Signature) ? "RLC-NR over UDP, TM (SRB0 or broadcast)" : "PDCP-NR over UDP";

    /// <summary>Whether <paramref name="datagram"/> is on the air link's access stratum: SRB0 or broadcast in this framing, or a PDCP PDU in <see cref="PdcpNrUdpFrame"/>'s.</summary>
    public static bool IsAirLink(ReadOnlySpan<byte> datagram) => datagram.StartsWith(Signature) || datagram.StartsWith(PdcpNrUdpFrame.Signature);

    /// <summary>
    /// Reads a CCCH frame; null when the frame is not one (a PDCP PDU for <see cref="PdcpNrUdpFrame.Read"/>, broadcast, another
    /// RLC mode or bearer type, or malformed; then <paramref name="why"/> says so). Bounded.
    /// </summary>
    public static AirCcchFrame? Read(ReadOnlySpan<byte> datagram, out string? why)
    {
        var frame = ReadNonPdcp(datagram, out why);
        if (frame is null || frame.BearerType == BearerTypeCcch) return frame;
        why = $"bearer type {frame.BearerType}, not CCCH";
        return null;
    }

    /// <summary>
    /// Reads a frame without PDCP: CCCH (SRB0) or the cell's broadcast (BCCH_BCH, BCCH_DL_SCH); null otherwise, with
    /// <paramref name="why"/>. Bounded: nothing is copied from a frame over <see cref="MaxFrameLength"/>.
    /// </summary>
    public static AirCcchFrame? ReadNonPdcp(ReadOnlySpan<byte> datagram, out string? why)
    {
        why = null;
        if (datagram.Length > MaxFrameLength) { why = $"{datagram.Length} octets (more than {MaxFrameLength})"; return null; }
        if (!datagram.StartsWith(Signature) || datagram.Length < Signature.Length + 2) { why = "no rlc-nr signature, mode and SN length"; return null; }
        var mode = datagram[Signature.Length];
        if (mode != ModeTransparent) { why = $"RLC mode {mode}, not TM (SRB0 and broadcast are transparent mode)"; return null; }
        if (datagram[Signature.Length + 1] != 0) { why = $"SN length {datagram[Signature.Length + 1]} in a TM frame"; return null; }
        int? direction = null, bearerType = null;
        ushort ueId = 0;
        var offset = Signature.Length + 2;
        while (offset < datagram.Length)
        {
            var tag = datagram[offset++];
            var need = tag switch { PayloadTag => 0, UeIdTag => 2, DirectionTag or BearerTypeTag or BearerIdTag => 1, _ => -1 };
            if (need < 0) { why = $"unknown tag 0x{tag:X2}"; return null; }
            if (offset + need > datagram.Length) { why = $"tag 0x{tag:X2} without its value"; return null; }
            switch (tag)
            {
                case PayloadTag:
                    if (bearerType is not (BearerTypeCcch or BearerTypeBcchBch or BearerTypeBcchDlSch)) { why = $"bearer type {bearerType?.ToString() ?? "missing"}, not CCCH or broadcast"; return null; }
                    if (direction is not (0 or 1)) { why = $"direction {direction?.ToString() ?? "missing"}"; return null; }
                    return new AirCcchFrame((NrDirection)direction.Value, ueId, datagram[offset..].ToArray()) { BearerType = (byte)bearerType };
                case DirectionTag: direction = datagram[offset]; break;
                case BearerTypeTag: bearerType = datagram[offset]; break;
                case UeIdTag: ueId = (ushort)(datagram[offset] << 8 | datagram[offset + 1]); break;
            }
            offset += need;
        }
        why = "no payload tag";
        return null;
    }
}
