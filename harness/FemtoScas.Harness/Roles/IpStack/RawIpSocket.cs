using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// An IPv4 raw socket of one protocol that sends whole packets the harness wrote (IP_HDRINCL, so the
/// pcapng holds exactly what went out) and receives every packet of that protocol the host gets; the
/// caller keeps only those from the DUT. Needs root or CAP_NET_RAW.
/// </summary>
public sealed class RawIpSocket : IDisposable
{
    /// <summary>Larger than any IPv4 packet on a 1500-octet link; a longer one is cut, never grown into.</summary>
    public const int ReceiveBufferSize = 2048;

    private readonly Socket socket;
    private readonly byte[] buffer = new byte[ReceiveBufferSize];

    private RawIpSocket(Socket socket) => this.socket = socket;

    /// <summary>Opens the socket; null with the reason when the host does not allow it (not root).</summary>
    public static (RawIpSocket? Socket, string? Why) TryOpen(ProtocolType protocol)
    {
        try
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Raw, protocol);
            s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
            return (new RawIpSocket(s), null);
        }
        catch (SocketException e)
        {
            return (null, $"no raw IPv4 socket ({protocol}): {e.SocketErrorCode} ({e.Message}); needs root or CAP_NET_RAW");
        }
    }

    public void Send(byte[] packet, IPAddress destination) => socket.SendTo(packet, new IPEndPoint(destination, 0));

    /// <summary>The next packet, or null when <paramref name="wait"/> passes first.</summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        try
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cts.Token).ConfigureAwait(false);
            return buffer.AsSpan(0, n).ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => socket.Dispose();
}
