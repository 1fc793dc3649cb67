using System.Buffers.Binary;
using System.Net;

namespace FemtoScas.Harness.Ike.Codec;

/*  Configuration attribute (RFC 7296 3.15.1):
 *
 *   octet 0 .. 1   | R | attribute type (15 bits) |   R reserved (0)
 *   octet 2 .. 3   length of the value
 *   octet 4 ..     value (empty in a CFG_REQUEST that only asks for the attribute)
 */

/// <summary>Configuration attribute types (RFC 7296 3.15.1, RFC 7651 for P-CSCF).</summary>
public enum ConfigurationAttributeType : ushort
{
    InternalIp4Address = 1,
    InternalIp4Netmask = 2,
    InternalIp4Dns = 3,
    InternalIp4Nbns = 4,
    InternalIp4Dhcp = 6,
    ApplicationVersion = 7,
    InternalIp6Address = 8,
    InternalIp6Dns = 10,
    InternalIp6Dhcp = 12,
    InternalIp4Subnet = 13,
    SupportedAttributes = 14,
    InternalIp6Subnet = 15,
    PCscfIp4Address = 20,
    PCscfIp6Address = 21,
}

/// <summary>One CP attribute. The length field is computed by the writer.</summary>
public sealed record ConfigurationAttribute(ConfigurationAttributeType AttributeType, ReadOnlyMemory<byte> Value)
{
    public const int HeaderSize = 4;
    public const ushort ReservedBit = 0x8000;

    public static ConfigurationAttribute Request(ConfigurationAttributeType type) => new(type, ReadOnlyMemory<byte>.Empty);

    public static ConfigurationAttribute Address(ConfigurationAttributeType type, IPAddress address, byte? ipv6PrefixLength = null) =>
        new(type, ipv6PrefixLength is { } prefix ? [.. address.GetAddressBytes(), prefix] : address.GetAddressBytes());

    internal static ConfigurationAttribute? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed)
    {
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"configuration attribute truncated: {source.Length} octets left, 4 needed", "RFC 7296 3.15.1");
            consumed = source.Length;
            return null;
        }

        ushort typeField = BinaryPrimitives.ReadUInt16BigEndian(source);
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if ((typeField & ReservedBit) != 0)
        {
            findings.Add(at, "reserved bit of configuration attribute type is set", "RFC 7296 3.15.1");
        }

        var type = (ConfigurationAttributeType)(typeField & ~ReservedBit);
        if (HeaderSize + length > source.Length)
        {
            findings.Add(at + 2, $"configuration attribute length {length} runs past the CP payload", "RFC 7296 3.15.1");
            consumed = source.Length;
            return new ConfigurationAttribute(type, source[HeaderSize..].ToArray());
        }

        var value = source.Slice(HeaderSize, length);
        int? expected = type switch
        {
            ConfigurationAttributeType.InternalIp4Address or ConfigurationAttributeType.InternalIp4Netmask
                or ConfigurationAttributeType.InternalIp4Dns or ConfigurationAttributeType.InternalIp4Nbns
                or ConfigurationAttributeType.InternalIp4Dhcp => 4,
            ConfigurationAttributeType.InternalIp6Address or ConfigurationAttributeType.InternalIp6Subnet => 17,
            ConfigurationAttributeType.InternalIp6Dns or ConfigurationAttributeType.InternalIp6Dhcp => 16,
            ConfigurationAttributeType.InternalIp4Subnet => 8,
            _ => null,
        };

        // 3.15.1: a zero-length value is always allowed (the request form).
        if (expected is { } size && length != 0 && length != size)
        {
            findings.Add(at + 2, $"{type} value is {length} octets, expected 0 or {size}", "RFC 7296 3.15.1");
        }

        consumed = HeaderSize + length;
        return new ConfigurationAttribute(type, value.ToArray());
    }

    internal void Write(ByteSink sink)
    {
        sink.U16((ushort)((ushort)AttributeType & ~ReservedBit));
        sink.U16(checked((ushort)Value.Length));
        sink.Bytes(Value.Span);
    }
}
