using System.Diagnostics;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// A DUT's certificate with a huge RSA key is named before anything decodes it: decoding an RSA
/// key runs probable-prime tests on its modulus, and every signature check with it pays again.
/// </summary>
[TestFixture]
public sealed class OversizedKeyTests
{
    // Measured on the 2-core lab host (December 2026), key decoding before / ReadCertificate +
    // Validate after: 3072 bits 109 / 148 ms (accepted), 8192 bits 2574 / 2927 ms (accepted, the
    // limit), 8200 bits 1489 / 1 ms, 16384 bits 8629 / 0 ms (refused).
    [TestCase(3072, false)]
    [TestCase(4096, false)]
    [TestCase(8200, true)]
    [TestCase(16384, true)]
    public void An_RSA_key_above_the_limit_is_a_problem_before_any_expensive_check(int bits, bool refused)
    {
        var der = CertificateWithModulus(bits, seed: bits);
        // What the expensive check costs: BouncyCastle's modulus validation as it ran before the
        // limit (not timed for 16384 bits: 8.6 s, measured once above).
        var before = Stopwatch.StartNew();
        if (bits <= 8200)
        {
            try { new BcCertificate(X509CertificateStructure.GetInstance(der)).GetPublicKey(); }
            catch (ArgumentException) { }
        }
        before.Stop();

        var after = Stopwatch.StartNew();
        var read = X509FactsReader.ReadCertificate(der);
        var validation = ChainValidator.Validate(new ChainValidationRequest(der, [], [], DateTimeOffset.UtcNow, []));
        after.Stop();
        TestContext.Out.WriteLine($"RSA {bits} bits: key decoding {before.ElapsedMilliseconds} ms; ReadCertificate + Validate {after.ElapsedMilliseconds} ms");

        if (refused)
        {
            Assert.That(read.Value, Is.Null);
            Assert.That(read.Problem!.What, Does.Contain($"RSA modulus of {bits} bits is larger than the {PeerKeyLimits.MaxRsaBits}"));
            Assert.That(validation.Problems.Select(p => p.Reason), Has.Some.Contains($"{bits} bits"));
            Assert.That(after.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(100)));
        }
        else
        {
            Assert.That(read.Value?.KeyBits, Is.EqualTo(bits), read.Problem?.ToString());
        }
    }

    [Test]
    public void A_CMS_signature_whose_certificate_carries_a_huge_RSA_key_is_refused_before_the_key_is_decoded()
    {
        // Signed with an ordinary P-256 key, but the SignedData names and carries a certificate with a 16384-bit "modulus":
        // checking the signature would decode that key (8.6 s of prime tests, measured above) before finding the mismatch.
        var oversized = new BcCertificate(X509CertificateStructure.GetInstance(CertificateWithModulus(16384, seed: 16384)));
        var ec = new ECKeyPairGenerator();
        ec.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        var key = ec.GenerateKeyPair();
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder().Build(new Asn1SignatureFactory("SHA256WITHECDSA", key.Private), oversized));
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { oversized }));
        var content = "manifest"u8.ToArray();
        var signature = generator.Generate(new CmsProcessableByteArray(content), encapsulate: false).GetEncoded(Asn1Encodable.Der);

        var clock = Stopwatch.StartNew();
        var check = CmsDetachedSignature.Verify(content, signature);
        clock.Stop();
        Assert.That(check.Valid, Is.False);
        Assert.That(check.Problem, Does.Contain("RSA modulus of 16384 bits is larger than the"));
        // First call, JIT of the CMS reader included: far below the seconds the key's decoding would take.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    /// <summary>
    /// A certificate whose subject key is an RSA "modulus" of <paramref name="bits"/> bits with no
    /// small factor (so decoding reaches the probable-prime tests), signed by a throwaway P-256 key.
    /// </summary>
    private static byte[] CertificateWithModulus(int bits, int seed)
    {
        var random = new Random(seed);
        var smallPrimes = BigInteger.One;
        for (var p = 3; p < 1000; p += 2)
            if (Enumerable.Range(2, p - 2).All(d => p % d != 0)) smallPrimes = smallPrimes.Multiply(BigInteger.ValueOf(p));
        BigInteger modulus;
        var octets = new byte[bits / 8];
        do
        {
            random.NextBytes(octets);
            modulus = new BigInteger(1, octets).SetBit(bits - 1).SetBit(0);
        }
        while (!modulus.Gcd(smallPrimes).Equals(BigInteger.One));

        var ec = new ECKeyPairGenerator();
        ec.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        var signer = ec.GenerateKeyPair();
        var name = new X509Name("CN=oversized key");
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(DerInteger.One);
        tbs.SetIssuer(name);
        tbs.SetSubject(name);
        tbs.SetStartDate(new Time(DateTime.UtcNow.AddDays(-1)));
        tbs.SetEndDate(new Time(DateTime.UtcNow.AddDays(1)));
        var algorithm = new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha256);
        tbs.SetSignature(algorithm);
        tbs.SetSubjectPublicKeyInfo(new SubjectPublicKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            new RsaPublicKeyStructure(modulus, BigInteger.ValueOf(65537))));
        var body = tbs.GenerateTbsCertificate();
        var sign = SignerUtilities.GetSigner("SHA256withECDSA");
        sign.Init(true, signer.Private);
        var encoded = body.GetDerEncoded();
        sign.BlockUpdate(encoded, 0, encoded.Length);
        return new X509CertificateStructure(body, algorithm, new DerBitString(sign.GenerateSignature())).GetDerEncoded();
    }
}
