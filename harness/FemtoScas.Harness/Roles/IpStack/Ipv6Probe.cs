using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Roles.IpStack;

// IPv6 header (RFC 8200 3), as the IPv6 probes write it whole:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version| Traffic Class |           Flow Label                  |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Payload Length        |  Next Header  |   Hop Limit   |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     Source Address (16 octets)                |  8
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  Destination Address (16 octets)              |  24
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  extension headers (each: Next Header, length, ...), then the upper layer (ICMPv6)
//
// Hop-by-Hop / Destination Options header (RFC 8200 4.3, 4.6) and Routing header (4.4; type 0 of
// RFC 2460, deprecated by RFC 5095):
//   | Next Header | Hdr Ext Len (8-octet units, not counting the first 8) | options... / Routing Type | Segments Left | ...

/// <summary>
/// One IPv6 probe packet the harness writes whole: the fixed header, the extension headers in order,
/// then an ICMPv6 message whose checksum covers the RFC 8200 8.1 pseudo-header. The upper-layer
/// destination in that pseudo-header is the packet's final destination: the last address of a
/// routing header with segments left, else the header's destination.
/// </summary>
public sealed record Ipv6Probe(IPAddress Source, IPAddress Destination, IReadOnlyList<Ipv6ExtensionHeader> ExtensionHeaders, byte IcmpType, byte IcmpCode,
    uint SecondWord, ReadOnlyMemory<byte> IcmpBody, byte HopLimit = 64)
{
    public const int HeaderLength = 40;
    public const int PayloadLengthOffset = 4;
    public const int NextHeaderOffset = 6;
    public const int HopLimitOffset = 7;
    public const int SourceOffset = 8;
    public const int DestinationOffset = 24;
    public const byte NextHeaderHopByHop = 0;
    public const byte NextHeaderRouting = 43;
    public const byte NextHeaderIcmpv6 = 58;
    public const byte NextHeaderDestinationOptions = 60;

    public byte[] ToBytes()
    {
        if (Source.AddressFamily != AddressFamily.InterNetworkV6 || Destination.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("an IPv6 probe needs IPv6 addresses");
        var finalDestination = Destination;
        foreach (var h in ExtensionHeaders)
        {
            if (h is { NextHeaderValue: NextHeaderRouting, FinalDestination: { } last }) finalDestination = last;
        }
        var icmp = Icmpv6Message.Write(Source, finalDestination, IcmpType, IcmpCode, SecondWord, IcmpBody.Span);
        var extensionLength = ExtensionHeaders.Sum(h => h.Body.Length);
        var bytes = new byte[HeaderLength + extensionLength + icmp.Length];
        bytes[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(PayloadLengthOffset), checked((ushort)(extensionLength + icmp.Length)));
        bytes[NextHeaderOffset] = ExtensionHeaders.Count > 0 ? ExtensionHeaders[0].NextHeaderValue : NextHeaderIcmpv6;
        bytes[HopLimitOffset] = HopLimit;
        Source.GetAddressBytes().CopyTo(bytes, SourceOffset);
        Destination.GetAddressBytes().CopyTo(bytes, DestinationOffset);
        var offset = HeaderLength;
        for (var i = 0; i < ExtensionHeaders.Count; i++)
        {
            var body = ExtensionHeaders[i].Body.Span;
            body.CopyTo(bytes.AsSpan(offset));
            // Each header's first octet names the next one.
            bytes[offset] = i + 1 < ExtensionHeaders.Count ? ExtensionHeaders[i + 1].NextHeaderValue : NextHeaderIcmpv6;
            offset += body.Length;
        }
        icmp.CopyTo(bytes, offset);
        return bytes;
    }

    /// <summary>
    /// A received ICMPv6 message with an IPv6 header put back in front for the pcapng (a raw ICMPv6
    /// socket strips it): the socket's source and destination, hop limit 255 (not known; the comment
    /// of the recorded packet says the header is rebuilt). A message over 65535 octets is cut.
    /// </summary>
    public static byte[] Rebuilt(IPAddress source, IPAddress destination, ReadOnlySpan<byte> icmp)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var length = Math.Min(icmp.Length, ushort.MaxValue);
        var bytes = new byte[HeaderLength + length];
        bytes[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(PayloadLengthOffset), (ushort)length);
        bytes[NextHeaderOffset] = NextHeaderIcmpv6;
        bytes[HopLimitOffset] = 255;
        (source.AddressFamily == AddressFamily.InterNetworkV6 ? source : IPAddress.IPv6None).GetAddressBytes().CopyTo(bytes, SourceOffset);
        (destination.AddressFamily == AddressFamily.InterNetworkV6 ? destination : IPAddress.IPv6None).GetAddressBytes().CopyTo(bytes, DestinationOffset);
        icmp[..length].CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }
}

/// <summary>
/// One extension header as it goes on the wire (<see cref="Body"/>, a multiple of 8 octets whose first
/// octet the packet writer fills with the next header), and the value that names it in the header before.
/// </summary>
public sealed record Ipv6ExtensionHeader(byte NextHeaderValue, ReadOnlyMemory<byte> Body, string Description)
{
    /// <summary>For a routing header with segments left, the last address listed (the packet's final destination).</summary>
    public IPAddress? FinalDestination { get; init; }

    /// <summary>
    /// A Hop-by-Hop (<paramref name="nextHeaderValue"/> 0) or Destination Options (60) header of 8 octets
    /// holding one option of <paramref name="optionType"/> with four data octets (RFC 8200 4.2). An
    /// option type whose two high bits are 00 is to be skipped by a node that does not know it.
    /// </summary>
    public static Ipv6ExtensionHeader Options(byte nextHeaderValue, byte optionType, string description) =>
        new(nextHeaderValue, new byte[] { 0, 0, optionType, 4, 0xF5, 0xCA, 0x31, 0x17 }, description);

    /// <summary>
    /// A type 0 routing header (RFC 2460 4.4, deprecated by RFC 5095) listing <paramref name="addresses"/>
    /// with <paramref name="segmentsLeft"/>: 8 octets (next header, length 2n, type 0, segments left,
    /// 4 reserved), then the n addresses.
    /// </summary>
    public static Ipv6ExtensionHeader RoutingType0(IReadOnlyList<IPAddress> addresses, byte segmentsLeft)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var body = new byte[8 + 16 * addresses.Count];
        body[1] = checked((byte)(2 * addresses.Count));
        body[2] = 0;
        body[3] = segmentsLeft;
        for (var i = 0; i < addresses.Count; i++) addresses[i].GetAddressBytes().CopyTo(body, 8 + 16 * i);
        return new(Ipv6Probe.NextHeaderRouting, body, $"routing header type 0, segments left {segmentsLeft}")
        {
            FinalDestination = segmentsLeft > 0 && addresses.Count > 0 ? addresses[^1] : null,
        };
    }
}
