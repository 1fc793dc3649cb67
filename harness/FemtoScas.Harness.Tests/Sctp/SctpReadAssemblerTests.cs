using System.Buffers.Binary;
using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>Partial reads joined into messages (RFC 6458 5.3.5), with the size bound, without a socket.</summary>
[TestFixture]
public sealed class SctpReadAssemblerTests
{
    private static UsrSctpNative.RcvInfo Info(ushort sid, uint ppid) =>
        new() { Sid = sid, PpidNetworkOrder = BinaryPrimitives.ReverseEndianness(ppid) };

    [Test]
    public void Pieces_without_end_of_record_are_joined_and_keep_the_first_pieces_stream_and_ppid()
    {
        var assembler = new SctpReadAssembler(1024);
        Assert.That(assembler.Add([1, 2], false, false, Info(3, 60)), Is.EqualTo(((SctpMessage?)null, (SctpAssociationEvent?)null)));
        var (message, e) = assembler.Add([3], false, true, Info(0, 0));
        Assert.That(e, Is.Null);
        Assert.That((message!.StreamId, message.Ppid, message.Payload), Is.EqualTo(((ushort)3, 60u, new byte[] { 1, 2, 3 })));
        var next = assembler.Add([9], false, true, Info(1, 18)).Message;
        Assert.That((next!.StreamId, next.Ppid), Is.EqualTo(((ushort)1, 18u)), "a new record starts fresh");
    }

    [Test]
    public void A_record_over_the_bound_is_dropped_with_one_malformed_event_and_the_next_one_is_whole()
    {
        var assembler = new SctpReadAssembler(100);
        for (var i = 0; i < 1000; i++)
        {
            Assert.That(assembler.Add(new byte[64], false, false, Info(2, 60)), Is.EqualTo(((SctpMessage?)null, (SctpAssociationEvent?)null)));
        }

        var (message, e) = assembler.Add(new byte[64], false, true, Info(2, 60));
        Assert.That(message, Is.Null);
        Assert.That(e!.Kind, Is.EqualTo(SctpEventKind.Malformed));
        Assert.That(e.Detail, Does.Contain("stream 2").And.Contain("100 bytes"));
        Assert.That(assembler.Add(new byte[100], false, true, Info(0, 60)).Message!.Payload, Has.Length.EqualTo(100));
    }

    [Test]
    public void A_notification_in_pieces_is_read_once_whole()
    {
        var up = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(up, 0x0001);
        BinaryPrimitives.WriteUInt32LittleEndian(up.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(up.AsSpan(8), 0x0001);
        var assembler = new SctpReadAssembler(1024);
        Assert.That(assembler.Add(up.AsSpan(0, 7), true, false, default).Event, Is.Null);
        Assert.That(assembler.Add(up.AsSpan(7), true, true, default).Event!.Kind, Is.EqualTo(SctpEventKind.Up));
    }
}
