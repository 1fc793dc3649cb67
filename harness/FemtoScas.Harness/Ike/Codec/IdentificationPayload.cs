using System.Net;
using System.Text;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Identification payload, IDi (35) and IDr (36) (RFC 7296 3.5):
 *
 *   generic payload header (4 octets)
 *   octet 0        ID type
 *   octet 1 .. 3   reserved (0)
 *   octet 4 ..     identification data, its form given by the ID type
 */

/// <summary>IDi or IDr payload; <see cref="Responder"/> selects the payload type.</summary>
public sealed record IdentificationPayload(bool Responder, IkeIdType IdType, ReadOnlyMemory<byte> Data) : IkePayload
{
    public const int FixedSize = 4;

    public override IkePayloadType Type => Responder ? IkePayloadType.IdentificationResponder : IkePayloadType.IdentificationInitiator;

    public static IdentificationPayload Fqdn(bool responder, string name) =>
        new(responder, IkeIdType.Fqdn, Encoding.ASCII.GetBytes(name));

    public static IdentificationPayload Rfc822(bool responder, string address) =>
        new(responder, IkeIdType.Rfc822Address, Encoding.ASCII.GetBytes(address));

    public static IdentificationPayload Address(bool responder, IPAddress address) =>
        new(responder, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IkeIdType.Ipv6Address : IkeIdType.Ipv4Address, address.GetAddressBytes());

    /// <summary>A readable rendering of the identity for evidence (DNs and key IDs as hex).</summary>
    public string Describe() => IdType switch
    {
        IkeIdType.Fqdn or IkeIdType.Rfc822Address => Encoding.ASCII.GetString(Data.Span),
        IkeIdType.Ipv4Address when Data.Length == 4 => new IPAddress(Data.Span).ToString(),
        IkeIdType.Ipv6Address when Data.Length == 16 => new IPAddress(Data.Span).ToString(),
        _ => Convert.ToHexString(Data.Span),
    };

    internal static IdentificationPayload Read(bool responder, ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"ID payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.5");
            return new IdentificationPayload(responder, 0, body.ToArray());
        }

        var type = (IkeIdType)body[0];
        if (body[1] != 0 || body[2] != 0 || body[3] != 0)
        {
            findings.Add(at + 1, "reserved octets in ID payload are not zero", "RFC 7296 3.5");
        }

        var data = body[FixedSize..];
        switch (type)
        {
            case IkeIdType.Ipv4Address when data.Length != 4:
                findings.Add(at + FixedSize, $"ID_IPV4_ADDR carries {data.Length} octets, not 4", "RFC 7296 3.5");
                break;
            case IkeIdType.Ipv6Address when data.Length != 16:
                findings.Add(at + FixedSize, $"ID_IPV6_ADDR carries {data.Length} octets, not 16", "RFC 7296 3.5");
                break;
            case IkeIdType.Fqdn or IkeIdType.Rfc822Address when data.IndexOf((byte)0) >= 0:
                // 3.5: FQDN and RFC822 strings carry no terminator or other NUL.
                findings.Add(at + FixedSize + data.IndexOf((byte)0), "NUL octet inside an FQDN/RFC822 identity", "RFC 7296 3.5");
                break;
            case var _ when !Enum.IsDefined(type):
                findings.Add(at, $"unknown ID type {(byte)type}", "RFC 7296 3.5");
                break;
        }

        return new IdentificationPayload(responder, type, data.ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)IdType);
        sink.Zeros(3);
        sink.Bytes(Data.Span);
    }
}
