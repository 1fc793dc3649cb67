using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Auth;

/// <summary>
/// Auth Method 2, Shared Key Message Integrity Code:
/// AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets ) (RFC 7296 2.15).
/// </summary>
public static class SharedKeyAuth
{
    // 17 ASCII octets, no terminating NUL (RFC 7296 2.15).
    private static readonly byte[] KeyPad = Encoding.ASCII.GetBytes("Key Pad for IKEv2");

    public static byte[] Compute(IPrf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets)
    {
        var padded = prf.Compute(sharedSecret, KeyPad);
        try
        {
            return prf.Compute(padded, signedOctets);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public static CryptoFailure? Verify(IPrf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> authenticationData)
    {
        var expected = Compute(prf, sharedSecret, signedOctets);
        return CryptographicOperations.FixedTimeEquals(expected, authenticationData)
            ? null
            : new CryptoFailure("shared key AUTH does not match", "RFC 7296 2.15");
    }
}
