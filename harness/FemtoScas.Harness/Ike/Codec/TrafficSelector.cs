using System.Buffers.Binary;
using System.Net;

namespace FemtoScas.Harness.Ike.Codec;

/*  Traffic selector (RFC 7296 3.13.1):
 *
 *   octet 0        TS type (7 = IPv4 address range, 8 = IPv6 address range)
 *   octet 1        IP protocol ID (0 = any)
 *   octet 2 .. 3   selector length including this header (16 for IPv4, 40 for IPv6)
 *   octet 4 .. 5   start port
 *   octet 6 .. 7   end port
 *   octet 8 ..     starting address, then ending address (4 or 16 octets each)
 */

/// <summary>TS types (RFC 7296 3.13.1).</summary>
public enum TrafficSelectorType : byte
{
    Ipv4AddressRange = 7,
    Ipv6AddressRange = 8,
}

/// <summary>
/// One traffic selector. For an unknown TS type the octets after the ports are kept whole in
/// <see cref="StartAddress"/> and <see cref="EndAddress"/> is empty, so the selector re-encodes unchanged.
/// </summary>
public sealed record TrafficSelector(TrafficSelectorType TsType, byte IpProtocol, ushort StartPort, ushort EndPort, ReadOnlyMemory<byte> StartAddress, ReadOnlyMemory<byte> EndAddress)
{
    public const int HeaderSize = 8;
    public const int LengthOffset = 2;

    public static TrafficSelector Range(IPAddress start, IPAddress end, byte ipProtocol = 0, ushort startPort = 0, ushort endPort = 65535)
    {
        if (start.AddressFamily != end.AddressFamily)
        {
            throw new ArgumentException($"traffic selector range mixes {start.AddressFamily} and {end.AddressFamily}");
        }

        var type = start.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? TrafficSelectorType.Ipv6AddressRange : TrafficSelectorType.Ipv4AddressRange;
        return new TrafficSelector(type, ipProtocol, startPort, endPort, start.GetAddressBytes(), end.GetAddressBytes());
    }

    public static TrafficSelector AnyIpv4 { get; } = Range(IPAddress.Any, IPAddress.Broadcast);

    public static TrafficSelector AnyIpv6 { get; } = Range(IPAddress.IPv6Any, IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));

    public override string ToString() => TsType switch
    {
        TrafficSelectorType.Ipv4AddressRange or TrafficSelectorType.Ipv6AddressRange when StartAddress.Length == EndAddress.Length && StartAddress.Length is 4 or 16 =>
            $"{new IPAddress(StartAddress.Span)}-{new IPAddress(EndAddress.Span)} proto {IpProtocol} ports {StartPort}-{EndPort}",
        _ => $"TS type {(byte)TsType} ({StartAddress.Length} octets)",
    };

    internal static TrafficSelector? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed)
    {
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"traffic selector truncated: {source.Length} octets left, 8 needed", "RFC 7296 3.13.1");
            consumed = source.Length;
            return null;
        }

        var type = (TrafficSelectorType)source[0];
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length < HeaderSize || length > source.Length)
        {
            findings.Add(at + LengthOffset, $"selector length {length} is below 8 or runs past the payload ({source.Length} octets left)", "RFC 7296 3.13.1");
            consumed = source.Length;
            return null;
        }

        consumed = length;
        ushort startPort = BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        ushort endPort = BinaryPrimitives.ReadUInt16BigEndian(source[6..]);
        var addresses = source[HeaderSize..length];
        int addressSize = type switch
        {
            TrafficSelectorType.Ipv4AddressRange => 4,
            TrafficSelectorType.Ipv6AddressRange => 16,
            _ => 0,
        };

        if (addressSize == 0)
        {
            findings.Add(at, $"unknown traffic selector type {(byte)type}", "RFC 7296 3.13.1");
            return new TrafficSelector(type, source[1], startPort, endPort, addresses.ToArray(), ReadOnlyMemory<byte>.Empty);
        }

        if (addresses.Length != 2 * addressSize)
        {
            findings.Add(at + LengthOffset, $"selector length {length} does not fit two {addressSize}-octet addresses", "RFC 7296 3.13.1");
            return new TrafficSelector(type, source[1], startPort, endPort, addresses.ToArray(), ReadOnlyMemory<byte>.Empty);
        }

        if (startPort > endPort)
        {
            findings.Add(at + 4, $"start port {startPort} exceeds end port {endPort}", "RFC 7296 3.13.1");
        }

        return new TrafficSelector(type, source[1], startPort, endPort, addresses[..addressSize].ToArray(), addresses[addressSize..].ToArray());
    }

    internal void Write(ByteSink sink)
    {
        int start = sink.Length;
        sink.U8((byte)TsType);
        sink.U8(IpProtocol);
        sink.U16(0);
        sink.U16(StartPort);
        sink.U16(EndPort);
        sink.Bytes(StartAddress.Span);
        sink.Bytes(EndAddress.Span);
        sink.PatchU16(start + LengthOffset, checked((ushort)(sink.Length - start)));
    }
}
