using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>
/// Two usrsctp endpoints in one process over an in-memory AF_CONN pair: the harness side (B, listening like the
/// AMF on NGAP's port, TS 38.412 7) and a femto side (A). Every step runs against the real stack.
/// </summary>
[TestFixture]
public sealed class SctpAssociationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static async Task<(SctpLinkPair Pair, SctpListener Listener, SctpAssociation Client, SctpAssociation Server)> UpAsync(
        ushort clientPort = 0)
    {
        var pair = new SctpLinkPair(SctpLinkPair.RequireStack());
        var port = SctpLinkPair.NextPort();
        var listener = pair.B.Listen(port);
        var connect = await pair.A.ConnectAsync(clientPort, port, Wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Up), connect.Reason);
        var accept = await listener.AcceptAsync(Wait);
        Assert.That(accept.Status, Is.EqualTo(SctpAcceptStatus.Accepted), accept.Reason);
        return (pair, listener, connect.Association!, accept.Association!);
    }

    [Test]
    public async Task Association_comes_up_and_carries_ngap_messages_on_several_streams_both_ways()
    {
        var (pair, listener, client, server) = await UpAsync();
        using var _ = pair;
        using var __ = listener;
        using var ___ = client;
        using var ____ = server;

        var up = await server.WaitForEventAsync(SctpEventKind.Up, Wait);
        Assert.That(up.Status, Is.EqualTo(SctpEventWaitStatus.Seen), "the accepting side reports COMM_UP too");
        Assert.That(up.Event!.OutboundStreams, Is.EqualTo(4));
        Assert.That(up.Event.InboundStreams, Is.EqualTo(4));

        for (ushort stream = 0; stream < 4; stream++)
        {
            var sent = await client.SendAsync(stream, SctpMessage.NgapPpid, new byte[] { 0x00, 0x15, (byte)stream }, Wait);
            Assert.That(sent.Status, Is.EqualTo(SctpSendStatus.Sent), sent.Reason);
        }

        for (ushort stream = 0; stream < 4; stream++)
        {
            var received = await server.ReceiveAsync(Wait);
            Assert.That(received.Status, Is.EqualTo(SctpReceiveStatus.Message), received.Reason);
            Assert.That(received.Message!.StreamId, Is.EqualTo(stream));
            Assert.That(received.Message.Ppid, Is.EqualTo(60u));
            Assert.That(received.Message.Payload, Is.EqualTo(new byte[] { 0x00, 0x15, (byte)stream }));
        }

        var reply = await server.SendAsync(3, SctpMessage.NgapPpid, new byte[] { 0x20, 0x15 }, Wait);
        Assert.That(reply.Status, Is.EqualTo(SctpSendStatus.Sent), reply.Reason);
        var back = await client.ReceiveAsync(Wait);
        Assert.That(back.Message, Is.Not.Null, back.Reason);
        Assert.That((back.Message!.StreamId, back.Message.Ppid), Is.EqualTo(((ushort)3, 60u)));

        var badStream = await client.SendAsync(40, SctpMessage.NgapPpid, new byte[] { 1 }, Wait);
        Assert.That(badStream.Status, Is.EqualTo(SctpSendStatus.Refused), "stream 40 is beyond the 4 negotiated");
    }

    [Test]
    public async Task A_64_KiB_message_is_fragmented_and_reassembled_with_its_boundaries()
    {
        var (pair, listener, client, server) = await UpAsync();
        using var _ = pair;
        using var __ = listener;
        using var ___ = client;
        using var ____ = server;

        var large = new byte[64 * 1024];
        new Random(60).NextBytes(large);
        Assert.That((await client.SendAsync(1, SctpMessage.NgapPpid, large, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        Assert.That((await client.SendAsync(1, SctpMessage.NgapPpid, new byte[] { 7 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));

        var first = await server.ReceiveAsync(Wait);
        Assert.That(first.Message?.Payload, Is.EqualTo(large), first.Reason);
        var second = await server.ReceiveAsync(Wait);
        Assert.That(second.Message?.Payload, Is.EqualTo(new byte[] { 7 }), "the next message keeps its own boundary");
        // Larger than the 64 KiB read buffer: the receiver joins usrsctp's partial reads (RFC 6458 5.3.5).
        var larger = new byte[150_000];
        new Random(61).NextBytes(larger);
        Assert.That((await client.SendAsync(2, SctpMessage.NgapPpid, larger, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        var third = await server.ReceiveAsync(Wait);
        Assert.That((third.Message?.StreamId, third.Message?.Payload), Is.EqualTo(((ushort?)2, larger)), third.Reason);

        var dataPackets = pair.Recorded.Count(r => r.FromA && r.Packet.Length > 12 && r.Packet[12] == 0);
        Assert.That(dataPackets, Is.GreaterThan(1), "64 KiB cannot fit one packet: DATA was fragmented (RFC 9260 6.9)");
    }

    [Test]
    public async Task An_abort_from_one_side_is_seen_by_the_other_and_ends_its_receive()
    {
        var (pair, listener, client, server) = await UpAsync();
        using var _ = pair;
        using var __ = listener;
        using var ___ = server;

        client.Abort();
        var abort = await server.WaitForEventAsync(SctpEventKind.AbortReceived, Wait);
        Assert.That(abort.Status, Is.EqualTo(SctpEventWaitStatus.Seen), string.Join("; ", server.Events));
        var receive = await server.ReceiveAsync(Wait);
        Assert.That(receive.Status, Is.EqualTo(SctpReceiveStatus.Closed));
        Assert.That(receive.EndedBy?.Kind, Is.EqualTo(SctpEventKind.AbortReceived), receive.Reason);
        var send = await server.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 1 }, TimeSpan.FromMilliseconds(200));
        Assert.That(send.Status, Is.Not.EqualTo(SctpSendStatus.Sent));
    }

    [Test]
    public async Task A_peer_that_restarts_from_the_same_port_gives_a_restart_event()
    {
        var port = SctpLinkPair.NextPort();
        var (pair, listener, client, server) = await UpAsync(clientPort: port);
        using var _ = pair;
        using var __ = listener;
        using var ___ = server;

        // The femto side crashes: its state is gone and nothing of it reaches the harness.
        pair.CutAToB = true;
        client.Abort();
        await Task.Delay(50);
        pair.CutAToB = false;

        var again = await pair.A.ConnectAsync(port, listener.Port, Wait);
        Assert.That(again.Status, Is.EqualTo(SctpConnectStatus.Up), again.Reason);
        using var restarted = again.Association!;
        var restart = await server.WaitForEventAsync(SctpEventKind.Restart, Wait);
        Assert.That(restart.Status, Is.EqualTo(SctpEventWaitStatus.Seen), string.Join("; ", server.Events));
        var none = await listener.AcceptAsync(TimeSpan.FromMilliseconds(100));
        Assert.That(none.Status, Is.EqualTo(SctpAcceptStatus.TimedOut), "a restart continues the existing association (RFC 9260 5.2.4.1)");

        Assert.That((await restarted.SendAsync(2, SctpMessage.NgapPpid, new byte[] { 9 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        var after = await server.ReceiveAsync(Wait);
        Assert.That(after.Message?.Payload, Is.EqualTo(new byte[] { 9 }), after.Reason);
    }

    [Test]
    public async Task Connecting_to_a_port_nobody_listens_on_is_refused_with_the_peers_abort()
    {
        using var pair = new SctpLinkPair(SctpLinkPair.RequireStack());
        var connect = await pair.A.ConnectAsync(0, SctpLinkPair.NextPort(), Wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Refused), connect.Reason);
        Assert.That(connect.Event?.Kind, Is.EqualTo(SctpEventKind.CannotStart), "an INIT to no endpoint is answered by ABORT (RFC 9260 8.4)");
        Assert.That(pair.Recorded.Any(r => !r.FromA && r.Packet.Length > 12 && r.Packet[12] == 6), "the ABORT chunk crossed the link");
    }

    [Test]
    public async Task A_silent_peer_gives_timeout_outcomes_not_a_hang()
    {
        using var pair = new SctpLinkPair(SctpLinkPair.RequireStack());
        using var listener = pair.B.Listen(SctpLinkPair.NextPort());
        pair.CutAToB = true;

        var started = DateTime.UtcNow;
        var connect = await pair.A.ConnectAsync(0, listener.Port, TimeSpan.FromMilliseconds(300));
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.TimedOut), connect.Reason);
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(3)));
        var accept = await listener.AcceptAsync(TimeSpan.FromMilliseconds(100));
        Assert.That(accept.Status, Is.EqualTo(SctpAcceptStatus.TimedOut));

        pair.CutAToB = false;
        var up = await pair.A.ConnectAsync(0, listener.Port, Wait);
        using var client = up.Association!;
        var silent = await client.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        Assert.That(silent.Status, Is.EqualTo(SctpReceiveStatus.TimedOut));
    }

    [Test]
    public async Task A_peer_that_vanishes_is_reported_lost_after_the_retransmissions()
    {
        using var pair = new SctpLinkPair(SctpLinkPair.RequireStack());
        var fast = new SctpOptions
        {
            RtoInitial = TimeSpan.FromMilliseconds(50), RtoMin = TimeSpan.FromMilliseconds(20), RtoMax = TimeSpan.FromMilliseconds(80),
            MaxRetransmissions = 2,
        };
        using var listener = pair.B.Listen(SctpLinkPair.NextPort(), fast);
        var up = await pair.A.ConnectAsync(0, listener.Port, Wait, fast);
        Assert.That(up.Status, Is.EqualTo(SctpConnectStatus.Up), up.Reason);
        using var client = up.Association!;

        pair.CutBToA = true;
        pair.CutAToB = true;
        Assert.That((await client.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 1 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        var lost = await client.WaitForEventAsync(SctpEventKind.Lost, Wait);
        Assert.That(lost.Status, Is.EqualTo(SctpEventWaitStatus.Seen), string.Join("; ", client.Events));
        var closed = await client.ReceiveAsync(Wait);
        Assert.That((closed.Status, closed.EndedBy?.Kind), Is.EqualTo((SctpReceiveStatus.Closed, (SctpEventKind?)SctpEventKind.Lost)));
    }

    [Test]
    public async Task Graceful_shutdown_is_reported_on_both_sides()
    {
        var (pair, listener, client, server) = await UpAsync();
        using var _ = pair;
        using var __ = listener;
        using var ___ = client;
        using var ____ = server;

        var done = await client.ShutdownAsync(Wait);
        Assert.That(done.Status, Is.EqualTo(SctpEventWaitStatus.Seen), string.Join("; ", client.Events));
        var peer = await server.WaitForEventAsync(SctpEventKind.PeerShutdown, Wait);
        Assert.That(peer.Status, Is.EqualTo(SctpEventWaitStatus.Seen), string.Join("; ", server.Events));
    }

    [Test]
    public async Task Two_links_each_listening_on_the_ngap_port_keep_their_associations_apart()
    {
        var stack = SctpLinkPair.RequireStack();
        using var first = new SctpLinkPair(stack);
        using var second = new SctpLinkPair(stack);
        using var firstListener = first.B.Listen(38412);
        using var secondListener = second.B.Listen(38412);

        var a = await first.A.ConnectAsync(0, 38412, Wait);
        var b = await second.A.ConnectAsync(0, 38412, Wait);
        Assert.That((a.Status, b.Status), Is.EqualTo((SctpConnectStatus.Up, SctpConnectStatus.Up)), a.Reason + " / " + b.Reason);
        using var firstClient = a.Association!;
        using var secondClient = b.Association!;
        using var firstServer = (await firstListener.AcceptAsync(Wait)).Association!;
        using var secondServer = (await secondListener.AcceptAsync(Wait)).Association!;

        await firstClient.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 1 }, Wait);
        await secondClient.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 2 }, Wait);
        Assert.That((await firstServer.ReceiveAsync(Wait)).Message?.Payload, Is.EqualTo(new byte[] { 1 }));
        Assert.That((await secondServer.ReceiveAsync(Wait)).Message?.Payload, Is.EqualTo(new byte[] { 2 }));
    }

    [Test]
    public async Task A_mebibyte_of_garbage_packets_is_dropped_quickly_and_the_association_carries_on()
    {
        var (pair, listener, client, server) = await UpAsync();
        using var _ = pair;
        using var __ = listener;
        using var ___ = client;
        using var ____ = server;

        var random = new Random(38412);
        var garbage = new byte[1 << 20];
        random.NextBytes(garbage);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var offset = 0; offset < garbage.Length;)
        {
            var length = Math.Min(random.Next(1, 1500), garbage.Length - offset);
            pair.B.Input(garbage.AsSpan(offset, length));
            offset += length;
        }

        pair.B.Input(new byte[SctpEndpoint.MaxPacketBytes + 1]);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(pair.B.DroppedPackets, Is.EqualTo(1), "only the oversized packet is refused before the stack");
        Assert.That((await client.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 5 }, Wait)).Status, Is.EqualTo(SctpSendStatus.Sent));
        Assert.That((await server.ReceiveAsync(Wait)).Message?.Payload, Is.EqualTo(new byte[] { 5 }));
        Assert.That(server.Events.Select(e => e.Kind), Is.EqualTo(new[] { SctpEventKind.Up }));
    }

    [Test]
    public async Task A_missing_library_is_a_typed_outcome_naming_it()
    {
        var missing = SctpStack.Probe("libusrsctp-not-installed.so.9");
        Assert.That(missing, Is.Not.Null);
        Assert.That(missing!.Library, Is.EqualTo("libusrsctp-not-installed.so.9"));
        Assert.That(missing.ToString(), Does.Contain("libusrsctp-not-installed.so.9").And.Contain("libusrsctp2"));
        Assert.That(SctpStack.Probe("libc.so.6")!.Reason, Does.Contain("usrsctp_init_nothreads"), "a library without the symbols is refused too");
        await Task.CompletedTask;
    }
}
