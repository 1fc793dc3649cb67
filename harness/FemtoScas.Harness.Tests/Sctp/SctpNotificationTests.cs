using System.Buffers.Binary;
using System.Diagnostics;
using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>
/// The notification reader over hand-built structs laid out as usrsctp.h declares them (host order) with the
/// ABORT chunk in wire order (RFC 9260 3.3.7), then over hostile bytes.
/// </summary>
[TestFixture]
public sealed class SctpNotificationTests
{
    private static byte[] AssocChange(ushort state, ushort error, ushort outbound, ushort inbound, byte[]? info = null)
    {
        info ??= [];
        var bytes = new byte[20 + info.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0x0001);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), state);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), error);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), outbound);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(14), inbound);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 7);
        info.CopyTo(bytes, 20);
        return bytes;
    }

    [Test]
    public void Comm_up_restart_and_shutdown_complete_are_read_with_their_stream_counts()
    {
        var up = SctpNotification.Read(AssocChange(0x0001, 0, 10, 5));
        Assert.That((up.Kind, up.OutboundStreams, up.InboundStreams), Is.EqualTo((SctpEventKind.Up, (ushort)10, (ushort)5)));
        Assert.That(SctpNotification.Read(AssocChange(0x0003, 0, 2, 2)).Kind, Is.EqualTo(SctpEventKind.Restart));
        Assert.That(SctpNotification.Read(AssocChange(0x0004, 0, 0, 0)).Kind, Is.EqualTo(SctpEventKind.ShutdownComplete));
        Assert.That(SctpNotification.Read(AssocChange(0x0005, 0, 0, 0)).Kind, Is.EqualTo(SctpEventKind.CannotStart));
    }

    [Test]
    public void Comm_lost_with_an_abort_chunk_is_an_abort_received_with_its_causes()
    {
        // ABORT, flags 0, length 12: one cause, User-Initiated Abort (12, RFC 9260 3.3.10.12) of length 4, then
        // Protocol Violation (13) of length 4.
        byte[] abort = [0x06, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00, 0x04, 0x00, 0x0d, 0x00, 0x04];
        var e = SctpNotification.Read(AssocChange(0x0002, 12, 0, 0, abort));
        Assert.That(e.Kind, Is.EqualTo(SctpEventKind.AbortReceived));
        Assert.That(e.AbortCauses, Is.EqualTo(new ushort[] { 12, 13 }));
        Assert.That(e.IsTerminal);
        var lost = SctpNotification.Read(AssocChange(0x0002, 0, 0, 0));
        Assert.That(lost.Kind, Is.EqualTo(SctpEventKind.Lost), "no ABORT chunk: retransmissions ran out");
    }

    [Test]
    public void Lengths_that_do_not_fit_give_malformed_events_not_exceptions()
    {
        Assert.That(SctpNotification.Read([1, 0, 0]).Kind, Is.EqualTo(SctpEventKind.Malformed));
        var claimsMore = AssocChange(0x0001, 0, 1, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(claimsMore.AsSpan(4), 4000);
        Assert.That(SctpNotification.Read(claimsMore).Kind, Is.EqualTo(SctpEventKind.Malformed));
        byte[] zeroCause = [0x06, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00, 0x00, 0, 0, 0, 0];
        var e = SctpNotification.Read(AssocChange(0x0002, 0, 0, 0, zeroCause));
        Assert.That(e.Kind, Is.EqualTo(SctpEventKind.AbortReceived));
        Assert.That(e.Detail, Does.Contain("length 0"));
    }

    [Test]
    public void A_mebibyte_of_garbage_is_read_quickly_in_every_slice()
    {
        var garbage = new byte[1 << 20];
        new Random(132).NextBytes(garbage);
        var watch = Stopwatch.StartNew();
        var count = 0;
        for (var offset = 0; offset + 64 <= garbage.Length; offset += 61)
        {
            var slice = garbage.AsSpan(offset, 64).ToArray();
            // Make about half of them claim to be an assoc change that fits, so the inner paths run too.
            if ((offset & 1) == 0)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(slice, 0x0001);
                BinaryPrimitives.WriteUInt32LittleEndian(slice.AsSpan(4), 64);
                slice[9] = 0;
                slice[8] = (byte)(offset % 6);
                slice[20] = 6;
            }

            _ = SctpNotification.Read(slice).ToString();
            count++;
        }

        _ = SctpNotification.Read(garbage);
        Assert.That(count, Is.GreaterThan(17_000));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
