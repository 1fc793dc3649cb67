using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace FemtoScas.Harness.Crypto.Ecies;

/// <summary>
/// The two elliptic curves of the SUCI protection schemes (TS 33.501 C.3.4): Curve25519 (X25519,
/// RFC 7748) for Profile A and secp256r1 with compressed points (SEC 1 2.3.3/2.3.4) for Profile B.
/// Only this folder of the SUCI code touches BouncyCastle. Every peer-supplied public key comes
/// back as a <see cref="CryptoResult{T}"/>: a wrong length, a point not on the curve or a low-order
/// X25519 value is a failure with its reason, never an exception.
/// </summary>
public static class SuciCurves
{
    public const int X25519Length = 32;
    public const int P256ScalarLength = 32;
    public const int P256CompressedLength = 33;
    public const int P256UncompressedLength = 65;

    private static readonly X9ECParameters P256 = ECNamedCurveTable.GetByName("secp256r1")
        ?? throw new InvalidOperationException("BouncyCastle does not know secp256r1");

    /// <summary>X25519 public value of a 32-octet private key (clamped as RFC 7748 5 says).</summary>
    public static byte[] X25519PublicKey(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, X25519Length, "an X25519 private key");
        var result = new byte[X25519Length];
        X25519.ScalarMultBase(privateKey.ToArray(), 0, result, 0);
        return result;
    }

    /// <summary>X25519(private, peer): the 32-octet shared secret; a failure for a wrong length or an all-zero result (RFC 7748 6.1).</summary>
    public static CryptoResult<byte[]> X25519SharedSecret(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic)
    {
        RequireLength(privateKey, X25519Length, "an X25519 private key");
        if (peerPublic.Length != X25519Length)
            return CryptoResult<byte[]>.Fail($"X25519 public key of {peerPublic.Length} octets, 32 expected", "TS 33.501 C.3.4.1, RFC 7748 5");
        var secret = new byte[X25519Length];
        var scalar = privateKey.ToArray();
        try
        {
            if (!X25519.CalculateAgreement(scalar, 0, peerPublic.ToArray(), 0, secret, 0))
                return CryptoResult<byte[]>.Fail("X25519 shared secret is all zero (low-order public key)", "RFC 7748 6.1");
            return CryptoResult<byte[]>.Ok(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>Whether <paramref name="privateKey"/> is a secp256r1 scalar in [1, n-1].</summary>
    public static bool IsP256PrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != P256ScalarLength) return false;
        var d = new BigInteger(1, privateKey.ToArray());
        return d.SignValue > 0 && d.CompareTo(P256.N) < 0;
    }

    /// <summary>The compressed secp256r1 public key (0x02/0x03 || X) of a scalar in [1, n-1].</summary>
    public static byte[] P256PublicKeyCompressed(ReadOnlySpan<byte> privateKey)
    {
        if (!IsP256PrivateKey(privateKey)) throw new ArgumentException("a secp256r1 private key is a 32-octet scalar in [1, n-1]", nameof(privateKey));
        return P256.G.Multiply(new BigInteger(1, privateKey.ToArray())).Normalize().GetEncoded(compressed: true);
    }

    /// <summary>
    /// ECDH on secp256r1 with a peer point given compressed or uncompressed (SEC 1 2.3.4): the
    /// 32-octet x coordinate of d·Q. A wrong length or prefix, an x with no point, or a point off
    /// the curve is a failure.
    /// </summary>
    public static CryptoResult<byte[]> P256SharedSecret(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic)
    {
        if (!IsP256PrivateKey(privateKey)) throw new ArgumentException("a secp256r1 private key is a 32-octet scalar in [1, n-1]", nameof(privateKey));
        var point = DecodeP256(peerPublic);
        if (!point.TryGetValue(out var q)) return CryptoResult<byte[]>.Fail(point.Failure!);
        // BouncyCastle decompressed and checked the point; the multiplication goes to the platform's
        // ECDH (OpenSSL), a small fraction of BouncyCastle's time (as for the IKE ECP groups). The
        // curve has cofactor 1, so a valid point times a scalar in [1, n-1] is never at infinity.
        var normal = q.Normalize();
        using var own = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey.ToArray() });
        using var peer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new System.Security.Cryptography.ECPoint { X = normal.AffineXCoord.GetEncoded(), Y = normal.AffineYCoord.GetEncoded() },
        });
        try
        {
            return CryptoResult<byte[]>.Ok(own.DeriveRawSecretAgreement(peer.PublicKey));
        }
        catch (CryptographicException e)
        {
            return CryptoResult<byte[]>.Fail($"secp256r1 key agreement failed: {e.Message}", "SEC 1 3.3.1");
        }
    }

    /// <summary>Whether <paramref name="publicKey"/> decodes to a point of secp256r1 (null) or why not.</summary>
    public static CryptoFailure? CheckP256PublicKey(ReadOnlySpan<byte> publicKey) => DecodeP256(publicKey).Failure;

    private static CryptoResult<Org.BouncyCastle.Math.EC.ECPoint> DecodeP256(ReadOnlySpan<byte> encoded)
    {
        const string Reference = "TS 33.501 C.3.4.2, SEC 1 2.3.4";
        var valid = encoded.Length switch
        {
            P256CompressedLength => encoded[0] is 0x02 or 0x03,
            P256UncompressedLength => encoded[0] == 0x04,
            _ => false,
        };
        if (!valid)
        {
            var first = encoded.Length > 0 ? $"0x{encoded[0]:X2}" : "none";
            return CryptoResult<Org.BouncyCastle.Math.EC.ECPoint>.Fail($"secp256r1 public key of {encoded.Length} octets with prefix {first}: neither compressed (33, 02/03) nor uncompressed (65, 04)", Reference);
        }
        Org.BouncyCastle.Math.EC.ECPoint point;
        try
        {
            point = P256.Curve.DecodePoint(encoded.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            // BouncyCastle reports an x with no square root or a coordinate beyond the field this way.
            return CryptoResult<Org.BouncyCastle.Math.EC.ECPoint>.Fail($"secp256r1 public key is not a curve point ({e.Message})", Reference);
        }
        if (point.IsInfinity || !point.IsValid())
            return CryptoResult<Org.BouncyCastle.Math.EC.ECPoint>.Fail("secp256r1 public key is not a valid curve point", Reference);
        return CryptoResult<Org.BouncyCastle.Math.EC.ECPoint>.Ok(point);
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string what)
    {
        if (value.Length != length) throw new ArgumentException($"{what} is {length} octets, got {value.Length}");
    }
}
