using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Esp;

/// <summary>One ESP packet this side sent, kept verbatim so a negative test can replay it.</summary>
public sealed record EspSentPacket(uint Sequence, byte[] Wire, IPEndPoint Destination, string What, DateTimeOffset At)
{
    /// <summary>The SPI it was sent on (the peer's inbound SPI of the CHILD_SA in use then).</summary>
    public uint Spi { get; init; }
}

/// <summary>An inner packet delivered by ESP after every check passed.</summary>
/// <summary>The peer's authenticated ESP arrived from <paramref name="To"/> instead of <paramref name="From"/> (a NAT rebinding).</summary>
public sealed record EspPeerMove(DateTimeOffset At, IPEndPoint From, IPEndPoint To);

public sealed record EspInnerPacket(uint EspSequence, byte NextHeader, byte[] Packet, Ipv4Packet? Ipv4);

/// <summary>Echo requests sent by <see cref="EspTunnel.PingAsync"/> and how many got their reply.</summary>
public sealed record PingResult(int Sent, int Answered, IReadOnlyList<EspSentPacket> Requests);

/// <summary>
/// Tunnel-mode ESP over a CHILD_SA and its rekeyed successors (RFC 4303 3.1.2): inner IPv4 packets
/// in, inner IPv4 packets out. Answers ICMP echo requests addressed to <see cref="InnerAddress"/>,
/// pings the peer's inner address and counts replies, and offers the misbehaviour a negative test
/// needs: replay a sent packet verbatim, send with a chosen sequence number or a corrupted ICV
/// (<see cref="EspSendOptions"/>); through the endpoint's <see cref="EspInterception"/>, replace the
/// inner packet or the ESP octets, overrule an inbound result, or stay on its SA after a rekey.
/// <para>
/// Rekeys (RFC 7296 1.3.3, 2.8): a CHILD_SA that replaced the current one is taken on as soon as the
/// IKE layer installed it (inbound accepted at once); outbound moves to it at once when this side
/// initiated the rekey, and as responder once traffic arrives on it, the old one is deleted, or
/// <see cref="EspEndpointOptions.RekeyResponderSwitchAfter"/> passed. A deleted CHILD_SA's inbound
/// SPI leaves the routing; ESP arriving on it later is rejected and counted. After an IKE SA rekey
/// the tunnel follows its CHILD_SAs to the new IKE SA (2.18). The tunnel catches up on every send,
/// receive and property read; <see cref="FollowRekeys"/> does so on demand.
/// </para>
/// </summary>
public sealed class EspTunnel
{
    private static int s_nextIdentifier = 0x4653;
    private readonly EspEndpoint _endpoint;
    private readonly int _history;
    private readonly TimeSpan _responderSwitchAfter;
    private readonly object _gate = new();
    private readonly List<EspTunnelSa> _sas = [];
    private bool _stayed;
    private EspTunnelSa _out;
    private IkeSa _ikeSa;
    private readonly Queue<EspSentPacket> _sent = new();
    private readonly List<string> _findings = [];
    private readonly ConcurrentDictionary<(ushort Id, ushort Seq), TaskCompletionSource> _waiting = new();
    private long _echoAnswered, _repliesReceived, _delivered;

    internal EspTunnel(EspEndpoint endpoint, IkeSa ikeSa, ChildSa childSa, IPAddress innerAddress, int history, TimeSpan responderSwitchAfter)
    {
        _endpoint = endpoint;
        _ikeSa = ikeSa;
        InnerAddress = innerAddress;
        _history = Math.Max(1, history);
        _responderSwitchAfter = responderSwitchAfter;
        _out = endpoint.NewSa(childSa, ikeSa.IsInitiator);
        _out.OutboundFrom = _out.InstalledAt;
        _sas.Add(_out);
        endpoint.Route(this, _out);
    }

    /// <summary>
    /// True once a hook at <see cref="EspInterception.SaAfterRekey"/> kept the tunnel on its SA
    /// instead of a rekeyed successor: it then sends and receives on that SA whatever the IKE layer
    /// does next (its delete included), like a data plane whose SA database was never updated.
    /// </summary>
    public bool StaysOnCurrentSa
    {
        get
        {
            lock (_gate) return _stayed;
        }
    }

    /// <summary>The IKE SA that now holds the tunnel's CHILD_SA (the newest after IKE SA rekeys).</summary>
    public IkeSa IkeSa
    {
        get
        {
            FollowRekeys();
            lock (_gate) return _ikeSa;
        }
    }

    /// <summary>The SA outbound traffic uses now.</summary>
    public EspTunnelSa Current
    {
        get
        {
            FollowRekeys();
            lock (_gate) return _out;
        }
    }

    /// <summary>Every CHILD_SA the tunnel has carried, oldest first, each with its own counters (a table per SPI).</summary>
    public IReadOnlyList<EspTunnelSa> Sas
    {
        get
        {
            FollowRekeys();
            lock (_gate) return _sas.ToList();
        }
    }

    public ChildSa ChildSa => Current.ChildSa;
    public EspSa Sa => Current.Sa;

    /// <summary>The counters of the SA in use now; per SA see <see cref="Sas"/>.</summary>
    public EspCounters Counters => Sa.Counters;

    /// <summary>
    /// Catches up with the IKE layer: follows IKE SA rekeys, takes on CHILD_SAs that replaced the
    /// newest one (routing their inbound SPI), switches outbound when RFC 7296 2.8 allows, and
    /// retires deleted CHILD_SAs.
    /// </summary>
    public void FollowRekeys()
    {
        lock (_gate)
        {
            if (_stayed) return;
            while (_ikeSa.RekeyedTo is { } next) _ikeSa = next;
            var newest = _sas[^1];
            // RekeyedBy is set a moment before the successor is added: a miss now is caught next time.
            while (newest.ChildSa.RekeyedBy is { } spi && _ikeSa.ChildSas.FirstOrDefault(c => c.ResponderSpi == spi) is { } successor)
            {
                var replaced = newest;
                var choice = _endpoint.Interception.Decide(EspInterception.SaAfterRekey, EspRekeyChoice.MoveToNewSa,
                    () => $"CHILD_SA 0x{replaced.OutboundSpi:x8}/0x{replaced.InboundSpi:x8} was rekeyed: its successor is installed and used as RFC 7296 2.8 allows");
                if (choice == EspRekeyChoice.StayOnCurrentSa)
                {
                    _stayed = true;
                    return;
                }

                newest = _endpoint.NewSa(successor, _ikeSa.IsInitiator);
                _sas.Add(newest);
                _endpoint.Route(this, newest);
            }

            if (newest != _out && MaySwitch(newest))
            {
                var now = DateTimeOffset.UtcNow;
                _out.OutboundUntil = now;
                newest.OutboundFrom = now;
                _out = newest;
            }

            foreach (var sa in _sas)
            {
                if (sa.RetiredAt is null && sa.ChildSa.DeletedAt is { } deleted)
                {
                    sa.RetiredAt = deleted;
                    _endpoint.Retire(sa);
                }
            }
        }
    }

    /// <summary>RFC 7296 2.8: the rekey's initiator sends on the new SA at once; its responder once it is in use or the old one is gone.</summary>
    private bool MaySwitch(EspTunnelSa newest)
    {
        if (newest.ChildSa.InitiatedHere || _out.ChildSa.Deleted) return true;
        var newer = _sas.SkipWhile(s => s != _out).Skip(1);
        return newer.Any(s => s.Counters.Accepted > 0) || DateTimeOffset.UtcNow - newest.InstalledAt >= _responderSwitchAfter;
    }

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
        var current = Current;
        var interception = _endpoint.Interception;
        var outgoing = new EspOutgoing(current.OutboundSpi, what);
        var inner = interception.BeforeSeal?.Invoke(outgoing, innerPacket.ToArray()) ?? innerPacket;
        var wire = current.Sa.Protect(inner.Span, nextHeader, options);
        var sequence = EspPacket.PeekHeader(wire)!.Value.Sequence;
        wire = interception.AfterSeal?.Invoke(outgoing, wire) ?? wire;
        var sent = new EspSentPacket(sequence, wire, IkeSa.RemoteEndPoint, what, DateTimeOffset.UtcNow) { Spi = current.OutboundSpi };
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

    /// <summary>One inbound packet for <paramref name="sa"/>; false when it arrived after that CHILD_SA was deleted (rejected).</summary>
    internal async Task<bool> ReceiveAsync(EspTunnelSa sa, byte[] wire, DateTimeOffset arrivedAt, IPEndPoint? source = null)
    {
        FollowRekeys();
        sa.Counters.Arrived(arrivedAt);
        DateTimeOffset? retired;
        lock (_gate) retired = sa.RetiredAt;
        if (retired is { } r && arrivedAt > r)
        {
            // RFC 7296 1.4.1: once deleted the SA is gone; its keys no longer open anything.
            sa.Counters.CountAfterDelete();
            Finding($"ESP on 0x{sa.InboundSpi:x8} at {arrivedAt:HH:mm:ss.fff} dropped: its CHILD_SA was deleted at {r:HH:mm:ss.fff}");
            return false;
        }

        await ProcessAsync(sa, wire, arrivedAt, source).ConfigureAwait(false);
        return true;
    }

    private const int MaxPeerMoves = 64;
    private readonly List<EspPeerMove> _moves = [];

    /// <summary>
    /// Where the peer's authenticated ESP came from anew (a NAT rebinding, RFC 3948 2.2-2.3): the
    /// responder side sends there from then on. At most 64 are kept.
    /// </summary>
    public IReadOnlyList<EspPeerMove> PeerMoves
    {
        get
        {
            lock (_gate) return _moves.ToList();
        }
    }

    /// <summary>
    /// A responder follows the peer to the address and port its authenticated ESP now comes from, as
    /// a kernel data plane reports a NAT mapping change and strongSwan updates the SA. As IKE moves
    /// only on authenticated requests (RFC 7296 2.23), only authenticated ESP moves it: keepalives,
    /// failed ICVs and replays (rejected by the window before this point) never do. An initiator
    /// keeps sending to the SeGW it was configured with.
    /// </summary>
    private void FollowPeer(IPEndPoint? source, DateTimeOffset at)
    {
        if (source is null || IkeSa.IsInitiator) return;
        var sa = IkeSa;
        var was = sa.RemoteEndPoint;
        if (was.Equals(source)) return;
        sa.RemoteEndPoint = source;
        lock (_gate)
        {
            if (_moves.Count < MaxPeerMoves) _moves.Add(new EspPeerMove(at, was, source));
        }
    }

    private async Task ProcessAsync(EspTunnelSa sa, byte[] wire, DateTimeOffset arrivedAt, IPEndPoint? source)
    {
        var processed = sa.Sa.Unprotect(wire);
        // The SA's counters keep what ESP processing found; the tunnel acts on what the hook hands back.
        var result = _endpoint.Interception.AfterParse?.Invoke(processed) ?? processed;
        foreach (var f in result.Findings) Finding($"ESP seq {result.Sequence}: {f}");
        if (result.Status != EspInboundStatus.Accepted || result.Trailer is not { } trailer)
        {
            Finding($"ESP seq {result.Sequence} dropped: {result.Status} ({result.Reason})");
            return;
        }

        sa.Counters.AcceptedAt(arrivedAt);
        FollowPeer(source, arrivedAt);
        // As rekey responder, traffic on the new SA is the signal to send on it too (RFC 7296 2.8).
        if (sa.Counters.Accepted == 1) FollowRekeys();
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

    public override string ToString()
    {
        var sas = Sas;
        var current = Current;
        return $"ESP tunnel {InnerAddress} out 0x{current.OutboundSpi:x8} in 0x{current.InboundSpi:x8} ({current.Counters})"
            + (sas.Count > 1 ? $"; {sas.Count} CHILD_SAs: {string.Join(", ", sas)}" : "");
    }
}
