using System.Buffers.Binary;
using System.Text;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// A minimal pcapng writer (draft-ietf-opsawg-pcapng): one Section Header Block, one
/// Interface Description Block of link type RAW (101: packets start at the IP header) unless
/// another is named (e.g. 252, WIRESHARK_UPPER_PDU, for exported PDUs), then
/// Enhanced Packet Blocks with microsecond timestamps and an optional comment.
///
///   Block:  | Block Type (4) | Block Total Length (4) | body ... | Block Total Length (4) |
///   EPB body: Interface ID (4) | Timestamp high (4) | low (4) | Captured len (4) | Original len (4)
///             | packet data, padded to 32 bits | options (opt_comment = 1) | opt_endofopt
/// </summary>
public sealed class PcapNgWriter : IDisposable
{
    public const ushort LinkTypeRaw = 101;
    public const ushort LinkTypeWiresharkUpperPdu = 252;
    private const uint SectionHeader = 0x0A0D0D0A;
    private const uint InterfaceDescription = 0x00000001;
    private const uint EnhancedPacket = 0x00000006;
    private const ushort OptComment = 1;
    private const ushort OptShbUserAppl = 4;
    private const ushort OptIfName = 2;

    private readonly Stream stream;
    private readonly Lock gate = new();

    public PcapNgWriter(Stream stream, string application, string interfaceName, ushort linkType = LinkTypeRaw)
    {
        this.stream = stream;
        WriteBlock(SectionHeader, body =>
        {
            body.Write(BitConverter.GetBytes(0x1A2B3C4Du)); // byte-order magic, host order
            body.Write(BitConverter.GetBytes((ushort)1));
            body.Write(BitConverter.GetBytes((ushort)0));
            body.Write(BitConverter.GetBytes(-1L)); // section length unknown
            WriteOption(body, OptShbUserAppl, Encoding.UTF8.GetBytes(application));
            WriteOption(body, 0, []);
        });
        WriteBlock(InterfaceDescription, body =>
        {
            body.Write(BitConverter.GetBytes(linkType));
            body.Write(BitConverter.GetBytes((ushort)0));
            body.Write(BitConverter.GetBytes(65535u));
            WriteOption(body, OptIfName, Encoding.UTF8.GetBytes(interfaceName));
            WriteOption(body, 0, []);
        });
    }

    public int PacketCount { get; private set; }

    public void WritePacket(DateTimeOffset at, ReadOnlySpan<byte> ipPacket, string? comment = null)
    {
        var data = ipPacket.ToArray();
        lock (gate)
        {
            var micros = (ulong)(at.ToUnixTimeMilliseconds() * 1000 + at.Ticks / 10 % 1000);
            WriteBlock(EnhancedPacket, body =>
            {
                body.Write(BitConverter.GetBytes(0u));
                body.Write(BitConverter.GetBytes((uint)(micros >> 32)));
                body.Write(BitConverter.GetBytes((uint)micros));
                body.Write(BitConverter.GetBytes((uint)data.Length));
                body.Write(BitConverter.GetBytes((uint)data.Length));
                body.Write(data);
                Pad(body, data.Length);
                if (comment is not null)
                {
                    WriteOption(body, OptComment, Encoding.UTF8.GetBytes(comment));
                    WriteOption(body, 0, []);
                }
            });
            PacketCount++;
        }
    }

    private void WriteBlock(uint type, Action<BinaryWriter> fill)
    {
        using var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) fill(bw);
        var total = (uint)(ms.Length + 12);
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(head, type);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], total);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(head, type);
            BinaryPrimitives.WriteUInt32BigEndian(head[4..], total);
        }
        stream.Write(head);
        ms.Position = 0;
        ms.CopyTo(stream);
        stream.Write(head[4..]);
        stream.Flush();
    }

    private static void WriteOption(BinaryWriter body, ushort code, byte[] value)
    {
        body.Write(code);
        body.Write((ushort)value.Length);
        body.Write(value);
        Pad(body, value.Length);
    }

    private static void Pad(BinaryWriter body, int length)
    {
        for (var i = length; i % 4 != 0; i++) body.Write((byte)0);
    }

    public void Dispose() => stream.Dispose();
}
