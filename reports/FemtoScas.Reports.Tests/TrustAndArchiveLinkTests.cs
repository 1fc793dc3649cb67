using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Sealing;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// <c>femtoscas verify --ca</c> (the signer must chain to the auditor's lab CA, openssl cms -verify
/// -CAfile as the oracle) and the hand-off archive's hard-link entries (each duplicate stored once;
/// GNU tar as the oracle that reads them; hostile link entries named, never followed).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TrustAndArchiveLinkTests
{
    private string openssl = "";
    private string pki = "";

    [OneTimeSetUp]
    public void MakePki()
    {
        openssl = FemtoScas.Harness.Tools.ToolVersions.Which("openssl") ?? "";
        if (openssl.Length == 0) Assert.Ignore("openssl is not installed: the independent oracle is missing");
        pki = Directory.CreateTempSubdirectory("femtoscas-trust-").FullName;
        // A lab PKI made by openssl (root, intermediate, signer) and an unrelated root.
        Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "labroot.key", "-out", "labroot.pem",
            "-days", "2", "-subj", "/CN=Test Lab Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "sub.key", "-out", "sub.csr", "-subj", "/CN=Test Lab Issuing CA");
        File.WriteAllText(Path.Combine(pki, "ca.cnf"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n");
        Ssl("x509", "-req", "-in", "sub.csr", "-CA", "labroot.pem", "-CAkey", "labroot.key", "-CAcreateserial", "-out", "sub.pem", "-days", "2", "-extfile", "ca.cnf");
        Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "signing.key", "-out", "signing.csr", "-subj", "/CN=Test Lab Report Signing");
        File.WriteAllText(Path.Combine(pki, "leaf.cnf"), "keyUsage=critical,digitalSignature\n");
        Ssl("x509", "-req", "-in", "signing.csr", "-CA", "sub.pem", "-CAkey", "sub.key", "-CAcreateserial", "-out", "signing.pem", "-days", "2", "-extfile", "leaf.cnf");
        Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "other.key", "-out", "other.pem",
            "-days", "2", "-subj", "/CN=Some Other Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        File.WriteAllText(Path.Combine(pki, "lab.json"), """
            { "name": "Test Lab", "address": "1 Test Street", "accreditationId": "none (test)", "customer": "Test Customer",
              "signing": { "key": "signing.key", "certificate": "signing.pem", "chain": ["sub.pem"] } }
            """);
    }

    [OneTimeTearDown]
    public void RemovePki()
    {
        if (pki.Length > 0) Directory.Delete(pki, recursive: true);
    }

    private string Ssl(params string[] args) => SealAndVerifyTests.OpenSsl(openssl, pki, args);

    [Test]
    public void VerifyWithCaAgreesWithOpensslOnTheLabRootAndOnAnotherRoot()
    {
        using var run = new SyntheticRun();
        try
        {
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, LabFile.Load(Path.Combine(pki, "lab.json")), printPdf: false);
            Assert.That(summary.Seal!.Signature, Does.Exist);
            string[] Cms(string root) => ["cms", "-verify", "-binary", "-content", RunManifest.FileName, "-in", RunManifest.SignatureFileName,
                "-inform", "DER", "-CAfile", Path.Combine(pki, root), "-out", "/dev/null"];

            // The lab root: openssl accepts (through the intermediate the signature carries), and so does verify --ca.
            SealAndVerifyTests.OpenSsl(openssl, run.Directory, Cms("labroot.pem"));
            var trusted = BundleVerifier.Verify(run.Directory, requireSignature: false, TrustAnchor.Load(Path.Combine(pki, "labroot.pem")));
            Assert.That(trusted.Problems, Is.Empty);
            Assert.That(trusted.Notes, Has.Some.Contains("the signer chains to").And.Some.Contains("labroot.pem"));
            Assert.That(BundleVerifier.Verify(summary.Seal.Archive, requireSignature: true, TrustAnchor.Load(Path.Combine(pki, "labroot.pem"))).Problems, Is.Empty);

            // Another root: openssl refuses (exit 4), verify names the untrusted signer.
            SealAndVerifyTests.OpenSsl(openssl, run.Directory, Cms("other.pem"), expectedExit: 4);
            var untrusted = BundleVerifier.Verify(run.Directory, requireSignature: false, TrustAnchor.Load(Path.Combine(pki, "other.pem")));
            Assert.That(untrusted.Problems, Has.One.StartsWith("untrusted signer: manifest.p7s: signer 'CN=Test Lab Report Signing'").And.Contains("other.pem"));

            // An unsigned bundle with --ca: the signature --ca asks about is missing.
            File.Delete(Path.Combine(run.Directory, RunManifest.SignatureFileName));
            var manifest = Path.Combine(run.Directory, RunManifest.FileName);
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"signature\": {", "\"signature-was\": {", StringComparison.Ordinal));
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: false, TrustAnchor.Load(Path.Combine(pki, "labroot.pem"))).Problems,
                Has.Some.StartsWith("missing: manifest.p7s"));
        }
        finally { File.Delete(RunSeal.ArchivePathFor(run.Directory)); }
    }

    [Test]
    public void ATrustAnchorFileWithoutACertificateIsNamed()
    {
        var path = Path.Combine(pki, "not-a-ca.pem");
        File.WriteAllText(path, "not a certificate\n");
        Assert.That(() => TrustAnchor.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("not-a-ca.pem"));
        Assert.That(() => TrustAnchor.Load(Path.Combine(pki, "absent.pem")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("absent.pem"));
    }

    [Test]
    public void TheArchiveStoresEachDuplicateOnceAndGnuTarAndVerifyReadIt()
    {
        using var run = new SyntheticRun();
        var unpacked = Directory.CreateTempSubdirectory("femtoscas-untar-").FullName;
        try
        {
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            var entries = Entries(summary.Seal!.Archive);
            var links = entries.Where(e => e.Type == TarEntryType.HardLink).ToList();
            var name = Path.GetFileName(run.Directory);
            // The evidence file is attached in allure-results/ (a hard link on disk): stored once, the other name a link to it.
            var evidenceEntry = name + "/" + SyntheticRun.EvidencePath;
            Assert.That(summary.Seal.ArchiveLinks, Is.EqualTo(links.Count).And.GreaterThan(0));
            Assert.That(entries.Count(e => e.Type is TarEntryType.RegularFile && e.Name == evidenceEntry), Is.EqualTo(1));
            Assert.That(links, Has.Some.Matches<(string Name, TarEntryType Type, string Link, long Length)>(
                l => l.Name.StartsWith(name + "/" + AllureWriter.DirectoryName + "/", StringComparison.Ordinal) && l.Link == evidenceEntry));
            // Every name is in the archive, and the bytes stored are the folder's bytes less the linked duplicates.
            var onDisk = Directory.EnumerateFiles(run.Directory, "*", SearchOption.AllDirectories).ToList();
            Assert.That(entries.Count(e => e.Type is TarEntryType.RegularFile or TarEntryType.HardLink), Is.EqualTo(onDisk.Count));
            Assert.That(entries.Where(e => e.Type == TarEntryType.RegularFile).Sum(e => e.Length),
                Is.EqualTo(onDisk.Sum(f => new FileInfo(f).Length) - links.Sum(l => new FileInfo(Path.Combine(Path.GetDirectoryName(run.Directory)!, l.Link)).Length)));

            Assert.That(BundleVerifier.Verify(summary.Seal.Archive, requireSignature: false).Problems, Is.Empty);

            // The oracle: GNU tar unpacks the link entries, and the folder it gives verifies.
            var tar = FemtoScas.Harness.Tools.ToolVersions.Which("tar");
            if (tar is null) Assert.Ignore("GNU tar is not installed");
            var psi = new ProcessStartInfo(tar, ["-xzf", summary.Seal.Archive, "-C", unpacked]) { RedirectStandardError = true };
            using (var p = Process.Start(psi)!)
            {
                var err = p.StandardError.ReadToEnd();
                Assert.That(p.WaitForExit(30_000) && p.ExitCode == 0, Is.True, "tar -xzf: " + err);
            }
            Assert.That(BundleVerifier.Verify(Path.Combine(unpacked, name), requireSignature: false).Problems, Is.Empty);
        }
        finally
        {
            File.Delete(RunSeal.ArchivePathFor(run.Directory));
            Directory.Delete(unpacked, recursive: true);
        }
    }

    private static IEnumerable<TestCaseData> HostileLinks()
    {
        yield return new TestCaseData("../../etc/passwd", "outside the archive").SetName("LinkClimbingOut");
        yield return new TestCaseData("/etc/passwd", "outside the archive").SetName("AbsoluteLink");
        yield return new TestCaseData("run/evidence/absent.pcap", "no regular file earlier in the archive").SetName("LinkToAMissingMember");
        yield return new TestCaseData("run/later.txt", "no regular file earlier in the archive").SetName("LinkToALaterMember");
        yield return new TestCaseData("run/evidence", "no regular file earlier in the archive").SetName("LinkToAFolder");
        yield return new TestCaseData("run/evidence/link.txt", "no regular file earlier in the archive").SetName("LinkToItself");
    }

    [TestCaseSource(nameof(HostileLinks))]
    public void AHostileLinkEntryIsANamedProblemAndNothingIsFollowed(string linkName, string reason)
    {
        var archive = Path.Combine(pki, $"hostile-{Guid.NewGuid():N}.tar.gz");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "run/evidence/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "run/evidence/a.txt") { DataStream = new MemoryStream("a"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "run/evidence/link.txt") { LinkName = linkName });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "run/later.txt") { DataStream = new MemoryStream("b"u8.ToArray()) });
        }
        BundleCheck check = null!;
        Assert.That(() => check = BundleVerifier.Verify(archive, requireSignature: false), Throws.Nothing);
        Assert.That(check.Problems, Has.Some.StartsWith("added: archive entry 'run/evidence/link.txt' is a hard link to").And.Some.Contains(reason));
    }

    /// <summary>
    /// A GNU sparse-file entry (type 'S'), which .NET's TarReader refuses with NotSupportedException while reading its
    /// header: a named problem, not an escape (found by the bundle-archive fuzz target). The header is written octet by
    /// octet because TarWriter does not write that type.
    /// </summary>
    [Test]
    public void AGnuSparseEntryIsANamedProblem()
    {
        var header = new byte[512];
        void Field(int offset, string text) => System.Text.Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        Field(0, "run/sparse.bin");
        Field(100, "0000644\0");
        Field(108, "0000000\0");
        Field(116, "0000000\0");
        Field(124, "00000000000\0");
        Field(136, "00000000000\0");
        header[156] = (byte)'S';
        Field(257, "ustar  \0");
        Field(148, "        ");
        Field(148, Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ");
        var archive = Path.Combine(pki, $"sparse-{Guid.NewGuid():N}.tar.gz");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(header);
            gzip.Write(new byte[1024]);
        }
        BundleCheck check = null!;
        Assert.That(() => check = BundleVerifier.Verify(archive, requireSignature: false), Throws.Nothing);
        Assert.That(check.Problems, Has.Some.Contains("not a readable tar.gz archive").And.Some.Contains("SparseFile"));
    }

    private static List<(string Name, TarEntryType Type, string Link, long Length)> Entries(string archive)
    {
        var list = new List<(string, TarEntryType, string, long)>();
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } e) list.Add((e.Name, e.EntryType, e.LinkName, e.Length));
        return list;
    }
}
