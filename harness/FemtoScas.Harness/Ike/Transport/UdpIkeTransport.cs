using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Ike.Transport;

/// <summary>One received UDP payload (after the non-ESP marker, if any, was stripped) and where it came from.</summary>
public sealed record IkeDatagram(IPEndPoint Source, IPEndPoint Destination, byte[] Payload);

/// <summary>
/// A UDP socket carrying IKE messages. Bound to a loopback address in tests; every datagram
/// sent or received (the UDP payload as on the wire, marker included) is passed to the
/// observer so the evidence recorder sees exactly what the DUT saw. With the non-ESP marker on
/// (RFC 3948 2.2, port 4500) four zero octets precede each IKE message; a received datagram
/// without it is an ESP packet (or a keepalive) and is not handed up as IKE.
/// </summary>
public sealed class UdpIkeTransport : IDisposable
{
    private const int MaxDatagram = 65535;
    private volatile Socket _socket;
    private readonly Action<IPEndPoint, IPEndPoint, byte[]>? _observer;
    private readonly bool _nonEspMarker;
    private readonly byte[] _buffer = new byte[MaxDatagram];

    public UdpIkeTransport(IPEndPoint local, Action<IPEndPoint, IPEndPoint, byte[]>? observer = null, bool nonEspMarker = false)
    {
        _socket = Bound(local);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _observer = observer;
        _nonEspMarker = nonEspMarker;
    }

    private static Socket Bound(IPEndPoint local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(local);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException($"cannot bind the IKE UDP socket to {local}: {e.SocketErrorCode}", e);
        }

        return socket;
    }

    public IPEndPoint LocalEndPoint { get; private set; }

    /// <summary>
    /// Moves to a fresh ephemeral port on the same address and closes the old socket: what the peer
    /// sees when a NAT in front of this side rebinds its mapping (RFC 3948 2.3). A receive pending
    /// on the old socket continues on the new one. Returns the new endpoint.
    /// </summary>
    internal IPEndPoint Rebind()
    {
        lock (_rebindGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var fresh = Bound(new IPEndPoint(LocalEndPoint.Address, 0));
            var old = _socket;
            LocalEndPoint = (IPEndPoint)fresh.LocalEndPoint!;
            _socket = fresh;
            old.Dispose();
            return LocalEndPoint;
        }
    }

    private readonly object _rebindGate = new();
    private bool _disposed;

    /// <summary>
    /// ESP-in-UDP (RFC 3948 2.1, 2.3): on a marker socket, a datagram that is not IKE (first four
    /// octets non-zero = ESP, a single 0xFF = NAT-keepalive) goes here instead of being dropped.
    /// Set by <see cref="Esp.EspEndpoint"/>; called on the receive loop, so it must not block.
    /// </summary>
    internal Action<IkeDatagram>? NonIkeReceived { get; set; }

    /// <summary>Sends a UDP payload as is (no marker): ESP-in-UDP and keepalives (RFC 3948 2.1, 2.3).</summary>
    internal async Task SendRawAsync(byte[] wire, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        _observer?.Invoke(LocalEndPoint, destination, wire);
        await SendToAsync(wire, destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendToAsync(byte[] wire, IPEndPoint destination, CancellationToken cancellationToken)
    {
        var socket = _socket;
        try
        {
            await socket.SendToAsync(wire, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (socket != _socket)
        {
            // Rebound in the meantime: the datagram leaves from the new port.
            await _socket.SendToAsync(wire, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SendAsync(byte[] ikeMessage, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        var wire = _nonEspMarker ? [0, 0, 0, 0, .. ikeMessage] : ikeMessage;
        _observer?.Invoke(LocalEndPoint, destination, wire);
        await SendToAsync(wire, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next IKE datagram, or null when <paramref name="timeout"/> passes first.</summary>
    public async Task<IkeDatagram?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        while (true)
        {
            SocketReceiveFromResult result;
            var socket = _socket;
            try
            {
                result = await socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(LocalEndPoint.Address.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // ICMP port unreachable from an earlier send; not an IKE message.
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException && socket != _socket)
            {
                // Rebound while waiting: continue on the new socket.
                continue;
            }

            var source = (IPEndPoint)result.RemoteEndPoint;
            var wire = _buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            _observer?.Invoke(source, LocalEndPoint, wire);
            if (!_nonEspMarker)
            {
                return new IkeDatagram(source, LocalEndPoint, wire);
            }

            if (NatTDatagram.Classify(wire) == NatTKind.Ike)
            {
                return new IkeDatagram(source, LocalEndPoint, wire[NatTDatagram.MarkerLength..]);
            }

            // Not IKE: ESP or a keepalive, for the ESP endpoint if one is attached (RFC 3948 2.1).
            NonIkeReceived?.Invoke(new IkeDatagram(source, LocalEndPoint, wire));
        }
    }

    public void Dispose()
    {
        lock (_rebindGate)
        {
            _disposed = true;
            _socket.Dispose();
        }
    }
}
