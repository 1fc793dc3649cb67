using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Esp.Inner;

// IPv4 header (RFC 791 3.1), the inner packet of tunnel-mode ESP:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Identification        |Flags|      Fragment Offset    |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Time to Live |    Protocol   |         Header Checksum       |  8
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Source Address                          |  12
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Destination Address                        |  16
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Options (IHL > 5)          |    Padding    |  20
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>An IPv4 packet: the header fields the harness uses and the payload after the header.</summary>
public sealed record Ipv4Packet(IPAddress Source, IPAddress Destination, byte Protocol, ReadOnlyMemory<byte> Payload,
    byte Ttl = 64, ushort Identification = 0, byte TypeOfService = 0, ushort FlagsAndFragment = 0, ReadOnlyMemory<byte> Options = default)
{
    public const int VersionIhlOffset = 0;
    public const int TypeOfServiceOffset = 1;
    public const int TotalLengthOffset = 2;
    public const int IdentificationOffset = 4;
    public const int FlagsFragmentOffset = 6;
    public const int TtlOffset = 8;
    public const int ProtocolOffset = 9;
    public const int ChecksumOffset = 10;
    public const int SourceOffset = 12;
    public const int DestinationOffset = 16;
    public const int MinimumHeaderLength = 20;
    public const byte ProtocolIcmp = 1;

    /// <summary>Writes the packet with a correct Total Length and header checksum.</summary>
    public byte[] ToBytes()
    {
        var headerLength = MinimumHeaderLength + (Options.Length + 3) / 4 * 4;
        var bytes = new byte[headerLength + Payload.Length];
        bytes[VersionIhlOffset] = (byte)(0x40 | headerLength / 4);
        bytes[TypeOfServiceOffset] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(TotalLengthOffset), checked((ushort)bytes.Length));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(IdentificationOffset), Identification);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(FlagsFragmentOffset), FlagsAndFragment);
        bytes[TtlOffset] = Ttl;
        bytes[ProtocolOffset] = Protocol;
        Source.GetAddressBytes().CopyTo(bytes, SourceOffset);
        Destination.GetAddressBytes().CopyTo(bytes, DestinationOffset);
        Options.Span.CopyTo(bytes.AsSpan(MinimumHeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChecksumOffset), InternetChecksum.Compute(bytes.AsSpan(0, headerLength)));
        Payload.Span.CopyTo(bytes.AsSpan(headerLength));
        return bytes;
    }

    /// <summary>Lenient parse: never throws; a wrong checksum or length is a finding, the packet is still returned when its header fits.</summary>
    public static (Ipv4Packet? Packet, IReadOnlyList<CodecFinding> Findings) Parse(ReadOnlySpan<byte> data)
    {
        var findings = new List<CodecFinding>();
        if (data.Length < MinimumHeaderLength)
        {
            findings.Add(new CodecFinding(0, $"{data.Length} octets are shorter than an IPv4 header", "RFC 791 3.1"));
            return (null, findings);
        }

        var version = data[VersionIhlOffset] >> 4;
        var headerLength = (data[VersionIhlOffset] & 0x0F) * 4;
        if (version != 4)
        {
            findings.Add(new CodecFinding(VersionIhlOffset, $"version {version}, not 4", "RFC 791 3.1"));
            return (null, findings);
        }

        if (headerLength < MinimumHeaderLength || headerLength > data.Length)
        {
            findings.Add(new CodecFinding(VersionIhlOffset, $"IHL gives a {headerLength}-octet header in {data.Length} octets", "RFC 791 3.1"));
            return (null, findings);
        }

        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(data[TotalLengthOffset..]);
        var end = data.Length;
        if (totalLength < headerLength || totalLength > data.Length)
            findings.Add(new CodecFinding(TotalLengthOffset, $"Total Length {totalLength} does not fit the {data.Length} octets received", "RFC 791 3.1"));
        else
            end = totalLength;

        if (InternetChecksum.Compute(data[..headerLength]) != 0)
            findings.Add(new CodecFinding(ChecksumOffset, "header checksum does not verify", "RFC 791 3.1"));

        var packet = new Ipv4Packet(
            new IPAddress(data.Slice(SourceOffset, 4)), new IPAddress(data.Slice(DestinationOffset, 4)), data[ProtocolOffset],
            data[headerLength..end].ToArray(), data[TtlOffset], BinaryPrimitives.ReadUInt16BigEndian(data[IdentificationOffset..]),
            data[TypeOfServiceOffset], BinaryPrimitives.ReadUInt16BigEndian(data[FlagsFragmentOffset..]),
            data[MinimumHeaderLength..headerLength].ToArray());
        return (packet, findings);
    }
}
