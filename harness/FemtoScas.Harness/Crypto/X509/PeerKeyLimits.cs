using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The one limit on a public key that a peer hands the harness (a DUT's certificate in IKE_AUTH or
/// TLS, an intermediate it offers, an OCSP responder certificate inside a response), checked on
/// the encoded SubjectPublicKeyInfo (RFC 5280 4.1.2.7) before anything decodes the key or checks a
/// signature with it. Every certificate reader and signature check of the harness asks here first,
/// so a key outside the limits is one message, whichever path met it.
/// </summary>
/// <remarks>
/// RSA: a modulus of <see cref="MinRsaBits"/> to <see cref="MaxRsaBits"/> bits, odd and free of
/// prime factors below 1000, and an odd public exponent of 3 or more and at most
/// <see cref="MaxRsaExponentBits"/> bits (RFC 8017 3.1; the exponent bounds what one signature
/// check costs). EC (RFC 5480 2.1.1): a named curve the crypto library knows and a point of the
/// length that curve gives; explicit curve parameters and unknown curves are refused. Ed25519 and
/// Ed448 (RFC 8410 4): a key of their fixed length. Any other algorithm: the whole
/// SubjectPublicKeyInfo within <see cref="MaxOtherKeyOctets"/> octets, left to the profile to judge.
/// Not checked, on purpose: that an RSA modulus is composite. A probable-prime test costs one
/// full-size modular exponentiation (about 2.4 s at 8192 bits, 0.1 s at 3072 bits on the lab host)
/// and would only catch a prime modulus, which no conformance verdict asks about.
/// </remarks>
internal static class PeerKeyLimits
{
    /// <summary>
    /// The largest RSA modulus accepted: twice the largest size deployed profiles ask for
    /// (TS 33.310 6.1.1 and RFC 8603 ask for 2048 to 4096 bits).
    /// </summary>
    public const int MaxRsaBits = 8192;

    /// <summary>
    /// The smallest RSA modulus read at all. 1024-bit keys are still read, so that the certificate
    /// profile can name them as too small (its x509.rsa-key-size rule); below that nothing is a key.
    /// </summary>
    public const int MinRsaBits = 1024;

    /// <summary>The largest RSA public exponent accepted (FIPS 186-5 5.4 asks for e below 2^256).</summary>
    public const int MaxRsaExponentBits = 256;

    /// <summary>The largest SubjectPublicKeyInfo of any other algorithm (DSA, GOST, ...), in octets.</summary>
    public const int MaxOtherKeyOctets = 4096;

    private static readonly DerObjectIdentifier EcPublicKey = X9ObjectIdentifiers.IdECPublicKey;
    private static readonly DerObjectIdentifier Ed25519 = new("1.3.101.112");
    private static readonly DerObjectIdentifier Ed448 = new("1.3.101.113");

    // The product of the odd primes below 1000: a modulus sharing one of them is no RSA modulus.
    private static readonly BigInteger SmallPrimes = Enumerable.Range(3, 997)
        .Where(p => p % 2 == 1 && Enumerable.Range(3, Math.Max(0, (int)Math.Sqrt(p) - 2)).All(d => p % d != 0))
        .Aggregate(BigInteger.One, (product, p) => product.Multiply(BigInteger.ValueOf(p)));

    /// <summary>
    /// The algorithm identifiers BouncyCastle builds an RSA key object for (and so runs its
    /// probable-prime test on): rsaEncryption, id-RSASSA-PSS (RFC 4055 1.2), id-RSAES-OAEP
    /// (RFC 4055 1.2) and X.509's id-ea-rsa. All are held to the RSA limits, not to the
    /// any-other-algorithm size.
    /// </summary>
    public static bool IsRsa(DerObjectIdentifier algorithm) =>
        algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption) || algorithm.Equals(PkcsObjectIdentifiers.IdRsassaPss)
        || algorithm.Equals(PkcsObjectIdentifiers.IdRsaesOaep) || algorithm.Equals(X509ObjectIdentifiers.IdEARsa);

    /// <summary>Why the key in <paramref name="info"/> is refused, or null when it is within the limits.</summary>
    public static string? Problem(SubjectPublicKeyInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        try
        {
            var algorithm = info.Algorithm.Algorithm;
            if (IsRsa(algorithm))
                return RsaProblem(RsaPublicKeyStructure.GetInstance(info.ParsePublicKey()));
            if (algorithm.Equals(EcPublicKey))
                return EcProblem(info);
            if (algorithm.Equals(Ed25519))
                return info.PublicKey.GetOctets().Length == 32 ? null : $"subjectPublicKeyInfo: an Ed25519 key is 32 octets (RFC 8032 5.1.5), found {info.PublicKey.GetOctets().Length}";
            if (algorithm.Equals(Ed448))
                return info.PublicKey.GetOctets().Length == 57 ? null : $"subjectPublicKeyInfo: an Ed448 key is 57 octets (RFC 8032 5.2.5), found {info.PublicKey.GetOctets().Length}";
            var size = info.GetDerEncoded().Length;
            return size <= MaxOtherKeyOctets
                ? null
                : $"subjectPublicKeyInfo: a {algorithm.Id} key of {size} octets is larger than the {MaxOtherKeyOctets} octets the harness reads (not decoded, no signature checked with it)";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The ASN.1 library reports a malformed key with assorted exception types.
            return $"subjectPublicKeyInfo could not be decoded: {ex.Message}";
        }
    }

    /// <summary>As <see cref="Problem(SubjectPublicKeyInfo)"/> for the key of a DER certificate; a certificate that does not decode is its own problem.</summary>
    public static string? CertificateProblem(byte[] certificateDer)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        if (DerStructure.FindProblem(certificateDer) is { } structural)
            return $"certificate is not DER: {structural}";
        try
        {
            return Problem(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificateDer)).SubjectPublicKeyInfo);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"Certificate structure (RFC 5280 4.1) could not be decoded: {ex.Message}";
        }
    }

    /// <summary>As <see cref="Problem(SubjectPublicKeyInfo)"/> for an RSA key already read from its SubjectPublicKeyInfo.</summary>
    public static string? RsaProblem(RsaPublicKeyStructure key)
    {
        // RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
        var n = key.Modulus;
        var e = key.PublicExponent;
        var bits = n.BitLength;
        if (n.SignValue <= 0)
            return "subjectPublicKeyInfo: the RSA modulus is not positive";
        if (bits > MaxRsaBits)
            return $"subjectPublicKeyInfo: RSA modulus of {bits} bits is larger than the {MaxRsaBits} bits the harness checks (not decoded, no signature checked with it)";
        if (bits < MinRsaBits)
            return $"subjectPublicKeyInfo: RSA modulus of {bits} bits is smaller than the {MinRsaBits} bits the harness reads as a key";
        if (!n.TestBit(0))
            return $"subjectPublicKeyInfo: the RSA modulus of {bits} bits is even (RFC 8017 3.1: a product of odd primes)";
        if (!n.Gcd(SmallPrimes).Equals(BigInteger.One))
            return $"subjectPublicKeyInfo: the RSA modulus of {bits} bits has a prime factor below 1000";
        if (e.SignValue <= 0 || e.BitLength > MaxRsaExponentBits)
            return $"subjectPublicKeyInfo: RSA public exponent of {e.BitLength} bits is outside 3 to 2^{MaxRsaExponentBits} (FIPS 186-5 5.4; not used)";
        if (!e.TestBit(0) || e.CompareTo(BigInteger.Three) < 0)
            return $"subjectPublicKeyInfo: RSA public exponent {e} is not an odd number of at least 3 (RFC 8017 3.1)";
        return null;
    }

    private static string? EcProblem(SubjectPublicKeyInfo info)
    {
        // RFC 5480 2.1.1: ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, ... }; only a named curve is read.
        if (info.Algorithm.Parameters?.ToAsn1Object() is not DerObjectIdentifier curve)
            return "subjectPublicKeyInfo: EC key without a named curve (explicit or implicit parameters, RFC 5480 2.1.1 forbids them); not decoded";
        if ((Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByOid(curve) ?? ECNamedCurveTable.GetByOid(curve)) is not { } parameters)
            return $"subjectPublicKeyInfo: EC key on unknown curve {curve.Id}; not decoded";
        var fieldOctets = (parameters.Curve.FieldSize + 7) / 8;
        var point = info.PublicKey.GetOctets();
        // SEC 1 2.3.3: 04 | X | Y uncompressed, 02/03 | X compressed.
        var expected = point.Length > 0 && point[0] is 2 or 3 ? 1 + fieldOctets : 1 + 2 * fieldOctets;
        return point.Length == expected
            ? null
            : $"subjectPublicKeyInfo: an EC point on {curve.Id} is {expected} octets (SEC 1 2.3.3), found {point.Length}";
    }

}
