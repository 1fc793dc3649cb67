using System.Net;
using System.Text;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The Identification payload ID types of RFC 7296 3.5 that certificates are matched against.</summary>
internal enum IdentificationType : byte
{
    Ipv4Address = 1,
    Fqdn = 2,
    Rfc822Address = 3,
    Ipv6Address = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
}

/// <summary>
/// The identity an IKEv2 peer states in IDi or IDr: the ID type and the raw identification data
/// exactly as carried in the payload (no normalisation, so a malformed one stays visible).
/// </summary>
internal sealed record IkeIdentity(IdentificationType Type, byte[] Data)
{
    public static IkeIdentity Fqdn(string name) => new(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(name));
    public static IkeIdentity Rfc822(string address) => new(IdentificationType.Rfc822Address, Encoding.ASCII.GetBytes(address));
    public static IkeIdentity Ipv4(string address) => new(IdentificationType.Ipv4Address, IPAddress.Parse(address).GetAddressBytes());
    public static IkeIdentity Ipv6(string address) => new(IdentificationType.Ipv6Address, IPAddress.Parse(address).GetAddressBytes());
    public static IkeIdentity DerAsn1Dn(byte[] nameDer) => new(IdentificationType.DerAsn1Dn, nameDer);

    public override string ToString() => Type switch
    {
        IdentificationType.Fqdn or IdentificationType.Rfc822Address => $"{Type} '{Encoding.ASCII.GetString(Data)}'",
        IdentificationType.Ipv4Address when Data.Length == 4 => $"{Type} {new IPAddress(Data)}",
        IdentificationType.Ipv6Address when Data.Length == 16 => $"{Type} {new IPAddress(Data)}",
        _ => $"{Type} 0x{Convert.ToHexString(Data)}",
    };
}
