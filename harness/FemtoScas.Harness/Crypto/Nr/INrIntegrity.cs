using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// A 5G NR integrity algorithm (TS 33.501 D.3): a 32-bit MAC (NAS-MAC, MAC-I) over COUNT,
/// BEARER, DIRECTION and the first LENGTH bits of the message.
/// </summary>
public interface INrIntegrity
{
    /// <summary>MAC-I and NAS-MAC are 32 bits (TS 33.501 D.3.1.1).</summary>
    const int MacLength = 4;

    NrIntegrityAlgorithm Id { get; }

    /// <summary>The MAC as the big-endian 32-bit value that goes on the wire.</summary>
    uint ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits);

    /// <summary>The MAC as its four wire octets.</summary>
    byte[] ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message)
    {
        var mac = new byte[MacLength];
        BinaryPrimitives.WriteUInt32BigEndian(mac, ComputeMac(key, input, message, message.Length * 8));
        return mac;
    }

    /// <summary>Constant-time check of a received MAC; a MAC of the wrong length is a mismatch.</summary>
    bool Verify(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits, ReadOnlySpan<byte> receivedMac)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        BinaryPrimitives.WriteUInt32BigEndian(expected, ComputeMac(key, input, message, lengthBits));
        return receivedMac.Length == MacLength && CryptographicOperations.FixedTimeEquals(expected, receivedMac);
    }
}
