using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Crypto.X509;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Benchmarks;

/// <summary>
/// Certificate checks of a peer's RSA key at the sizes a DUT may send, up to the
/// <see cref="PeerKeyLimits.MaxRsaBits"/> limit: an intermediate CA with an RSA key of
/// <see cref="KeyBits"/> bits under a P-256 root, and a P-256 leaf it signed (sha256WithRSA).
/// <see cref="ReadCertificate"/> reads the intermediate; <see cref="ValidateChain"/> validates
/// leaf, intermediate and root (three reads, two signature checks, one with the RSA key).
/// <see cref="BouncyCastleKeyAndVerify"/> is what reading the key and checking the leaf's
/// signature cost before issue 17: BouncyCastle's key object, whose constructor runs a
/// probable-prime test on the modulus.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class CertificateCheckBenchmarks
{
    private byte[] _root = null!, _intermediate = null!, _leaf = null!;

    /// <summary>The intermediate's RSA modulus size.</summary>
    [Params(2048, 3072, 4096, 8192)]
    public int KeyBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=bench root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var intermediateKey = RSA.Create(KeyBits);
        var intermediateRequest = new CertificateRequest("CN=bench intermediate", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var intermediate = intermediateRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddDays(-1), now.AddDays(20), [1, 2]);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=bench leaf", leafKey, HashAlgorithmName.SHA256);
        using var leaf = leafRequest.Create(intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(intermediateKey, RSASignaturePadding.Pkcs1),
            now.AddDays(-1), now.AddDays(10), [3, 4]);

        (_root, _intermediate, _leaf) = (root.RawData, intermediate.RawData, leaf.RawData);
        // A benchmark of a failing check is worthless: the chain must validate.
        var result = Validate();
        if (!result.IsValid)
            throw new InvalidOperationException("benchmark chain does not validate: " + string.Join("; ", result.Problems));
    }

    [Benchmark]
    public int ReadCertificate() => X509FactsReader.ReadCertificate(_intermediate).Value!.KeyBits;

    [Benchmark]
    public int ValidateChain() => Validate().Path.Count;

    private ChainValidationResult Validate() =>
        ChainValidator.Validate(new ChainValidationRequest(_leaf, [_intermediate], [_root], DateTimeOffset.UtcNow, []));

    [Benchmark]
    public bool BouncyCastleKeyAndVerify()
    {
        var key = new BcCertificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(_intermediate))).GetPublicKey();
        return new BcCertificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(_leaf))).IsSignatureValid(key);
    }
}
