using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// An SRB0 (CCCH) RRC message on the emulated air link, in the same Wireshark "PDCP-NR over UDP" framing as
/// <see cref="PdcpNrUdpFrame"/> (signature <c>pdcp-nr</c>, signalling plane) but with bearer type CCCH (4): SRB0
/// has no PDCP (TS 38.331 4.2.2), and for that bearer type Wireshark's PDCP-NR dissector hands the payload
/// straight to NR RRC (UL-CCCH for uplink, DL-CCCH for downlink). Layout:
/// <code>"pdcp-nr" | 1 | 0x02 12 | 0x03 direction | 0x04 4 | 0x06 UE id (2) | 0x01 RRC PDU</code>
/// The UE id is the C-RNTI the cell assigns (0 in the UE's first request).
/// The cell's broadcast (MIB on BCCH-BCH, SIB1 on BCCH-DL-SCH) travels in the same framing with Wireshark's bearer
/// types BCCH_BCH (2) and BCCH_DL_SCH (3) (<see cref="BearerType"/>; read with <see cref="ReadNonPdcp"/>).
/// </summary>
public sealed record AirCcchFrame(NrDirection Direction, ushort UeId, byte[] Rrc)
{
    /// <summary>Wireshark's bearer type CCCH in the PDCP-NR framing.</summary>
    public const byte BearerTypeCcch = 4;

    /// <summary>Wireshark's bearer type BCCH_BCH (the MIB) in the PDCP-NR framing.</summary>
    public const byte BearerTypeBcchBch = 2;

    /// <summary>Wireshark's bearer type BCCH_DL_SCH (SIB1 and other system information) in the PDCP-NR framing.</summary>
    public const byte BearerTypeBcchDlSch = 3;

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

    /// <summary>The largest CCCH frame read (an RRCSetup with its CellGroupConfig is well below).</summary>
    public const int MaxFrameLength = 2048;

    public byte[] Write()
    {
        var frame = new List<byte>(PdcpNrUdpFrame.Signature.Length + 12 + Rrc.Length);
        frame.AddRange(PdcpNrUdpFrame.Signature);
        frame.AddRange([1, 0x02, 12, 0x03, (byte)Direction, 0x04, BearerType, 0x06, (byte)(UeId >> 8), (byte)UeId, 0x01]);
        frame.AddRange(Rrc);
        return [.. frame];
    }

    /// <summary>Whether <paramref name="datagram"/> carries the PDCP-NR framing signature (CCCH or a PDCP PDU).</summary>
    public static bool IsAirLink(ReadOnlySpan<byte> datagram) => datagram.StartsWith(PdcpNrUdpFrame.Signature);

    /// <summary>
    /// Reads a CCCH frame; null when the frame is not one (another bearer type: a PDCP PDU for
    /// <see cref="PdcpNrUdpFrame.Read"/>, or malformed; then <paramref name="why"/> says so). Bounded.
    /// </summary>
    public static AirCcchFrame? Read(ReadOnlySpan<byte> datagram, out string? why)
    {
        var frame = ReadNonPdcp(datagram, out why);
        if (frame is null || frame.BearerType == BearerTypeCcch) return frame;
        why = "not a CCCH frame";
        return null;
    }

    /// <summary>
    /// Reads a frame without PDCP: CCCH (SRB0) or the cell's broadcast (BCCH_BCH, BCCH_DL_SCH); null otherwise, with
    /// <paramref name="why"/>. Bounded.
    /// </summary>
    public static AirCcchFrame? ReadNonPdcp(ReadOnlySpan<byte> datagram, out string? why)
    {
        why = null;
        if (datagram.Length > MaxFrameLength) { why = $"{datagram.Length} octets (more than {MaxFrameLength})"; return null; }
        if (!IsAirLink(datagram) || datagram.Length < PdcpNrUdpFrame.Signature.Length + 1) { why = "no pdcp-nr signature"; return null; }
        int? direction = null, bearerType = null;
        ushort ueId = 0;
        var offset = PdcpNrUdpFrame.Signature.Length + 1;
        while (offset < datagram.Length)
        {
            var tag = datagram[offset++];
            var need = tag switch { 0x01 or 0x07 or 0x0F or 0x11 => 0, 0x06 => 2, 0x02 or 0x03 or 0x04 or 0x05 or 0x10 => 1, _ => -1 };
            if (need < 0) { why = $"unknown tag 0x{tag:X2}"; return null; }
            if (offset + need > datagram.Length) { why = $"tag 0x{tag:X2} without its value"; return null; }
            switch (tag)
            {
                case 0x01:
                    if (bearerType is not (BearerTypeCcch or BearerTypeBcchBch or BearerTypeBcchDlSch)) { why = "not a CCCH frame"; return null; }
                    if (direction is not (0 or 1)) { why = $"direction {direction?.ToString() ?? "missing"}"; return null; }
                    return new AirCcchFrame((NrDirection)direction.Value, ueId, datagram[offset..].ToArray()) { BearerType = (byte)bearerType };
                case 0x03: direction = datagram[offset]; break;
                case 0x04: bearerType = datagram[offset]; break;
                case 0x06: ueId = (ushort)(datagram[offset] << 8 | datagram[offset + 1]); break;
            }
            offset += need;
        }
        why = "no payload tag";
        return null;
    }
}
