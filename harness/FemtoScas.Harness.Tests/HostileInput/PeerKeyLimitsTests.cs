using System.Diagnostics;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// One limit on a peer's public key (<see cref="PeerKeyLimits"/>), met on every path a DUT's key
/// arrives by, and certificate checks of an allowed key that stay fast at the top of the range.
/// </summary>
[TestFixture]
public sealed class PeerKeyLimitsTests
{
    private static readonly AsymmetricCipherKeyPair Signer = NewSigner();

    private static AsymmetricCipherKeyPair NewSigner()
    {
        var ec = new ECKeyPairGenerator();
        ec.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        return ec.GenerateKeyPair();
    }

    // The platform generates an RSA key in a fraction of BouncyCastle's time; one serves every case.
    private static readonly Lazy<AsymmetricCipherKeyPair> RsaIssuer = new(() =>
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true));
    });

    private static readonly BigInteger F4 = BigInteger.ValueOf(65537);

    [TestCase(1023, "65537", "smaller than the 1024 bits")]
    [TestCase(2048, "2", "not an odd number of at least 3")]
    [TestCase(2048, "1", "not an odd number of at least 3")]
    [TestCase(2048, "115792089237316195423570985008687907853269984665640564039457584007913129639937", "outside 3 to 2^256")] // 2^256 + 1
    [TestCase(8193, "65537", "larger than the 8192 bits")]
    public void An_RSA_key_outside_the_limits_is_named(int bits, string exponent, string expected)
    {
        var info = RsaKey(Modulus(bits, bits), new BigInteger(exponent));
        Assert.That(PeerKeyLimits.Problem(info), Does.Contain(expected));
        var read = X509FactsReader.ReadCertificate(Certificate(info, "CN=limits", "CN=limits"));
        Assert.That(read.Problem?.What, Does.Contain(expected));
    }

    [Test]
    public void An_RSA_modulus_with_a_small_factor_or_even_is_named()
    {
        var odd = Modulus(2048, 1);
        Assert.That(PeerKeyLimits.Problem(RsaKey(odd.Multiply(BigInteger.ValueOf(997)), F4)), Does.Contain("prime factor below 1000"));
        Assert.That(PeerKeyLimits.Problem(RsaKey(odd.Add(BigInteger.One), F4)), Does.Contain("even"));
        Assert.That(PeerKeyLimits.Problem(RsaKey(odd, F4)), Is.Null);
    }

    [Test]
    public void EC_keys_need_a_known_named_curve_and_a_point_of_its_length()
    {
        var good = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Signer.Public);
        Assert.That(PeerKeyLimits.Problem(good), Is.Null);
        var point = good.PublicKey.GetOctets();

        var unknown = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, new DerObjectIdentifier("1.2.3.4.5")), point);
        Assert.That(PeerKeyLimits.Problem(unknown), Does.Contain("unknown curve 1.2.3.4.5"));

        var ecParameters = ECNamedCurveTable.GetByOid(SecObjectIdentifiers.SecP256r1);
        var explicitParameters = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, new X962Parameters(ecParameters)), point);
        Assert.That(PeerKeyLimits.Problem(explicitParameters), Does.Contain("without a named curve"));

        var shortPoint = new SubjectPublicKeyInfo(good.Algorithm, point[..40]);
        Assert.That(PeerKeyLimits.Problem(shortPoint), Does.Contain("is 65 octets"));

        var read = X509FactsReader.ReadCertificate(Certificate(unknown, "CN=curve", "CN=curve"));
        Assert.That(read.Problem?.What, Does.Contain("unknown curve"));
        Assert.That(PeerKeyLimits.CertificateProblem(Certificate(unknown, "CN=curve", "CN=curve")), Does.Contain("unknown curve"));
        Assert.That(PeerKeyLimits.CertificateProblem([0x30, 0x03, 0x02, 0x01]), Does.Contain("not DER"));
    }

    [Test]
    public void Other_algorithms_are_bounded_in_size()
    {
        var ed25519 = new SubjectPublicKeyInfo(new AlgorithmIdentifier(new DerObjectIdentifier("1.3.101.112")), new byte[32]);
        Assert.That(PeerKeyLimits.Problem(ed25519), Is.Null);
        Assert.That(PeerKeyLimits.Problem(new SubjectPublicKeyInfo(ed25519.Algorithm, new byte[31])), Does.Contain("32 octets"));
        var huge = new SubjectPublicKeyInfo(new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.10040.4.1")), new byte[PeerKeyLimits.MaxOtherKeyOctets]);
        Assert.That(PeerKeyLimits.Problem(huge), Does.Contain($"larger than the {PeerKeyLimits.MaxOtherKeyOctets} octets"));
    }

    /// <summary>
    /// Issue 17: an 8192-bit key took ~2.5 s per certificate (BouncyCastle's probable-prime test
    /// when it builds the key). Reading it, and checking a signature with it as an intermediate's
    /// key, is now an RSA public operation. The bound here is loose for a busy 2-core host; the
    /// benchmark (docs/benchmarks.md) has the figures.
    /// </summary>
    [Test]
    public void Certificate_checks_of_an_8192_bit_key_are_fast()
    {
        var key = RsaKey(Modulus(PeerKeyLimits.MaxRsaBits, 8192), F4);
        var intermediate = Certificate(key, "CN=big intermediate", "CN=root", ca: true);
        // A leaf naming the 8192-bit intermediate as issuer; its signature is not the intermediate's,
        // so checking it runs the full RSA public operation and fails.
        var leaf = Certificate(RsaKey(Modulus(2048, 2), F4), "CN=leaf", "CN=big intermediate", forgedRsaSignatureOctets: 1024);
        X509FactsReader.ReadCertificate(Certificate(RsaKey(Modulus(2048, 3), F4), "CN=warm", "CN=warm")); // JIT

        var watch = Stopwatch.StartNew();
        var read = X509FactsReader.ReadCertificate(intermediate);
        var validation = ChainValidator.Validate(new ChainValidationRequest(leaf, [intermediate], [], DateTimeOffset.UtcNow, []));
        watch.Stop();
        TestContext.Out.WriteLine($"8192-bit intermediate: ReadCertificate + Validate {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.That(read.Value?.KeyBits, Is.EqualTo(8192), read.Problem?.ToString());
        Assert.That(validation.Problems.Select(p => p.Code), Has.Member("signature-invalid"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(500)));
    }

    /// <summary>The platform RSA path agrees with BouncyCastle on a real signature, both PKCS #1 v1.5 and PSS, and sees a flipped bit.</summary>
    [TestCase("SHA256WITHRSA")]
    [TestCase("SHA384WITHRSAANDMGF1")]
    [TestCase("SHA1WITHRSA")]
    [TestCase("MD5WITHRSA")]
    public void RSA_signatures_verify_on_the_platform_path(string algorithm)
    {
        var issuerPair = RsaIssuer.Value;
        var issuer = Certificate(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(issuerPair.Public), "CN=rsa issuer", "CN=rsa issuer", ca: true, signer: issuerPair.Private, algorithm: algorithm);
        var leaf = Certificate(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Signer.Public), "CN=leaf", "CN=rsa issuer", signer: issuerPair.Private, algorithm: algorithm);
        var issuerFacts = X509FactsReader.ReadCertificate(issuer).Value!;
        var leafFacts = X509FactsReader.ReadCertificate(leaf).Value!;
        Assert.That(X509Signatures.CertificateSignedBy(leafFacts, issuerFacts).Valid, Is.True);
        Assert.That(X509Signatures.CertificateSignedBy(issuerFacts, issuerFacts).Valid, Is.True);

        var tampered = (byte[])leaf.Clone();
        tampered[^5] ^= 0x01; // inside the signature BIT STRING
        var tamperedFacts = X509FactsReader.ReadCertificate(tampered).Value!;
        Assert.That(X509Signatures.CertificateSignedBy(tamperedFacts, issuerFacts).Valid, Is.False);
        Assert.That(X509Signatures.CertificateSignedBy(leafFacts, leafFacts).Valid, Is.False, "an EC key does not verify an RSA signature");
    }

    // ---- certificates with any key ----

    internal static BigInteger Modulus(int bits, int seed)
    {
        var random = new Random(seed);
        var octets = new byte[(bits + 7) / 8];
        BigInteger n;
        do
        {
            random.NextBytes(octets);
            n = new BigInteger(1, octets);
            if (n.BitLength > bits) n = n.ShiftRight(n.BitLength - bits);
            n = n.SetBit(bits - 1).SetBit(0);
        }
        while (PeerKeyLimits.Problem(RsaKey(n, F4)) is { } p && p.Contains("prime factor", StringComparison.Ordinal));
        return n;
    }

    private static SubjectPublicKeyInfo RsaKey(BigInteger modulus, BigInteger exponent) =>
        new(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance), new RsaPublicKeyStructure(modulus, exponent));

    internal static byte[] Certificate(SubjectPublicKeyInfo key, string subject, string issuer, bool ca = false,
        AsymmetricKeyParameter? signer = null, string algorithm = "SHA256withECDSA", int forgedRsaSignatureOctets = 0)
    {
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(DerInteger.ValueOf(Random.Shared.Next(1, int.MaxValue)));
        tbs.SetIssuer(new X509Name(issuer));
        tbs.SetSubject(new X509Name(subject));
        tbs.SetStartDate(new Time(DateTime.UtcNow.AddDays(-1)));
        tbs.SetEndDate(new Time(DateTime.UtcNow.AddDays(1)));
        var factory = new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(algorithm, signer ?? Signer.Private);
        var algorithmId = (AlgorithmIdentifier)factory.AlgorithmDetails;
        tbs.SetSignature(algorithmId);
        tbs.SetSubjectPublicKeyInfo(key);
        if (ca)
            tbs.SetExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
            {
                [X509Extensions.BasicConstraints] = new(true, new DerOctetString(new BasicConstraints(true))),
            }));
        var body = tbs.GenerateTbsCertificate();
        var calculator = factory.CreateCalculator();
        var encoded = body.GetDerEncoded();
        using (var stream = calculator.Stream) stream.Write(encoded, 0, encoded.Length);
        var signature = ((IBlockResult)calculator.GetResult()).Collect();
        if (forgedRsaSignatureOctets > 0)
        {
            // sha256WithRSAEncryption over random octets of the issuer's modulus length: a full RSA public operation that fails.
            algorithmId = new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance);
            tbs.SetSignature(algorithmId);
            body = tbs.GenerateTbsCertificate();
            signature = new byte[forgedRsaSignatureOctets];
            new Random(forgedRsaSignatureOctets).NextBytes(signature);
            signature[0] = 0x01;
        }
        return new X509CertificateStructure(body, algorithmId, new DerBitString(signature)).GetDerEncoded();
    }
}
