using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Esp;

/// <summary>One ESP packet this side sent, kept verbatim so a negative test can replay it.</summary>
public sealed record EspSentPacket(uint Sequence, byte[] Wire, IPEndPoint Destination, string What, DateTimeOffset At);

/// <summary>An inner packet delivered by ESP after every check passed.</summary>
public sealed record EspInnerPacket(uint EspSequence, byte NextHeader, byte[] Packet, Ipv4Packet? Ipv4);

/// <summary>Echo requests sent by <see cref="EspTunnel.PingAsync"/> and how many got their reply.</summary>
public sealed record PingResult(int Sent, int Answered, IReadOnlyList<EspSentPacket> Requests);

/// <summary>
/// Tunnel-mode ESP over one CHILD_SA (RFC 4303 3.1.2): inner IPv4 packets in, inner IPv4 packets
/// out. Answers ICMP echo requests addressed to <see cref="InnerAddress"/>, pings the peer's inner
/// address and counts replies, and offers the misbehaviour a negative test needs: replay a sent
/// packet verbatim, send with a chosen sequence number or a corrupted ICV (<see cref="EspSendOptions"/>).
/// </summary>
public sealed class EspTunnel
{
    private static int s_nextIdentifier = 0x4653;
    private readonly EspEndpoint _endpoint;
    private readonly int _history;
    private readonly Queue<EspSentPacket> _sent = new();
    private readonly List<string> _findings = [];
    private readonly ConcurrentDictionary<(ushort Id, ushort Seq), TaskCompletionSource> _waiting = new();
    private long _echoAnswered, _repliesReceived, _delivered;

    internal EspTunnel(EspEndpoint endpoint, IkeSa ikeSa, ChildSa childSa, EspSa sa, IPAddress innerAddress, int history)
    {
        _endpoint = endpoint;
        IkeSa = ikeSa;
        ChildSa = childSa;
        Sa = sa;
        InnerAddress = innerAddress;
        _history = Math.Max(1, history);
    }

    public IkeSa IkeSa { get; }
    public ChildSa ChildSa { get; }
    public EspSa Sa { get; }
    public EspCounters Counters => Sa.Counters;

    /// <summary>This side's inner address: the CP-assigned one on a femto, a core-side address on the SeGW.</summary>
    public IPAddress InnerAddress { get; }

    /// <summary>Answer ICMP echo requests to <see cref="InnerAddress"/> (on by default).</summary>
    public bool AnswerEchoRequests { get; set; } = true;

    public long EchoRequestsAnswered => Interlocked.Read(ref _echoAnswered);

    /// <summary>Every echo reply delivered, duplicates included (a replayed request answered twice counts twice).</summary>
    public long EchoRepliesReceived => Interlocked.Read(ref _repliesReceived);

    public long InnerPacketsDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Raised on the endpoint's worker for every accepted inner packet; keep handlers short.</summary>
    public event Action<EspInnerPacket>? InnerPacketReceived;

    /// <summary>Drops and deviations of inbound packets, one line each (bounded).</summary>
    public IReadOnlyList<string> Findings
    {
        get
        {
            lock (_findings) return _findings.ToList();
        }
    }

    /// <summary>The last sent ESP packets, oldest first (bounded by <see cref="EspEndpointOptions.SentHistory"/>).</summary>
    public IReadOnlyList<EspSentPacket> Sent
    {
        get
        {
            lock (_sent) return _sent.ToList();
        }
    }

    /// <summary>Protects and sends one raw inner packet (IPv4 unless <paramref name="nextHeader"/> says otherwise).</summary>
    public async Task<EspSentPacket> SendInnerAsync(ReadOnlyMemory<byte> innerPacket, EspSendOptions? options = null, byte nextHeader = EspTrailer.NextHeaderIpv4,
        string what = "inner packet", CancellationToken cancellationToken = default)
    {
        var wire = Sa.Protect(innerPacket.Span, nextHeader, options);
        var sent = new EspSentPacket(EspPacket.PeekHeader(wire)!.Value.Sequence, wire, IkeSa.RemoteEndPoint, what, DateTimeOffset.UtcNow);
        lock (_sent)
        {
            _sent.Enqueue(sent);
            while (_sent.Count > _history) _sent.Dequeue();
        }

        await _endpoint.SendAsync(wire, sent.Destination, cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <summary>Sends an already-sent ESP packet again, octet for octet (same sequence number, same ICV).</summary>
    public Task ReplayAsync(EspSentPacket packet, CancellationToken cancellationToken = default) =>
        _endpoint.SendAsync(packet.Wire, IkeSa.RemoteEndPoint, cancellationToken);

    /// <summary>One ICMP echo request from <see cref="InnerAddress"/> to <paramref name="destination"/>.</summary>
    public Task<EspSentPacket> SendEchoRequestAsync(IPAddress destination, ushort identifier, ushort sequence, EspSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        var icmp = new IcmpEcho(false, identifier, sequence, "FemtoScas ESP echo probe 0123456"u8.ToArray()).ToBytes();
        var ip = new Ipv4Packet(InnerAddress, destination, Ipv4Packet.ProtocolIcmp, icmp, Identification: sequence).ToBytes();
        return SendInnerAsync(ip, options, EspTrailer.NextHeaderIpv4, $"ICMP echo request id {identifier} seq {sequence} to {destination}", cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="count"/> echo requests one after another, each waiting at most
    /// <paramref name="timeout"/> for its reply (bounded: count x timeout).
    /// </summary>
    public async Task<PingResult> PingAsync(IPAddress destination, int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var identifier = (ushort)Interlocked.Increment(ref s_nextIdentifier);
        var requests = new List<EspSentPacket>();
        int answered = 0;
        for (ushort seq = 1; seq <= count; seq++)
        {
            var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[(identifier, seq)] = reply;
            try
            {
                requests.Add(await SendEchoRequestAsync(destination, identifier, seq, null, cancellationToken).ConfigureAwait(false));
                var done = await Task.WhenAny(reply.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
                if (done == reply.Task) answered++;
            }
            finally
            {
                _waiting.TryRemove((identifier, seq), out _);
            }
        }

        return new PingResult(requests.Count, answered, requests);
    }

    internal async Task ReceiveAsync(byte[] wire)
    {
        var result = Sa.Unprotect(wire);
        foreach (var f in result.Findings) Finding($"ESP seq {result.Sequence}: {f}");
        if (result.Status != EspInboundStatus.Accepted || result.Trailer is not { } trailer)
        {
            Finding($"ESP seq {result.Sequence} dropped: {result.Status} ({result.Reason})");
            return;
        }

        var inner = trailer.Payload.ToArray();
        Ipv4Packet? ipv4 = null;
        if (trailer.NextHeader == EspTrailer.NextHeaderIpv4)
        {
            var (packet, findings) = Ipv4Packet.Parse(inner);
            ipv4 = packet;
            foreach (var f in findings) Finding($"inner IPv4 of ESP seq {result.Sequence}: {f}");
        }

        Interlocked.Increment(ref _delivered);
        InnerPacketReceived?.Invoke(new EspInnerPacket(result.Sequence, trailer.NextHeader, inner, ipv4));
        if (ipv4 is not { Protocol: Ipv4Packet.ProtocolIcmp }) return;
        var (echo, _) = IcmpEcho.Parse(ipv4.Payload.Span);
        if (echo is null) return;
        if (echo.IsReply)
        {
            Interlocked.Increment(ref _repliesReceived);
            if (_waiting.TryGetValue((echo.Identifier, echo.SequenceNumber), out var waiter)) waiter.TrySetResult();
            return;
        }

        if (!AnswerEchoRequests || !ipv4.Destination.Equals(InnerAddress)) return;
        var reply = new Ipv4Packet(InnerAddress, ipv4.Source, Ipv4Packet.ProtocolIcmp, echo.Reply().ToBytes(), Identification: ipv4.Identification).ToBytes();
        try
        {
            await SendInnerAsync(reply, what: $"ICMP echo reply id {echo.Identifier} seq {echo.SequenceNumber} to {ipv4.Source}").ConfigureAwait(false);
            Interlocked.Increment(ref _echoAnswered);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Finding($"echo reply to {ipv4.Source} not sent: {e.Message}");
        }
    }

    private void Finding(string text)
    {
        lock (_findings)
        {
            if (_findings.Count < 1000) _findings.Add(text);
        }
    }

    public override string ToString() => $"ESP tunnel {InnerAddress} out 0x{Sa.OutboundSpi:x8} in 0x{Sa.InboundSpi:x8} ({Counters})";
}
