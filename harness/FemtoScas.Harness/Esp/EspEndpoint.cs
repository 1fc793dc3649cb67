using System.Net;
using System.Threading.Channels;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Transport;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Esp;

/// <summary>Settings of one ESP-in-UDP endpoint; the defaults are the conformant behaviour.</summary>
public sealed record EspEndpointOptions
{
    /// <summary>Replay window size per inbound SA (RFC 4303 3.4.3: 32 minimum, 64 default).</summary>
    public int ReplayWindowSize { get; init; } = EspReplayWindow.DefaultSize;

    /// <summary>Interception points of this endpoint's tunnels and SAs (misbehaviour); none registered: conformant.</summary>
    public EspInterception Interception { get; init; } = new();

    /// <summary>Where ESP IVs come from.</summary>
    public IRandomSource Random { get; init; } = SystemRandomSource.Instance;

    /// <summary>How many sent ESP packets each tunnel keeps for replay (oldest dropped first).</summary>
    public int SentHistory { get; init; } = 1024;

    /// <summary>
    /// As responder of a CHILD_SA rekey, the longest this side keeps sending on the old SA when
    /// neither traffic on the new one nor the delete of the old one arrives (RFC 7296 2.8 leaves the
    /// moment to the implementation; vendors wait tens of seconds).
    /// </summary>
    public TimeSpan RekeyResponderSwitchAfter { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>One NAT-keepalive (a single 0xFF octet, RFC 3948 2.3): when it arrived and from where.</summary>
public sealed record NatKeepalive(DateTimeOffset At, IPEndPoint Source);

/// <summary>
/// User-space ESP on a role's NAT-T socket (RFC 3948): the socket hands over every datagram that
/// is not IKE (first four octets non-zero = ESP, a single 0xFF = NAT-keepalive, RFC 3948 2.1-2.3);
/// this class routes ESP by SPI to an <see cref="EspTunnel"/> and sends through the same socket, so
/// everything passes the role's DatagramObserver (the evidence pcapng). Processing runs on one
/// worker, off the IKE receive loop. Tunnels follow CHILD_SA rekeys: a new CHILD_SA's inbound SPI is
/// routed as soon as the tunnel sees it, a deleted one's is dropped from routing, and ESP that
/// still arrives on it is rejected and counted on that SA (<see cref="RetiredSpiDropped"/>). The initiator role reads its socket only while it serves
/// (<see cref="IkeInitiator.ServeAsync"/>) or waits for a response; the SeGW role always does.
/// </summary>
public sealed class EspEndpoint : IAsyncDisposable
{
    private readonly UdpIkeTransport _transport;
    private readonly EspEndpointOptions _options;
    private readonly Channel<(IkeDatagram Datagram, DateTimeOffset At)> _inbound = Channel.CreateBounded<(IkeDatagram, DateTimeOffset)>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly List<EspTunnel> _tunnels = [];

    // Inbound SPI -> the SA it belongs to; live SAs route, retired ones only account for late packets.
    private readonly Dictionary<uint, (EspTunnel Tunnel, EspTunnelSa Sa)> _routes = [];
    private readonly Dictionary<uint, (EspTunnel Tunnel, EspTunnelSa Sa)> _retired = [];
    private readonly Task _worker;
    private long _keepalives, _unknownSpi, _malformed, _overflow, _retiredSpi;

    private EspEndpoint(UdpIkeTransport transport, EspEndpointOptions? options)
    {
        if (transport.NonIkeReceived is not null)
            throw new InvalidOperationException($"an ESP endpoint is already attached to {transport.LocalEndPoint}");
        _transport = transport;
        _options = options ?? new EspEndpointOptions();
        _transport.NonIkeReceived = Enqueue;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>ESP on the SeGW's NAT-T socket (<see cref="IkePeerOptions.NatTLocalEndPoint"/> must be set).</summary>
    public static EspEndpoint Attach(SegwResponder segw, EspEndpointOptions? options = null) =>
        new(segw.NatTTransport ?? throw new InvalidOperationException("the SeGW has no NAT-T socket (SegwOptions.NatTLocalEndPoint): ESP-in-UDP needs one"), options);

    /// <summary>ESP on the initiator's NAT-T socket (<see cref="IkePeerOptions.NatTLocalEndPoint"/> must be set).</summary>
    public static EspEndpoint Attach(IkeInitiator initiator, EspEndpointOptions? options = null) =>
        new(initiator.NatTTransport ?? throw new InvalidOperationException("the initiator has no NAT-T socket (InitiatorOptions.NatTLocalEndPoint): ESP-in-UDP needs one"), options);

    public IPEndPoint LocalEndPoint => _transport.LocalEndPoint;
    public long KeepalivesReceived => Interlocked.Read(ref _keepalives);

    private const int MaxKeepaliveLog = 4096;
    private readonly List<NatKeepalive> _keepaliveLog = [];

    /// <summary>When and from where NAT-keepalives arrived (RFC 3948 2.3), the first 4096.</summary>
    public IReadOnlyList<NatKeepalive> Keepalives
    {
        get
        {
            lock (_keepaliveLog) return _keepaliveLog.ToList();
        }
    }

    /// <summary>ESP whose SPI belongs to no tunnel here (RFC 4303 3.4.2: discarded, an auditable event).</summary>
    public long UnknownSpiDropped => Interlocked.Read(ref _unknownSpi);

    /// <summary>ESP on the SPI of a deleted CHILD_SA, arrived after the delete (per SA: <see cref="EspCounters.RejectedAfterDelete"/>).</summary>
    public long RetiredSpiDropped => Interlocked.Read(ref _retiredSpi);

    /// <summary>Datagrams too short to be ESP, plus any dropped because the worker fell 4096 behind.</summary>
    public long MalformedDropped => Interlocked.Read(ref _malformed) + Interlocked.Read(ref _overflow);

    public IReadOnlyList<EspTunnel> Tunnels
    {
        get
        {
            lock (_tunnels) return _tunnels.ToList();
        }
    }

    /// <summary>The inbound SPIs routed to a tunnel (live CHILD_SAs only), after every tunnel caught up with its IKE SA.</summary>
    public IReadOnlyList<uint> RoutedSpis
    {
        get
        {
            foreach (var tunnel in Tunnels) tunnel.FollowRekeys();
            lock (_tunnels) return [.. _routes.Keys];
        }
    }

    /// <summary>
    /// Starts ESP for <paramref name="child"/> of <paramref name="sa"/> (this side's role decides the key
    /// direction). <paramref name="innerAddress"/> is this side's inner (tunnel) address: echo requests to
    /// it are answered and it is the source of pings.
    /// </summary>
    public EspTunnel AddTunnel(IkeSa sa, ChildSa child, IPAddress innerAddress)
    {
        var tunnel = new EspTunnel(this, sa, child, innerAddress, _options.SentHistory, _options.RekeyResponderSwitchAfter);
        lock (_tunnels) _tunnels.Add(tunnel);
        tunnel.FollowRekeys();
        return tunnel;
    }

    /// <summary>The ESP state of <paramref name="child"/> for this side, with a fresh replay window (RFC 4303 3.4.3: per SA).</summary>
    internal EspTunnelSa NewSa(ChildSa child, bool initiatorSide) =>
        new(child, EspSa.FromChildSa(child, initiatorSide, new EspReplayWindow(_options.ReplayWindowSize), _options.Random, _options.Interception));

    internal EspInterception Interception => _options.Interception;

    internal void Route(EspTunnel tunnel, EspTunnelSa sa)
    {
        lock (_tunnels) _routes[sa.InboundSpi] = (tunnel, sa);
    }

    internal void Retire(EspTunnelSa sa)
    {
        lock (_tunnels)
        {
            if (_routes.Remove(sa.InboundSpi, out var route)) _retired[sa.InboundSpi] = route;
        }
    }

    /// <summary>A NAT-keepalive: one octet 0xFF (RFC 3948 2.3).</summary>
    public Task SendKeepaliveAsync(IPEndPoint destination, CancellationToken cancellationToken = default) =>
        _transport.SendRawAsync([0xFF], destination, cancellationToken);

    internal Task SendAsync(byte[] esp, IPEndPoint destination, CancellationToken cancellationToken) =>
        _transport.SendRawAsync(esp, destination, cancellationToken);

    private void Enqueue(IkeDatagram datagram)
    {
        // The receive time decides whether a packet came before or after a CHILD_SA's delete.
        if (!_inbound.Writer.TryWrite((datagram, DateTimeOffset.UtcNow))) Interlocked.Increment(ref _overflow);
    }

    private async Task RunAsync()
    {
        await foreach (var (datagram, at) in _inbound.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var wire = datagram.Payload;
            var kind = NatTDatagram.Classify(wire);
            if (kind == NatTKind.Keepalive)
            {
                Interlocked.Increment(ref _keepalives);
                lock (_keepaliveLog)
                {
                    if (_keepaliveLog.Count < MaxKeepaliveLog) _keepaliveLog.Add(new NatKeepalive(at, datagram.Source));
                }

                continue;
            }

            if (kind != NatTKind.Esp || EspPacket.PeekHeader(wire) is not var (spi, _))
            {
                Interlocked.Increment(ref _malformed);
                continue;
            }

            if (Find(spi) is not var (tunnel, sa))
            {
                // A CHILD_SA created since the last look (the peer may send on it first): let every tunnel catch up.
                foreach (var t in Tunnels) t.FollowRekeys();
                if (Find(spi) is not var (again, againSa))
                {
                    Interlocked.Increment(ref _unknownSpi);
                    continue;
                }

                (tunnel, sa) = (again, againSa);
            }

            if (!await tunnel.ReceiveAsync(sa, wire, at, datagram.Source).ConfigureAwait(false)) Interlocked.Increment(ref _retiredSpi);
        }
    }

    private (EspTunnel, EspTunnelSa)? Find(uint spi)
    {
        lock (_tunnels)
        {
            if (_routes.TryGetValue(spi, out var route) || _retired.TryGetValue(spi, out route)) return route;
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _transport.NonIkeReceived = null;
        _inbound.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }
}
