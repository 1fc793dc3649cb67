using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// An SRB0 (CCCH) RRC message on the emulated air link, in Wireshark's "RLC-NR over UDP" framing (its heuristic dissector
/// rlc_nr_udp) as a transparent-mode RLC PDU: SRB0 has no PDCP (TS 38.331 4.2.2) and its RLC entity is TM, which adds no
/// header (TS 38.322 4.2.1.1), so the RLC PDU is the RRC PDU itself. For a TM PDU of bearer type CCCH Wireshark's RLC-NR
/// dissector hands the payload to NR RRC: DL-CCCH downlink, UL-CCCH uplink, UL-CCCH1 for an 8-octet uplink PDU (the 64-bit
/// CCCH1 of TS 38.321 6.2.1 / TS 38.331 6.2.1; tshark 4.0.17 checked). Layout:
/// <code>"rlc-nr" | mode 1 (TM) | SN length 0 | 0x02 direction | 0x03 UE id (2) | 0x04 bearer type 1 (CCCH) | 0x01 RRC PDU</code>
/// The UE id is the C-RNTI the cell assigns (0 in the UE's first request). SRB1 and DRBs stay in the PDCP-NR framing
/// (<see cref="PdcpNrUdpFrame"/>); <see cref="IsAirLink"/> recognises both.
/// </summary>
public sealed record AirCcchFrame(NrDirection Direction, ushort UeId, byte[] Rrc)
{
    public static ReadOnlySpan<byte> Signature => "rlc-nr"u8;

    /// <summary>Wireshark's RLC mode TM and bearer type CCCH in the RLC-NR framing.</summary>
    public const byte ModeTransparent = 1;
    public const byte BearerTypeCcch = 1;

    private const byte PayloadTag = 0x01;
    private const byte DirectionTag = 0x02;
    private const byte UeIdTag = 0x03;
    private const byte BearerTypeTag = 0x04;
    private const byte BearerIdTag = 0x05;

    /// <summary>The size of a UL-CCCH1 message (RRCResumeRequest1): 64 bits.</summary>
    public const int UlCcch1Length = 8;

    /// <summary>The largest CCCH frame read (an RRCSetup with its CellGroupConfig is well below).</summary>
    public const int MaxFrameLength = 2048;

    /// <summary>The logical channel of <see cref="Rrc"/>, as the receiving side and Wireshark tell it (direction, and size on the uplink).</summary>
    public RrcChannel Channel => Direction == NrDirection.Downlink ? RrcChannel.DlCcch : Rrc.Length == UlCcch1Length ? RrcChannel.UlCcch1 : RrcChannel.UlCcch;

    public byte[] Write()
    {
        var frame = new byte[Signature.Length + 10 + Rrc.Length];
        Signature.CopyTo(frame);
        ReadOnlySpan<byte> fields = [ModeTransparent, 0, DirectionTag, (byte)Direction, UeIdTag, (byte)(UeId >> 8), (byte)UeId, BearerTypeTag, BearerTypeCcch, PayloadTag];
        fields.CopyTo(frame.AsSpan(Signature.Length));
        Rrc.CopyTo(frame, Signature.Length + fields.Length);
        return frame;
    }

    /// <summary>The Wireshark framing <paramref name="datagram"/> is in, for a capture comment.</summary>
    public static string Framing(ReadOnlySpan<byte> datagram) => datagram.StartsWith(Signature) ? "RLC-NR over UDP, SRB0" : "PDCP-NR over UDP";

    /// <summary>Whether <paramref name="datagram"/> is on the air link's access stratum: SRB0 in this framing, or a PDCP PDU in <see cref="PdcpNrUdpFrame"/>'s.</summary>
    public static bool IsAirLink(ReadOnlySpan<byte> datagram) => datagram.StartsWith(Signature) || datagram.StartsWith(PdcpNrUdpFrame.Signature);

    /// <summary>
    /// Reads a CCCH frame; null when the frame is not one (a PDCP PDU for <see cref="PdcpNrUdpFrame.Read"/>, another RLC
    /// mode or bearer type, or malformed; then <paramref name="why"/> says so). Bounded: nothing is copied from a frame over
    /// <see cref="MaxFrameLength"/>.
    /// </summary>
    public static AirCcchFrame? Read(ReadOnlySpan<byte> datagram, out string? why)
    {
        why = null;
        if (datagram.Length > MaxFrameLength) { why = $"{datagram.Length} octets (more than {MaxFrameLength})"; return null; }
        if (!datagram.StartsWith(Signature) || datagram.Length < Signature.Length + 2) { why = "no rlc-nr signature, mode and SN length"; return null; }
        var mode = datagram[Signature.Length];
        if (mode != ModeTransparent) { why = $"RLC mode {mode}, not TM (SRB0 is transparent mode)"; return null; }
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
                    if (bearerType != BearerTypeCcch) { why = $"bearer type {bearerType?.ToString() ?? "missing"}, not CCCH"; return null; }
                    if (direction is not (0 or 1)) { why = $"direction {direction?.ToString() ?? "missing"}"; return null; }
                    return new AirCcchFrame((NrDirection)direction.Value, ueId, datagram[offset..].ToArray());
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
