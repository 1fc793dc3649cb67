using NUnit.Framework;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Tests.Pki;

[TestFixture]
public sealed class TestPkiGenerationTests
{
    private string temp = "";

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("femtoscas-pki-").FullName;

    [TearDown]
    public void RemoveTemp() => Directory.Delete(temp, recursive: true);

    // Copying (not regenerating) keeps these tests fast; the committed set equals a fresh one by the test below.
    private void CopyCommittedFixtures()
    {
        foreach (var file in Directory.EnumerateFiles(PkiFixtures.Directory))
            File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
    }

    [Test]
    public void GeneratingTwiceGivesIdenticalBytes()
    {
        var first = Path.Combine(temp, "a");
        var second = Path.Combine(temp, "b");
        var names = TestPki.Generate(first);
        TestPki.Generate(second);

        Assert.That(names, Has.Count.GreaterThan(40));
        foreach (var name in names)
            Assert.That(File.ReadAllBytes(Path.Combine(second, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first, name))), name);
    }

    [Test]
    public void CommittedFixturesAreExactlyWhatTheGeneratorMakes()
    {
        var differences = TestPki.Verify(PkiFixtures.Directory);
        Assert.That(differences, Is.Empty,
            "fixtures/pki differs from the generator; run 'dotnet run --project harness/FemtoScas.Cli -- pki generate' and commit");
    }

    [Test]
    public void VerifyReportsATamperedAndAStrayFile()
    {
        CopyCommittedFixtures();
        var path = Path.Combine(temp, "segw-ecdsa.crt.pem");
        File.WriteAllText(path, File.ReadAllText(path).Replace('A', 'B'));
        File.WriteAllText(Path.Combine(temp, "stray.crt.pem"), "not generated");

        var differences = TestPki.Verify(temp);

        Assert.That(differences, Has.Count.EqualTo(2));
        Assert.That(differences, Has.Some.StartsWith("segw-ecdsa.crt.pem: differs"));
        Assert.That(differences, Has.Some.StartsWith("stray.crt.pem: not made by the generator"));
    }

    [Test]
    public void LoadRejectsAFileChangedAfterGeneration()
    {
        CopyCommittedFixtures();
        File.AppendAllText(Path.Combine(temp, "root-a.key.pem"), "\n");

        var ex = Assert.Throws<FemtoScas.Harness.Data.DataFileException>(() => TestPki.Load(temp));
        Assert.That(ex!.Message, Does.Contain("root-a.key.pem").And.Contain("changed after generation"));
    }

    [Test]
    public void ManifestListsEveryFileWithItsSha256()
    {
        var dir = PkiFixtures.Directory;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var listed = doc.RootElement.GetProperty("files").EnumerateArray().ToList();
        var onDisk = Directory.EnumerateFiles(dir).Select(Path.GetFileName)
            .Where(n => n is not ("manifest.json" or "README.md" or ".gitattributes")).Order(StringComparer.Ordinal).ToList();

        Assert.That(listed.Select(f => f.GetProperty("file").GetString()).Order(StringComparer.Ordinal).ToList(), Is.EqualTo(onDisk));
        foreach (var file in listed)
        {
            var name = file.GetProperty("file").GetString()!;
            var sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))).ToLowerInvariant();
            Assert.That(file.GetProperty("sha256").GetString(), Is.EqualTo(sha), name);
            if (file.GetProperty("kind").GetString() == "certificate")
                foreach (var field in new[] { "role", "quality", "subject", "issuer", "serial", "notBefore", "notAfter" })
                    Assert.That(file.TryGetProperty(field, out _), Is.True, $"{name} lacks {field}");
        }
    }

    [Test]
    public void LoadedSetHasTheDocumentedContents()
    {
        var set = PkiFixtures.Set;
        string[] expected =
        [
            "root-a", "root-b", "root-unknown", "intermediate-a", "segw-ecdsa", "segw-rsa", "segw-root-b", "segw-intermediate",
            "segw-expired", "segw-not-yet-valid", "segw-unknown-issuer", "segw-revoked", "segw-wrong-key-usage",
            "segw-wrong-identity", "segw-sha1", "segw-rsa1024", "segw-forged-issuer", "femto-ecdsa", "femto-rsa",
            "femto-sha1", "femto-rsa1024", "femto-wrong-identity", "ocsp-responder",
            "vendor-root", "femto-vendor", "cmp-ra",
            "femto-peer", "femto-peer-unknown-issuer",
        ];
        Assert.That(set.Entries.Select(e => e.Name), Is.EquivalentTo(expected));
        Assert.That(set["segw-intermediate"].Chain.Select(c => c.Name), Is.EqualTo(new[] { "segw-intermediate", "intermediate-a", "root-a" }));
        Assert.That(set["segw-root-b"].Issuer.Name, Is.EqualTo("root-b"));
        Assert.That(set["root-a"].Issuer.Name, Is.EqualTo("root-a"));
        Assert.That(set["femto-vendor"].Chain.Select(c => c.Name), Is.EqualTo(new[] { "femto-vendor", "vendor-root" }));
        Assert.That(set["cmp-ra"].Chain.Select(c => c.Name), Is.EqualTo(new[] { "cmp-ra", "root-a" }));
        Assert.That(set["femto-peer-unknown-issuer"].Chain.Select(c => c.Name), Is.EqualTo(new[] { "femto-peer-unknown-issuer", "root-unknown" }));
        Assert.That(set.Entries.Where(e => !e.IsGood).All(e => e.Defect is not null && e.DetectedBy is not null), Is.True);
    }

    [Test]
    public void ValidityWindowsAreFixed()
    {
        var set = PkiFixtures.Set;
        var endOf2046 = new DateTimeOffset(2046, 12, 31, 23, 59, 59, TimeSpan.Zero);
        foreach (var good in set.Entries.Where(e => e.IsGood))
            Assert.That(good.NotAfter, Is.GreaterThanOrEqualTo(endOf2046), good.Name);
        Assert.That(set["segw-expired"].NotAfter.Year, Is.EqualTo(2016));
        Assert.That(set["segw-not-yet-valid"].NotBefore.Year, Is.EqualTo(2045));
    }

    [TestCase("segw-ecdsa")]
    [TestCase("segw-rsa")]
    [TestCase("femto-ecdsa")]
    [TestCase("femto-rsa")]
    [TestCase("root-b")]
    public void PrivateKeyBelongsToItsCertificate(string name)
    {
        using var cert = PkiFixtures.Set[name].ToX509Certificate2(withPrivateKey: true);
        var data = "proof of possession"u8.ToArray();
        if (cert.GetECDsaPrivateKey() is { } ec)
        {
            using (ec)
            using (var pub = cert.GetECDsaPublicKey()!)
                Assert.That(pub.VerifyData(data, ec.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256), Is.True);
        }
        else
        {
            using var rsa = cert.GetRSAPrivateKey()!;
            using var pub = cert.GetRSAPublicKey()!;
            var sig = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            Assert.That(pub.VerifyData(data, sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
        }
    }

    [Test]
    public void ToStringNeverShowsThePrivateKey()
    {
        var entry = PkiFixtures.Set["segw-ecdsa"];
        var text = entry.ToString();
        Assert.That(text, Does.Contain("segw-ecdsa"));
        Assert.That(text, Does.Not.Contain(Convert.ToBase64String(entry.PrivateKeyPkcs8)[..16]));
    }
}
