using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>One generated output file, kept in memory until written.</summary>
internal sealed record GeneratedFile(string FileName, byte[] Content);

/// <summary>A generated certificate with everything the manifest says about it.</summary>
internal sealed record GeneratedCertificate(CertificatePlan Plan, byte[] Der, byte[] Pkcs8, IReadOnlyList<string> Chain);

/// <summary>
/// Turns <see cref="TestPkiPlan"/> into certificates, keys and root A's CRL, entirely in memory
/// and without randomness, so two runs produce the same bytes.
/// </summary>
internal static class TestPkiGenerator
{
    private static readonly DerObjectIdentifier OcspNoCheck = new("1.3.6.1.5.5.7.48.1.5");

    public static IReadOnlyList<GeneratedFile> Generate()
    {
        var keys = new Dictionary<string, AsymmetricCipherKeyPair>(StringComparer.Ordinal);
        AsymmetricCipherKeyPair KeyOf(string name)
        {
            if (!keys.TryGetValue(name, out var pair))
                keys[name] = pair = NewKey(name, TestPkiPlan.Get(name).Key);
            return pair;
        }

        var built = new Dictionary<string, GeneratedCertificate>(StringComparer.Ordinal);
        foreach (var plan in TestPkiPlan.Certificates)
        {
            var issuer = TestPkiPlan.Get(plan.Issuer);
            var cert = BuildCertificate(plan, issuer, KeyOf(plan.Name).Public, KeyOf(issuer.Name).Public, KeyOf(plan.SigningKey).Private);
            var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(KeyOf(plan.Name).Private).GetDerEncoded();
            built[plan.Name] = new GeneratedCertificate(plan, cert.GetEncoded(), pkcs8, ChainOf(plan));
        }

        var crl = BuildRootACrl(KeyOf("root-a"), TestPkiPlan.RevokedByRootA.Select(n => TestPkiPlan.Get(n).Serial));

        var files = new List<GeneratedFile>();
        foreach (var cert in built.Values)
        {
            files.Add(new GeneratedFile(cert.Plan.Name + ".crt.pem", Pem.Encode("CERTIFICATE", cert.Der)));
            files.Add(new GeneratedFile(cert.Plan.Name + ".key.pem", Pem.Encode("PRIVATE KEY", cert.Pkcs8)));
        }
        files.Add(new GeneratedFile(TestPkiPlan.CrlName + ".crl", crl));
        files.Add(new GeneratedFile(TestPkiPlan.CrlName + ".crl.pem", Pem.Encode("X509 CRL", crl)));
        files.Add(new GeneratedFile(TestPkiManifest.FileName, TestPkiManifest.Write(built.Values.ToList(), crl, files)));
        return files;
    }

    private static List<string> ChainOf(CertificatePlan plan)
    {
        var chain = new List<string> { plan.Name };
        var current = plan;
        while (!current.IsSelfSigned && chain.Count < 8)
        {
            current = TestPkiPlan.Get(current.Issuer);
            chain.Add(current.Name);
        }
        return chain;
    }

    private static AsymmetricCipherKeyPair NewKey(string name, PlannedKey key)
    {
        var random = DeterministicRandom.For(TestPkiPlan.Seed, "key:" + name);
        if (key == PlannedKey.EcP256)
        {
            var generator = new ECKeyPairGenerator("EC");
            // Named-curve parameters so SubjectPublicKeyInfo carries the P-256 OID (RFC 5480 2.1.1).
            generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
            return generator.GenerateKeyPair();
        }
        var bits = key switch
        {
            PlannedKey.Rsa1024 => 1024,
            PlannedKey.Rsa2048 => 2048,
            PlannedKey.Rsa3072 => 3072,
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "unknown planned key"),
        };
        var rsa = new RsaKeyPairGenerator();
        rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, bits, 100));
        return rsa.GenerateKeyPair();
    }

    private static BcCertificate BuildCertificate(CertificatePlan plan, CertificatePlan issuer,
        AsymmetricKeyParameter subjectKey, AsymmetricKeyParameter issuerKey, AsymmetricKeyParameter signingKey)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(plan.Serial));
        generator.SetIssuerDN(NameOf(issuer));
        generator.SetSubjectDN(NameOf(plan));
        generator.SetNotBefore(plan.NotBefore);
        generator.SetNotAfter(plan.NotAfter);
        generator.SetPublicKey(subjectKey);

        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(plan.IsCa));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsageBits(plan.KeyUsage)));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifier(subjectKey)));
        // The AKI names the key of the claimed issuer, also in the forged variant, so only the
        // signature check can tell the forgery apart.
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(KeyIdentifier(issuerKey)));
        if (plan.DnsNames.Count > 0)
        {
            var names = plan.DnsNames.Select(n => new GeneralName(GeneralName.DnsName, n)).ToArray();
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));
        }
        if (plan.ExtendedKeyUsages.Count > 0)
        {
            var purposes = plan.ExtendedKeyUsages.Select(o => KeyPurposeID.GetInstance(new DerObjectIdentifier(o))).ToArray();
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        }
        if (plan.CrlDistributionPoint)
        {
            var uri = new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, TestPkiPlan.CrlUrl));
            var point = new DistributionPoint(new DistributionPointName(uri), null, null);
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([point]));
        }
        if (plan.Role == PlannedRole.OcspResponder)
            // RFC 6960 4.2.2.2.1: the delegated responder's own status is not checked by OCSP.
            generator.AddExtension(OcspNoCheck, false, DerNull.Instance);

        return generator.Generate(new DeterministicSignatureFactory(signingKey, plan.Hash));
    }

    private static byte[] BuildRootACrl(AsymmetricCipherKeyPair rootA, IEnumerable<long> revokedSerials)
    {
        var rootPlan = TestPkiPlan.Get("root-a");
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(NameOf(rootPlan));
        generator.SetThisUpdate(TestPkiPlan.CrlThisUpdate);
        generator.SetNextUpdate(TestPkiPlan.CrlNextUpdate);
        foreach (var serial in revokedSerials)
            generator.AddCrlEntry(BigInteger.ValueOf(serial), TestPkiPlan.RevocationDate, CrlReason.KeyCompromise);
        // RFC 5280 5.2.1 and 5.2.3: conforming CRL issuers include the AKI and a CRL number.
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(KeyIdentifier(rootA.Public)));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(TestPkiPlan.CrlNumber)));
        return generator.Generate(new DeterministicSignatureFactory(rootA.Private, PlannedHash.Sha256)).GetEncoded();
    }

    internal static X509Name NameOf(CertificatePlan plan) =>
        new([X509Name.O, X509Name.CN], new[] { plan.Organisation, plan.CommonName });

    private static int KeyUsageBits(PlannedKeyUsage usage)
    {
        var bits = 0;
        if (usage.HasFlag(PlannedKeyUsage.DigitalSignature)) bits |= KeyUsage.DigitalSignature;
        if (usage.HasFlag(PlannedKeyUsage.KeyEncipherment)) bits |= KeyUsage.KeyEncipherment;
        if (usage.HasFlag(PlannedKeyUsage.KeyCertSign)) bits |= KeyUsage.KeyCertSign;
        if (usage.HasFlag(PlannedKeyUsage.CrlSign)) bits |= KeyUsage.CrlSign;
        return bits;
    }

    /// <summary>RFC 5280 4.2.1.2 method (1): SHA-1 over the subjectPublicKey BIT STRING value.</summary>
    private static byte[] KeyIdentifier(AsymmetricKeyParameter publicKey) =>
        SHA1.HashData(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).PublicKey.GetBytes());
}
