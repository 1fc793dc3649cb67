using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The UE simulator reads the cell's broadcast (TS 38.331 5.2.2.3: the MIB on BCCH-BCH, then SIB1 on BCCH-DL-SCH), which the
/// emulated air link carries in the RLC-NR-over-UDP framing (TM) with bearer types BCCH_BCH / BCCH_DL_SCH
/// (<see cref="AirCcchFrame.ReadNonPdcp"/>). Each PDU is decoded leniently (a malformed one is a step with its finding,
/// never an exception), kept (at most <see cref="MaxBroadcasts"/>) and recorded as a step like every other RRC message.
/// </summary>
public sealed partial class AirUe
{
    /// <summary>Broadcast PDUs kept at most (a cell that floods its broadcast gets no more).</summary>
    public const int MaxBroadcasts = 16;

    private readonly List<AirBroadcastPdu> broadcasts = [];

    /// <summary>The MIB and SIB1 PDUs received, in order.</summary>
    public CellBroadcast Broadcast => new([.. broadcasts]);

    /// <summary>Takes <paramref name="datagram"/> when it is a downlink broadcast frame; false otherwise.</summary>
    private bool ReceiveBroadcast(ReadOnlySpan<byte> datagram)
    {
        if (AirCcchFrame.ReadNonPdcp(datagram, out _) is not { Direction: NrDirection.Downlink, BroadcastChannel: { } channel } frame) return false;
        var decoded = RrcCodec.Decode(channel, frame.Rrc);
        Step(NrDirection.Downlink, channel == RrcChannel.BcchBch ? "BCCH-BCH" : "BCCH-DL-SCH", decoded.MessageName ?? "(undecodable)", null, "none (broadcast)",
            decoded.Findings.Count > 0 ? decoded.Findings[0].ToString() : "", (channel, frame.Rrc));
        if (broadcasts.Count < MaxBroadcasts) broadcasts.Add(new AirBroadcastPdu(frameAt, channel, frame.Rrc, decoded.Message, decoded.Findings));
        return true;
    }
}
