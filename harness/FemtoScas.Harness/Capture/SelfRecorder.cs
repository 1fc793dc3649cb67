using System.Net;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// Records every datagram and stream byte the harness itself sends or receives into a pcapng,
/// without root: payloads are exact, the IP/UDP/TCP headers around them are reconstructed
/// (see <see cref="IpPacketSynthesizer"/>), which the file says in its comments.
/// </summary>
public sealed class SelfRecorder : IDisposable
{
    private readonly PcapNgWriter writer;

    public SelfRecorder(string path)
    {
        Path = path;
        writer = new PcapNgWriter(File.Create(path), "FemtoScas self-recording (headers reconstructed from socket I/O)", "harness-sockets");
    }

    public string Path { get; }
    public int PacketCount => writer.PacketCount;

    public void Datagram(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload, string? comment = null) =>
        writer.WritePacket(DateTimeOffset.UtcNow, IpPacketSynthesizer.Udp(source, destination, payload), comment);

    /// <summary>A TCP connection the harness opened (or accepted): records the handshake now.</summary>
    public TcpFlow Connected(IPEndPoint local, IPEndPoint remote, string? comment = null)
    {
        var flow = new TcpFlow(this, local, remote);
        flow.Handshake(comment);
        return flow;
    }

    /// <summary>A connection attempt the peer refused (RST): the scan's evidence of a closed port.</summary>
    public void Refused(IPEndPoint local, IPEndPoint remote, string? comment = null)
    {
        Write(IpPacketSynthesizer.Tcp(local, remote, 1000, 0, IpPacketSynthesizer.TcpFlags.Syn, []), comment);
        Write(IpPacketSynthesizer.Tcp(remote, local, 0, 1001, IpPacketSynthesizer.TcpFlags.Rst | IpPacketSynthesizer.TcpFlags.Ack, []), null);
    }

    /// <summary>An IP packet the harness carried whole (an inner packet of the DUT's tunnel, e.g. NG-C's SCTP), recorded as it is.</summary>
    public void IpPacket(byte[] packet, string? comment = null) => Write(packet, comment);

    /// <summary>As <see cref="IpPacket(byte[], string?)"/> with the time it was sent or received (a frame kept in memory and recorded after its trial).</summary>
    public void IpPacket(byte[] packet, string? comment, DateTimeOffset at) => writer.WritePacket(at, packet, comment);

    internal void Write(byte[] packet, string? comment) => writer.WritePacket(DateTimeOffset.UtcNow, packet, comment);

    public void Dispose() => writer.Dispose();

    /// <summary>Sequence numbers of one reconstructed TCP flow.</summary>
    public sealed class TcpFlow
    {
        private readonly SelfRecorder recorder;
        private readonly IPEndPoint local;
        private readonly IPEndPoint remote;
        private readonly Lock gate = new();
        private uint localSeq = 1000;
        private uint remoteSeq = 5000;
        private bool closed;

        internal TcpFlow(SelfRecorder recorder, IPEndPoint local, IPEndPoint remote)
        {
            this.recorder = recorder;
            this.local = local;
            this.remote = remote;
        }

        internal void Handshake(string? comment)
        {
            recorder.Write(IpPacketSynthesizer.Tcp(local, remote, localSeq++, 0, IpPacketSynthesizer.TcpFlags.Syn, []), comment);
            recorder.Write(IpPacketSynthesizer.Tcp(remote, local, remoteSeq++, localSeq, IpPacketSynthesizer.TcpFlags.Syn | IpPacketSynthesizer.TcpFlags.Ack, []), null);
            recorder.Write(IpPacketSynthesizer.Tcp(local, remote, localSeq, remoteSeq, IpPacketSynthesizer.TcpFlags.Ack, []), null);
        }

        public void Sent(ReadOnlySpan<byte> data)
        {
            lock (gate)
            {
                // Segments above 60 kB would overflow the IPv4 total length; split them.
                for (var off = 0; off < data.Length; off += 60_000)
                {
                    var chunk = data.Slice(off, Math.Min(60_000, data.Length - off));
                    recorder.Write(IpPacketSynthesizer.Tcp(local, remote, localSeq, remoteSeq, IpPacketSynthesizer.TcpFlags.Ack | IpPacketSynthesizer.TcpFlags.Psh, chunk), null);
                    localSeq += (uint)chunk.Length;
                }
            }
        }

        public void Received(ReadOnlySpan<byte> data)
        {
            lock (gate)
            {
                for (var off = 0; off < data.Length; off += 60_000)
                {
                    var chunk = data.Slice(off, Math.Min(60_000, data.Length - off));
                    recorder.Write(IpPacketSynthesizer.Tcp(remote, local, remoteSeq, localSeq, IpPacketSynthesizer.TcpFlags.Ack | IpPacketSynthesizer.TcpFlags.Psh, chunk), null);
                    remoteSeq += (uint)chunk.Length;
                }
            }
        }

        public void Close()
        {
            lock (gate)
            {
                if (closed) return;
                closed = true;
                recorder.Write(IpPacketSynthesizer.Tcp(local, remote, localSeq++, remoteSeq, IpPacketSynthesizer.TcpFlags.Fin | IpPacketSynthesizer.TcpFlags.Ack, []), null);
                recorder.Write(IpPacketSynthesizer.Tcp(remote, local, remoteSeq++, localSeq, IpPacketSynthesizer.TcpFlags.Fin | IpPacketSynthesizer.TcpFlags.Ack, []), null);
                recorder.Write(IpPacketSynthesizer.Tcp(local, remote, localSeq, remoteSeq, IpPacketSynthesizer.TcpFlags.Ack, []), null);
            }
        }
    }
}

/// <summary>A stream wrapper that records what passes through it into a <see cref="SelfRecorder.TcpFlow"/>.</summary>
public sealed class RecordingStream(Stream inner, SelfRecorder.TcpFlow flow) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        if (n > 0) flow.Received(buffer.AsSpan(offset, n));
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        flow.Sent(buffer.AsSpan(offset, count));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0) flow.Received(buffer.Span[..n]);
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        flow.Sent(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            flow.Close();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
