namespace FemtoScas.Harness.Ike.Codec;

/*  Configuration payload (RFC 7296 3.15):
 *
 *   generic payload header (4 octets)
 *   octet 0        CFG type (1 REQUEST, 2 REPLY, 3 SET, 4 ACK)
 *   octet 1 .. 3   reserved (0)
 *   octet 4 ..     configuration attributes (see ConfigurationAttribute.cs)
 */

public enum ConfigurationType : byte
{
    Request = 1,
    Reply = 2,
    Set = 3,
    Ack = 4,
}

/// <summary>CP payload.</summary>
public sealed record ConfigurationPayload(ConfigurationType CfgType, IReadOnlyList<ConfigurationAttribute> Attributes) : IkePayload
{
    public const int FixedSize = 4;

    public override IkePayloadType Type => IkePayloadType.Configuration;

    internal static ConfigurationPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"CP payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.15");
            return new ConfigurationPayload(0, []);
        }

        var type = (ConfigurationType)body[0];
        if (!Enum.IsDefined(type))
        {
            findings.Add(at, $"unknown CFG type {body[0]}", "RFC 7296 3.15");
        }

        if (body[1] != 0 || body[2] != 0 || body[3] != 0)
        {
            findings.Add(at + 1, "reserved octets in CP payload are not zero", "RFC 7296 3.15");
        }

        var attributes = new List<ConfigurationAttribute>();
        int position = FixedSize;
        while (position < body.Length)
        {
            var attribute = ConfigurationAttribute.Read(body[position..], at + position, findings, out int used);
            if (attribute is not null)
            {
                attributes.Add(attribute);
            }

            position += used;
        }

        return new ConfigurationPayload(type, attributes);
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)CfgType);
        sink.Zeros(3);
        foreach (var attribute in Attributes)
        {
            attribute.Write(sink);
        }
    }
}
