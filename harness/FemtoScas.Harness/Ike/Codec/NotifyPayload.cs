using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/*  Notify payload (RFC 7296 3.10):
 *
 *   generic payload header (4 octets)
 *   octet 0        protocol ID (0 when not about a specific SA; 1 IKE, 2 AH, 3 ESP)
 *   octet 1        SPI size
 *   octet 2 .. 3   notify message type
 *   octet 4 ..     SPI (SPI size octets), then notification data
 */

/// <summary>N payload. SPI size is computed from <see cref="Spi"/> by the writer.</summary>
public sealed record NotifyPayload(IkeProtocolId Protocol, ReadOnlyMemory<byte> Spi, NotifyMessageType NotifyType, ReadOnlyMemory<byte> Data) : IkePayload
{
    public const int FixedSize = 4;
    public const int SpiSizeOffset = 1;
    public const int TypeOffset = 2;

    /// <summary>A notification not bound to any SA (protocol 0, no SPI).</summary>
    public static NotifyPayload Of(NotifyMessageType type, ReadOnlyMemory<byte> data = default) =>
        new(IkeProtocolId.None, ReadOnlyMemory<byte>.Empty, type, data);

    public override IkePayloadType Type => IkePayloadType.Notify;

    internal static NotifyPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"Notify payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.10");
            return new NotifyPayload(0, ReadOnlyMemory<byte>.Empty, 0, body.ToArray());
        }

        var protocol = (IkeProtocolId)body[0];
        int spiSize = body[SpiSizeOffset];
        var type = (NotifyMessageType)BinaryPrimitives.ReadUInt16BigEndian(body[TypeOffset..]);
        if (FixedSize + spiSize > body.Length)
        {
            findings.Add(at + SpiSizeOffset, $"SPI size {spiSize} runs past the Notify payload", "RFC 7296 3.10");
            return new NotifyPayload(protocol, body[FixedSize..].ToArray(), type, ReadOnlyMemory<byte>.Empty);
        }

        if (protocol is not (IkeProtocolId.None or IkeProtocolId.Ike or IkeProtocolId.Ah or IkeProtocolId.Esp))
        {
            findings.Add(at, $"Notify protocol ID {(byte)protocol} is not 0, IKE, AH or ESP", "RFC 7296 3.10");
        }

        if (protocol == IkeProtocolId.None && spiSize != 0)
        {
            findings.Add(at + SpiSizeOffset, $"Notify with protocol ID 0 carries a {spiSize}-octet SPI", "RFC 7296 3.10");
        }

        var data = body[(FixedSize + spiSize)..];
        CheckKnownData(type, data, at + FixedSize + spiSize, findings);
        return new NotifyPayload(protocol, body.Slice(FixedSize, spiSize).ToArray(), type, data.ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)Protocol);
        sink.U8(checked((byte)Spi.Length));
        sink.U16((ushort)NotifyType);
        sink.Bytes(Spi.Span);
        sink.Bytes(Data.Span);
    }

    private static void CheckKnownData(NotifyMessageType type, ReadOnlySpan<byte> data, int at, List<CodecFinding> findings)
    {
        switch (type)
        {
            case NotifyMessageType.NatDetectionSourceIp or NotifyMessageType.NatDetectionDestinationIp when data.Length != 20:
                findings.Add(at, $"{type.RfcName()} data is {data.Length} octets; a SHA-1 digest is 20", "RFC 7296 2.23");
                break;
            case NotifyMessageType.Cookie when data.Length is < 1 or > 64:
                findings.Add(at, $"COOKIE of {data.Length} octets is outside 1..64", "RFC 7296 2.6");
                break;
            case NotifyMessageType.InvalidKePayload when data.Length != 2:
                findings.Add(at, $"INVALID_KE_PAYLOAD data is {data.Length} octets; the accepted group number is 2", "RFC 7296 1.2, 3.10.1");
                break;
            case NotifyMessageType.SignatureHashAlgorithms when data.Length % 2 != 0:
                findings.Add(at, $"SIGNATURE_HASH_ALGORITHMS data of {data.Length} octets is not a list of 2-octet identifiers", "RFC 7427 4");
                break;
        }
    }
}
