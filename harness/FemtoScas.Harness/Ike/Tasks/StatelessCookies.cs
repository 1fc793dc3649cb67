using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// Responder cookies that need no per-initiator state (RFC 7296 2.6): a keyed hash over
/// Ni | IPi | SPIi, so a retried IKE_SA_INIT proves the initiator receives at its address.
/// </summary>
internal sealed class StatelessCookies
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    /// <summary>Cookie = HMAC-SHA-256(secret, Ni | IPi | SPIi), truncated to 16 octets.</summary>
    public byte[] For(ReadOnlySpan<byte> nonce, IPEndPoint source, ulong spiI)
    {
        var address = source.Address.GetAddressBytes();
        var data = new byte[nonce.Length + address.Length + 8];
        nonce.CopyTo(data);
        address.CopyTo(data, nonce.Length);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(nonce.Length + address.Length), spiI);
        return HMACSHA256.HashData(_secret, data)[..16];
    }
}
