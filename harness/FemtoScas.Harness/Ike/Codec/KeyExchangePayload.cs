using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Key Exchange payload (RFC 7296 3.4):
 *
 *   generic payload header (4 octets)
 *   octet 0 .. 1   Diffie-Hellman group number
 *   octet 2 .. 3   reserved (0)
 *   octet 4 ..     key exchange data (the public value, left-padded to the group's size)
 */

/// <summary>KE payload: group number and public value.</summary>
public sealed record KeyExchangePayload(ushort Group, ReadOnlyMemory<byte> Data) : IkePayload
{
    public const int GroupOffset = 0;
    public const int FixedSize = 4;

    public KeyExchangePayload(DhGroupId group, ReadOnlyMemory<byte> data)
        : this((ushort)group, data)
    {
    }

    public override IkePayloadType Type => IkePayloadType.KeyExchange;

    internal static KeyExchangePayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"KE payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.4");
            return new KeyExchangePayload((ushort)0, body.ToArray());
        }

        if (body[2] != 0 || body[3] != 0)
        {
            findings.Add(at + 2, "reserved octets in KE payload are not zero", "RFC 7296 3.4");
        }

        return new KeyExchangePayload(BinaryPrimitives.ReadUInt16BigEndian(body), body[FixedSize..].ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U16(Group);
        sink.U16(0);
        sink.Bytes(Data.Span);
    }
}
