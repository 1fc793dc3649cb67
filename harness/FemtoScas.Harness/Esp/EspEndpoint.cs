using System.Net;
using System.Threading.Channels;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Transport;

namespace FemtoScas.Harness.Esp;

/// <summary>Settings of one ESP-in-UDP endpoint; the defaults are the conformant behaviour.</summary>
public sealed record EspEndpointOptions
{
    /// <summary>Replay window size per inbound SA (RFC 4303 3.4.3: 32 minimum, 64 default).</summary>
    public int ReplayWindowSize { get; init; } = EspReplayWindow.DefaultSize;

    /// <summary>False switches the inbound replay check off (a deliberate defect, SimFemto fault no-anti-replay).</summary>
    public bool AntiReplay { get; init; } = true;

    /// <summary>Where ESP IVs come from.</summary>
    public IRandomSource Random { get; init; } = SystemRandomSource.Instance;

    /// <summary>How many sent ESP packets each tunnel keeps for replay (oldest dropped first).</summary>
    public int SentHistory { get; init; } = 1024;
}

/// <summary>
/// User-space ESP on a role's NAT-T socket (RFC 3948): the socket hands over every datagram that
/// is not IKE (first four octets non-zero = ESP, a single 0xFF = NAT-keepalive, RFC 3948 2.1-2.3);
/// this class routes ESP by SPI to an <see cref="EspTunnel"/> and sends through the same socket, so
/// everything passes the role's DatagramObserver (the evidence pcapng). Processing runs on one
/// worker, off the IKE receive loop. The initiator role reads its socket only while it serves
/// (<see cref="IkeInitiator.ServeAsync"/>) or waits for a response; the SeGW role always does.
/// </summary>
public sealed class EspEndpoint : IAsyncDisposable
{
    private readonly UdpIkeTransport _transport;
    private readonly EspEndpointOptions _options;
    private readonly Channel<IkeDatagram> _inbound = Channel.CreateBounded<IkeDatagram>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<uint, EspTunnel> _tunnels = [];
    private readonly Task _worker;
    private long _keepalives, _unknownSpi, _malformed, _overflow;

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

    /// <summary>ESP whose SPI belongs to no tunnel here (RFC 4303 3.4.2: discarded, an auditable event).</summary>
    public long UnknownSpiDropped => Interlocked.Read(ref _unknownSpi);

    /// <summary>Datagrams too short to be ESP, plus any dropped because the worker fell 4096 behind.</summary>
    public long MalformedDropped => Interlocked.Read(ref _malformed) + Interlocked.Read(ref _overflow);

    public IReadOnlyList<EspTunnel> Tunnels
    {
        get
        {
            lock (_tunnels) return _tunnels.Values.ToList();
        }
    }

    /// <summary>
    /// Starts ESP for <paramref name="child"/> of <paramref name="sa"/> (this side's role decides the key
    /// direction). <paramref name="innerAddress"/> is this side's inner (tunnel) address: echo requests to
    /// it are answered and it is the source of pings.
    /// </summary>
    public EspTunnel AddTunnel(IkeSa sa, ChildSa child, IPAddress innerAddress)
    {
        var window = new EspReplayWindow(_options.ReplayWindowSize, _options.AntiReplay);
        var tunnel = new EspTunnel(this, sa, child, EspSa.FromChildSa(child, sa.IsInitiator, window, _options.Random), innerAddress, _options.SentHistory);
        lock (_tunnels) _tunnels[tunnel.Sa.InboundSpi] = tunnel;
        return tunnel;
    }

    /// <summary>A NAT-keepalive: one octet 0xFF (RFC 3948 2.3).</summary>
    public Task SendKeepaliveAsync(IPEndPoint destination, CancellationToken cancellationToken = default) =>
        _transport.SendRawAsync([0xFF], destination, cancellationToken);

    internal Task SendAsync(byte[] esp, IPEndPoint destination, CancellationToken cancellationToken) =>
        _transport.SendRawAsync(esp, destination, cancellationToken);

    private void Enqueue(IkeDatagram datagram)
    {
        if (!_inbound.Writer.TryWrite(datagram)) Interlocked.Increment(ref _overflow);
    }

    private async Task RunAsync()
    {
        await foreach (var datagram in _inbound.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var wire = datagram.Payload;
            if (wire.Length == 1 && wire[0] == 0xFF)
            {
                Interlocked.Increment(ref _keepalives);
                continue;
            }

            if (EspPacket.PeekHeader(wire) is not var (spi, _))
            {
                Interlocked.Increment(ref _malformed);
                continue;
            }

            EspTunnel? tunnel;
            lock (_tunnels) _tunnels.TryGetValue(spi, out tunnel);
            if (tunnel is null)
            {
                Interlocked.Increment(ref _unknownSpi);
                continue;
            }

            await tunnel.ReceiveAsync(wire).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _transport.NonIkeReceived = null;
        _inbound.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }
}
