using System.Buffers.Binary;

namespace FemtoScas.Harness.Sctp;

/// <summary>What happened to an association, as the stack reported it (RFC 6458 6.1).</summary>
public enum SctpEventKind
{
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_COMM_UP: the four-way handshake completed (RFC 9260 5.1).</summary>
    Up,
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_COMM_LOST without an ABORT chunk: retransmissions exhausted (RFC 9260 8.1).</summary>
    Lost,
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_COMM_LOST carrying the peer's ABORT chunk (RFC 9260 9.1).</summary>
    AbortReceived,
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_RESTART: the peer restarted the association (RFC 9260 5.2.4.1).</summary>
    Restart,
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_SHUTDOWN_COMP: graceful close finished (RFC 9260 9.2).</summary>
    ShutdownComplete,
    /// <summary>SCTP_ASSOC_CHANGE / SCTP_CANT_STR_ASSOC: set-up failed.</summary>
    CannotStart,
    /// <summary>SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no more data will arrive (RFC 6458 6.1.5).</summary>
    PeerShutdown,
    /// <summary>SCTP_REMOTE_ERROR: the peer sent an ERROR chunk (RFC 6458 6.1.3).</summary>
    RemoteError,
    /// <summary>SCTP_SEND_FAILED(_EVENT): data the harness sent could not be delivered.</summary>
    SendFailed,
    /// <summary>Another notification type; <see cref="SctpAssociationEvent.NotificationType"/> says which.</summary>
    Other,
    /// <summary>The notification bytes did not hold what their type promised; <see cref="SctpAssociationEvent.Detail"/> says why.</summary>
    Malformed,
}

/// <summary>
/// One association event. <see cref="ErrorCause"/> is sac_error/sre_error (an RFC 9260 3.3.10 cause code when the
/// peer gave one); <see cref="AbortCauses"/> lists the cause codes inside a received ABORT chunk.
/// </summary>
public sealed record SctpAssociationEvent(SctpEventKind Kind, ushort NotificationType, ushort ErrorCause,
    ushort OutboundStreams, ushort InboundStreams, IReadOnlyList<ushort> AbortCauses, string Detail)
{
    /// <summary>True when the association is gone after this event.</summary>
    public bool IsTerminal => Kind is SctpEventKind.Lost or SctpEventKind.AbortReceived or SctpEventKind.ShutdownComplete
        or SctpEventKind.CannotStart;

    public override string ToString() =>
        $"{Kind}{(ErrorCause != 0 ? $" cause {ErrorCause}" : "")}{(AbortCauses.Count > 0 ? $" abort causes [{string.Join(",", AbortCauses)}]" : "")}" +
        $"{(Kind is SctpEventKind.Up or SctpEventKind.Restart ? $" streams out {OutboundStreams} in {InboundStreams}" : "")}" +
        $"{(Detail.Length > 0 ? $": {Detail}" : "")}";
}

/// <summary>
/// Reader of the notification union usrsctp returns with MSG_NOTIFICATION (usrsctp.h, RFC 6458 6.1). The structs
/// are in host byte order (x86_64: little-endian); the ABORT chunk copied into sac_info is wire format
/// (big-endian). Lenient: any bytes give an event, never an exception; loops advance by at least four bytes.
/// <code>
///  0                   1                   2                   3
///  +---------------+---------------+-------------------------------+
///  | sn_type (u16)                 | sn_flags (u16)                |   header, every notification
///  | sn_length (u32)                                               |
///  +---------------------------------------------------------------+
///  sctp_assoc_change: state u16 @8, error u16 @10, outbound u16 @12, inbound u16 @14, assoc id u32 @16, sac_info @20
///  sctp_remote_error: error u16 @8, assoc id u32 @12, data @16
/// </code>
/// </summary>
internal static class SctpNotification
{
    internal const ushort AssocChange = 0x0001;
    internal const ushort RemoteErrorType = 0x0003;
    internal const ushort SendFailedType = 0x0004;
    internal const ushort ShutdownEventType = 0x0005;
    internal const ushort SendFailedEventType = 0x000e;

    private const int HeaderLength = 8;
    private const int AssocChangeLength = 20;
    private const byte AbortChunkType = 6;

    private static readonly ushort[] NoCauses = [];

    public static SctpAssociationEvent Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength)
        {
            return Malformed(0, $"notification of {bytes.Length} bytes is shorter than its 8-byte header");
        }

        var type = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (declared < HeaderLength || declared > bytes.Length)
        {
            return Malformed(type, $"sn_length {declared} does not fit the {bytes.Length} bytes received");
        }

        var body = bytes[..(int)declared];
        return type switch
        {
            AssocChange => ReadAssocChange(body),
            ShutdownEventType => Event(SctpEventKind.PeerShutdown, type, 0, "peer sent SHUTDOWN"),
            RemoteErrorType => body.Length >= 10
                ? Event(SctpEventKind.RemoteError, type, BinaryPrimitives.ReadUInt16LittleEndian(body[8..]), "peer sent an ERROR chunk")
                : Malformed(type, "sctp_remote_error shorter than 10 bytes"),
            SendFailedType or SendFailedEventType => Event(SctpEventKind.SendFailed, type, 0, "data could not be delivered"),
            _ => Event(SctpEventKind.Other, type, 0, $"notification type 0x{type:x4}"),
        };
    }

    private static SctpAssociationEvent ReadAssocChange(ReadOnlySpan<byte> body)
    {
        if (body.Length < AssocChangeLength)
        {
            return Malformed(AssocChange, $"sctp_assoc_change of {body.Length} bytes is shorter than 20");
        }

        var state = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]);
        var error = BinaryPrimitives.ReadUInt16LittleEndian(body[10..]);
        var outbound = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        var inbound = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        var info = body[AssocChangeLength..];
        switch (state)
        {
            case 0x0001:
                return new(SctpEventKind.Up, AssocChange, error, outbound, inbound, NoCauses, "");
            case 0x0003:
                return new(SctpEventKind.Restart, AssocChange, error, outbound, inbound, NoCauses, "peer restarted the association");
            case 0x0004:
                return new(SctpEventKind.ShutdownComplete, AssocChange, error, outbound, inbound, NoCauses, "");
            case 0x0002 or 0x0005:
                var kind = state == 0x0005 ? SctpEventKind.CannotStart : SctpEventKind.Lost;
                if (info.Length >= 4 && info[0] == AbortChunkType)
                {
                    var causes = ReadAbortCauses(info, out var note);
                    return new(state == 0x0005 ? SctpEventKind.CannotStart : SctpEventKind.AbortReceived, AssocChange, error, 0, 0, causes,
                        "peer sent ABORT" + note);
                }

                return new(kind, AssocChange, error, 0, 0, NoCauses, state == 0x0005 ? "association could not be started" : "association lost");
            default:
                return Malformed(AssocChange, $"unknown sac_state 0x{state:x4}");
        }
    }

    /// <summary>ABORT chunk (RFC 9260 3.3.7): type, flags, length (big-endian), then error causes (code, length) padded to 4.</summary>
    private static ushort[] ReadAbortCauses(ReadOnlySpan<byte> chunk, out string note)
    {
        note = "";
        int length = BinaryPrimitives.ReadUInt16BigEndian(chunk[2..]);
        if (length < 4 || length > chunk.Length)
        {
            note = $" (chunk length {length} does not fit {chunk.Length} bytes)";
            length = chunk.Length;
        }

        var causes = new List<ushort>();
        var offset = 4;
        while (offset + 4 <= length)
        {
            causes.Add(BinaryPrimitives.ReadUInt16BigEndian(chunk[offset..]));
            int causeLength = BinaryPrimitives.ReadUInt16BigEndian(chunk[(offset + 2)..]);
            if (causeLength < 4)
            {
                note = $" (error cause at offset {offset} has length {causeLength} < 4)";
                break;
            }

            offset += (causeLength + 3) & ~3;
        }

        return [.. causes];
    }

    private static SctpAssociationEvent Event(SctpEventKind kind, ushort type, ushort error, string detail) =>
        new(kind, type, error, 0, 0, NoCauses, detail);

    private static SctpAssociationEvent Malformed(ushort type, string detail) =>
        new(SctpEventKind.Malformed, type, 0, 0, 0, NoCauses, detail);
}
