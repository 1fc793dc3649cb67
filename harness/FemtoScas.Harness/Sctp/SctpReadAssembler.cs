using System.Buffers.Binary;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// Joins the pieces usrsctp_recvv returns into whole messages and notifications: a piece without MSG_EOR is
/// continued by the next (RFC 6458 5.3.5, partial delivery). Bounded: past <c>maxBytes</c> the rest of that
/// message is discarded and one <see cref="SctpEventKind.Malformed"/> event says so; memory never grows beyond
/// the bound whatever the peer sends.
/// </summary>
internal sealed class SctpReadAssembler(int maxBytes)
{
    private const ushort UnorderedFlag = 0x0400;

    private readonly MemoryStream pending = new();
    private UsrSctpNative.RcvInfo info;
    private bool started;
    private bool isNotification;
    private bool overflow;

    /// <summary>
    /// Adds one piece; returns the message or event it completes (at most one of the two), or neither while the
    /// record continues.
    /// </summary>
    public (SctpMessage? Message, SctpAssociationEvent? Event) Add(ReadOnlySpan<byte> piece, bool notification, bool endOfRecord,
        in UsrSctpNative.RcvInfo rcvInfo)
    {
        if (!started)
        {
            started = true;
            info = rcvInfo;
            isNotification = notification;
        }

        if (!overflow && pending.Length + piece.Length > maxBytes)
        {
            overflow = true;
            pending.SetLength(0);
        }

        if (!overflow)
        {
            pending.Write(piece);
        }

        if (!endOfRecord)
        {
            return (null, null);
        }

        (SctpMessage?, SctpAssociationEvent?) done;
        if (overflow)
        {
            done = (null, new SctpAssociationEvent(SctpEventKind.Malformed, 0, 0, 0, 0, [],
                $"{(isNotification ? "notification" : $"message on stream {info.Sid}")} longer than {maxBytes} bytes dropped"));
        }
        else if (isNotification)
        {
            done = (null, SctpNotification.Read(pending.GetBuffer().AsSpan(0, (int)pending.Length)));
        }
        else
        {
            done = (new SctpMessage(info.Sid, BinaryPrimitives.ReverseEndianness(info.PpidNetworkOrder), pending.ToArray(),
                (info.Flags & UnorderedFlag) != 0), null);
        }

        pending.SetLength(0);
        started = false;
        overflow = false;
        return done;
    }
}
