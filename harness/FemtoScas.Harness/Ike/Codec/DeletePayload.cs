using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/*  Delete payload (RFC 7296 3.11):
 *
 *   generic payload header (4 octets)
 *   octet 0        protocol ID (1 IKE, 2 AH, 3 ESP)
 *   octet 1        SPI size (0 for IKE, 4 for AH/ESP)
 *   octet 2 .. 3   number of SPIs
 *   octet 4 ..     the SPIs, each SPI size octets
 */

/// <summary>D payload. The SPI count is computed by the writer; SPI size is kept as sent.</summary>
public sealed record DeletePayload(IkeProtocolId Protocol, byte SpiSize, IReadOnlyList<ReadOnlyMemory<byte>> Spis) : IkePayload
{
    public const int FixedSize = 4;
    public const int SpiCountOffset = 2;

    public override IkePayloadType Type => IkePayloadType.Delete;

    public static DeletePayload IkeSa() => new(IkeProtocolId.Ike, 0, []);

    public static DeletePayload ChildSas(IkeProtocolId protocol, params uint[] spis) =>
        new(protocol, 4, spis.Select(spi =>
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
            return (ReadOnlyMemory<byte>)bytes;
        }).ToArray());

    internal static DeletePayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"Delete payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.11");
            return new DeletePayload(0, 0, []);
        }

        var protocol = (IkeProtocolId)body[0];
        byte spiSize = body[1];
        int count = BinaryPrimitives.ReadUInt16BigEndian(body[SpiCountOffset..]);
        if (protocol == IkeProtocolId.Ike && (spiSize != 0 || count != 0))
        {
            findings.Add(at + 1, "Delete for the IKE SA must carry SPI size 0 and no SPIs", "RFC 7296 3.11");
        }
        else if (protocol is IkeProtocolId.Ah or IkeProtocolId.Esp && spiSize != 4)
        {
            findings.Add(at + 1, $"Delete for AH/ESP carries SPI size {spiSize}, not 4", "RFC 7296 3.11");
        }
        else if (protocol is not (IkeProtocolId.Ike or IkeProtocolId.Ah or IkeProtocolId.Esp))
        {
            findings.Add(at, $"Delete protocol ID {(byte)protocol} is not IKE, AH or ESP", "RFC 7296 3.11");
        }

        var spis = new List<ReadOnlyMemory<byte>>();
        int available = body.Length - FixedSize;
        if ((long)count * spiSize != available)
        {
            findings.Add(at + SpiCountOffset, $"{count} SPIs of {spiSize} octets do not match the {available} octets present", "RFC 7296 3.11");
        }

        for (int i = 0; spiSize > 0 && i < count && FixedSize + (i + 1) * spiSize <= body.Length; i++)
        {
            spis.Add(body.Slice(FixedSize + i * spiSize, spiSize).ToArray());
        }

        return new DeletePayload(protocol, spiSize, spis);
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)Protocol);
        sink.U8(SpiSize);
        sink.U16(checked((ushort)Spis.Count));
        foreach (var spi in Spis)
        {
            sink.Bytes(spi.Span);
        }
    }
}
