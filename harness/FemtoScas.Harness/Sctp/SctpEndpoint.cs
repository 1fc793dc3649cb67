using System.Diagnostics;
using System.Threading.Channels;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// One AF_CONN link of the usrsctp stack: one place SCTP packets leave (the output delegate: the tunnel's inner
/// channel, a UDP socket per RFC 6951, or an in-memory pipe) and one place they enter (<see cref="Input"/>).
/// Packets are raw SCTP (common header + chunks, RFC 9260 3), with no IP header.
/// <para>
/// usrsctp hands a packet out while holding its locks, so the packet is only queued there and a pump task calls
/// the delegate; the delegate may therefore feed another endpoint's <see cref="Input"/> directly. usrsctp treats
/// an AF_CONN packet's source and destination address as the same link, so sockets of this endpoint bind to and
/// connect to the endpoint's own address and are told apart by port.
/// </para>
/// </summary>
public sealed class SctpEndpoint : IDisposable
{
    /// <summary>Largest packet passed either way: an IPv4/IPv6 payload cannot be longer.</summary>
    public const int MaxPacketBytes = 65535;

    private const int OutboundQueuePackets = 4096;

    private readonly Action<ReadOnlyMemory<byte>> output;
    private readonly Channel<byte[]> outbound =
        Channel.CreateBounded<byte[]>(new BoundedChannelOptions(OutboundQueuePackets) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task pump;
    private long dropped;
    private long outputFailures;
    private int disposed;

    internal SctpEndpoint(nint token, Action<ReadOnlyMemory<byte>> output, string name)
    {
        Token = token;
        this.output = output;
        Name = name;
        pump = Task.Run(PumpAsync);
    }

    internal nint Token { get; }

    public string Name { get; }

    /// <summary>Packets not passed on: queue full, oversized input, or input after dispose.</summary>
    public long DroppedPackets => Interlocked.Read(ref dropped);

    /// <summary>Times the output delegate threw; the packet counts as lost (SCTP retransmits).</summary>
    public long OutputFailures => Interlocked.Read(ref outputFailures);

    /// <summary>Feeds one received SCTP packet to the stack; usrsctp verifies its CRC32c and parses it.</summary>
    public unsafe void Input(ReadOnlySpan<byte> packet)
    {
        if (Volatile.Read(ref disposed) != 0 || packet.Length > MaxPacketBytes)
        {
            Interlocked.Increment(ref dropped);
            return;
        }

        fixed (byte* p = packet)
        {
            UsrSctpNative.usrsctp_conninput(Token, p, (nuint)packet.Length, 0);
        }
    }

    /// <summary>A listening socket on <paramref name="port"/> (one-to-one style, RFC 6458 4).</summary>
    public SctpListener Listen(ushort port, SctpOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return SctpListener.Open(this, port, options ?? SctpOptions.Default);
    }

    /// <summary>
    /// Opens an association from <paramref name="localPort"/> (0 = any) to <paramref name="remotePort"/> and waits for
    /// it to come up: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK (RFC 9260 5.1). A silent peer gives
    /// <see cref="SctpConnectStatus.TimedOut"/>, never a hang.
    /// </summary>
    public Task<SctpConnectOutcome> ConnectAsync(ushort localPort, ushort remotePort, TimeSpan timeout, SctpOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return SctpAssociation.ConnectAsync(this, localPort, remotePort, options ?? SctpOptions.Default, timeout, cancellationToken);
    }

    internal void Enqueue(byte[] packet)
    {
        if (!outbound.Writer.TryWrite(packet))
        {
            Interlocked.Increment(ref dropped);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var packet in outbound.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                output(packet);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref outputFailures);
                Trace.TraceWarning($"SCTP endpoint {Name}: output failed: {e.Message}");
            }
        }
    }

    /// <summary>Stops routing packets; sockets of this endpoint should be closed first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        SctpStack.RemoveEndpoint(Token);
        outbound.Writer.TryComplete();
    }
}
