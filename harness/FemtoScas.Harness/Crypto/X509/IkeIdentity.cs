using System.Net;
using System.Text;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The identity an IKEv2 peer states in IDi or IDr: the ID type and the raw identification data
/// exactly as carried in the payload (no normalisation, so a malformed one stays visible).
/// </summary>
internal sealed record IkeIdentity(IkeIdType Type, byte[] Data)
{
    public static IkeIdentity Fqdn(string name) => new(IkeIdType.Fqdn, Encoding.ASCII.GetBytes(name));
    public static IkeIdentity Rfc822(string address) => new(IkeIdType.Rfc822Address, Encoding.ASCII.GetBytes(address));
    public static IkeIdentity Ipv4(string address) => new(IkeIdType.Ipv4Address, IPAddress.Parse(address).GetAddressBytes());
    public static IkeIdentity Ipv6(string address) => new(IkeIdType.Ipv6Address, IPAddress.Parse(address).GetAddressBytes());
    public static IkeIdentity DerAsn1Dn(byte[] nameDer) => new(IkeIdType.DerAsn1Dn, nameDer);

    /// <summary>How many octets of the identification data a description shows; the rest is counted, not copied.</summary>
    public const int ShownOctets = 128;

    public override string ToString() => Type switch
    {
        IkeIdType.Fqdn or IkeIdType.Rfc822Address => $"{Type} '{Encoding.ASCII.GetString(Data, 0, Math.Min(Data.Length, ShownOctets))}{More()}'",
        IkeIdType.Ipv4Address when Data.Length == 4 => $"{Type} {new IPAddress(Data)}",
        IkeIdType.Ipv6Address when Data.Length == 16 => $"{Type} {new IPAddress(Data)}",
        _ => $"{Type} {Hex()}",
    };

    /// <summary>
    /// The data in hex, at most <see cref="ShownOctets"/> octets of it: a peer's identity goes into
    /// reasons, findings and step logs, whose size must not follow the size the peer chose (1 MiB of
    /// identification data made 65 MiB of descriptions).
    /// </summary>
    public string Hex() => "0x" + Convert.ToHexString(Data, 0, Math.Min(Data.Length, ShownOctets)) + More();

    private string More() => Data.Length > ShownOctets ? $"... ({Data.Length} octets)" : "";
}
