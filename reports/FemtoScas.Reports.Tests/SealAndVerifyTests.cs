using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Sealing;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// The seal over a results folder: manifest, the lab's CMS signature (checked by openssl as the
/// independent oracle), the hand-off archive, and <see cref="BundleVerifier"/> naming every change.
/// </summary>
[TestFixture]
public sealed class SealAndVerifyTests
{
    private static void Cleanup(string directory)
    {
        var archive = RunSeal.ArchivePathFor(directory);
        if (File.Exists(archive)) File.Delete(archive);
    }

    /// <summary>A lone surrogate escape is valid JSON but no text: a named problem, not an escape (run-manifest fuzz target).</summary>
    [TestCase("{\"schema\":\"\\ud800\",\"files\":[]}", "schema")]
    [TestCase("{\"schema\":\"femtoscas.manifest/1\",\"runId\":\"r\",\"files\":[{\"path\":\"a\\udc00\",\"sha256\":\"00\",\"bytes\":1}]}", "files[0].path")]
    [TestCase("{\"schema\":\"femtoscas.manifest/1\",\"runId\":\"\u00a1\",\"files\":[]}", "runId")]
    public void AManifestHoldingNoValidTextIsANamedProblem(string json, string place)
    {
        // \u00a1 stands for the octet 0xA1 alone: not UTF-8, yet JsonDocument.Parse accepts it inside a string.
        var octets = json.Select(c => (byte)c).ToArray();
        var problems = new List<string>();
        Assert.That(RunManifest.Parse(octets, problems), Is.Null);
        Assert.That(problems, Is.EqualTo(new[] { $"{RunManifest.FileName}: the string at {place} is no valid text (not UTF-8, or a lone UTF-16 surrogate escape)" }));
    }

    /// <summary>A file's size that is not a number is a named problem, not an escape (run-manifest campaign).</summary>
    [TestCase("[]")]
    [TestCase("\"12\"")]
    [TestCase("{}")]
    public void AFileSizeThatIsNoNumberIsANamedProblem(string size)
    {
        var json = $"{{\"schema\":\"{RunManifest.Schema}\",\"runId\":\"r\",\"files\":[{{\"path\":\"a\",\"sha256\":\"00\",\"bytes\":{size}}}]}}";
        var problems = new List<string>();
        Assert.That(RunManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json), problems)!.Files, Is.Empty);
        Assert.That(problems, Is.EqualTo(new[] { $"{RunManifest.FileName}: files[0] lacks a string 'path', a string 'sha256' or an integer 'bytes'" }));
    }

    [Test]
    public void AFreshSealVerifiesAsFolderAndAsArchive()
    {
        using var run = new SyntheticRun();
        try
        {
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            Assert.That(summary.Seal, Is.Not.Null);
            var manifest = RunManifest.Parse(File.ReadAllBytes(summary.Seal!.Manifest), [])!;
            Assert.Multiple(() =>
            {
                Assert.That(summary.EvidenceIntact, Is.True);
                Assert.That(manifest.Files.Select(f => f.Path), Is.SupersetOf(new[] { "journal.jsonl", "compliance.json", "compliance.html", "junit.xml", SyntheticRun.EvidencePath }));
                Assert.That(manifest.Files.Select(f => f.Path), Has.None.StartsWith("manifest."));
                Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: false).Problems, Is.Empty);
                Assert.That(BundleVerifier.Verify(summary.Seal.Archive, requireSignature: false).Problems, Is.Empty);
                Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: true).Problems, Has.Some.Contains("not signed"));
            });
        }
        finally { Cleanup(run.Directory); }
    }

    [Test]
    public void OneByteChangedInAnyOutputFileIsNamed()
    {
        using var run = new SyntheticRun();
        try
        {
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            var files = RunManifest.Parse(File.ReadAllBytes(summary.Seal!.Manifest), [])!.Files;
            Assert.That(files, Has.Count.GreaterThan(10), "journal, four report formats, allure results and evidence");
            foreach (var f in files)
            {
                var full = Path.Combine(run.Directory, f.Path);
                var original = File.ReadAllBytes(full);
                var changed = (byte[])original.Clone();
                changed[changed.Length / 2] ^= 0x01;
                File.WriteAllBytes(full, changed);
                var check = BundleVerifier.Verify(run.Directory, requireSignature: false);
                File.WriteAllBytes(full, original);
                Assert.That(check.Problems, Has.Some.StartsWith("changed: " + f.Path + " "), f.Path);
            }
            File.WriteAllText(Path.Combine(run.Directory, "evidence", "planted.txt"), "x");
            File.Delete(Path.Combine(run.Directory, "junit.xml"));
            var last = BundleVerifier.Verify(run.Directory, requireSignature: false);
            Assert.That(last.Problems, Has.Some.StartsWith("added: evidence/planted.txt").And.Some.StartsWith("missing: junit.xml"));
        }
        finally { Cleanup(run.Directory); }
    }

    [Test]
    public void EvidenceChangedTogetherWithItsJournalHashIsNamedByVerifyAndByReport()
    {
        using var run = new SyntheticRun();
        try
        {
            ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            var evidence = Path.Combine(run.Directory, SyntheticRun.EvidencePath);
            var forged = "forged capture"u8.ToArray();
            File.WriteAllBytes(evidence, forged);
            var forgedHash = Convert.ToHexStringLower(SHA256.HashData(forged));
            File.WriteAllText(run.JournalPath, File.ReadAllText(run.JournalPath).Replace(run.EvidenceSha256, forgedHash, StringComparison.Ordinal));

            var check = BundleVerifier.Verify(run.Directory, requireSignature: false);
            Assert.That(check.Problems, Has.Some.StartsWith("changed: " + SyntheticRun.EvidencePath).And.Some.StartsWith("changed: journal.jsonl"));

            // The journal agrees with the evidence now, yet report must not launder it into a fresh seal silently.
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            Assert.Multiple(() =>
            {
                Assert.That(summary.EvidenceIntact, Is.False);
                Assert.That(summary.ChangedSinceSeal, Has.Some.Contains(SyntheticRun.EvidencePath).And.Some.Contains("journal.jsonl"));
                Assert.That(summary.Seal, Is.Null, "the earlier seal stays");
                Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: false).Problems, Has.Some.StartsWith("changed: " + SyntheticRun.EvidencePath));
                using var json = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
                Assert.That(json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()),
                    Has.Some.Contains("since the folder was sealed").And.Some.Contains(SyntheticRun.EvidencePath));
            });
        }
        finally { Cleanup(run.Directory); }
    }

    [Test]
    public void ChangedEvidenceMarksItsResultInEveryFormat()
    {
        using var run = new SyntheticRun();
        File.WriteAllText(Path.Combine(run.Directory, SyntheticRun.EvidencePath), "edited after the run");
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        Assert.That(summary.EvidenceChanged, Has.Count.EqualTo(1).And.Some.StartsWith("NRF-DEVAUTH"));
        Assert.That(summary.EvidenceIntact, Is.False);

        using var json = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        var devAuth = results.Single(r => r.GetProperty("id").GetString() == "NRF-DEVAUTH");
        var junit = XDocument.Load(summary.JUnitXml).Descendants("testcase")
            .Single(c => ((string)c.Attribute("name")!).StartsWith("NRF-DEVAUTH", StringComparison.Ordinal));
        var allure = Directory.GetFiles(summary.AllureResultsDirectory, "*-result.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Single(r => r.GetProperty("name").GetString()!.StartsWith("NRF-DEVAUTH", StringComparison.Ordinal));
        var html = File.ReadAllText(summary.ComplianceHtml);
        Assert.Multiple(() =>
        {
            Assert.That(devAuth.GetProperty("evidenceIntact").GetBoolean(), Is.False);
            Assert.That(results.Count(r => !r.GetProperty("evidenceIntact").GetBoolean()), Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("summary").GetProperty("evidenceChanged").GetInt32(), Is.EqualTo(1));
            Assert.That((string)junit.Element("failure")!.Attribute("message")!, Does.StartWith("EVIDENCE CHANGED AFTER THE RUN"));
            Assert.That(allure.GetProperty("statusDetails").GetProperty("message").GetString(), Does.StartWith("EVIDENCE CHANGED AFTER THE RUN"));
            Assert.That(html, Does.Contain("id=\"evidence-changed\""));
            Assert.That(html.Split(ComplianceHtmlWriter.EvidenceChangedBadge).Length - 1, Is.EqualTo(2), "in the matrix row and on the result");
        });
    }

    [Test]
    public void TheLabSignatureVerifiesWithOpensslAloneAndTheKeyStaysOut()
    {
        var openssl = FemtoScas.Harness.Tools.ToolVersions.Which("openssl");
        if (openssl is null) Assert.Ignore("openssl is not installed: the independent oracle is missing");
        using var run = new SyntheticRun();
        var pki = Directory.CreateTempSubdirectory("femtoscas-labpki-").FullName;
        try
        {
            // A throw-away lab PKI made by openssl, not by our code: root CA and a signing certificate.
            string Ssl(params string[] args) => OpenSsl(openssl!, pki, args);
            Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "labroot.key", "-out", "labroot.pem",
                "-days", "2", "-subj", "/CN=Test Lab Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
            Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "signing.key", "-out", "signing.csr", "-subj", "/CN=Test Lab Report Signing");
            File.WriteAllText(Path.Combine(pki, "ext.cnf"), "keyUsage=critical,digitalSignature\n");
            Ssl("x509", "-req", "-in", "signing.csr", "-CA", "labroot.pem", "-CAkey", "labroot.key", "-CAcreateserial", "-out", "signing.pem", "-days", "2", "-extfile", "ext.cnf");
            var labFile = Path.Combine(pki, "lab.json");
            File.WriteAllText(labFile, """
                { "name": "Test Lab", "address": "1 Test Street", "accreditationId": "none (test)", "customer": "Test Customer",
                  "signing": { "key": "signing.key", "certificate": "signing.pem" } }
                """);
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, LabFile.Load(labFile), printPdf: false);
            Assert.That(summary.Seal!.Signature, Does.Exist);

            string Verify(int expectedExit) => OpenSsl(openssl!, run.Directory,
                ["cms", "-verify", "-binary", "-content", RunManifest.FileName, "-in", RunManifest.SignatureFileName, "-inform", "DER",
                 "-CAfile", Path.Combine(pki, "labroot.pem"), "-out", "/dev/null"], expectedExit);
            Verify(0);
            var ours = BundleVerifier.Verify(run.Directory, requireSignature: true);
            Assert.That(ours.Problems, Is.Empty);
            Assert.That(ours.Signer, Does.Contain("Test Lab Report Signing"));
            Assert.That(BundleVerifier.Verify(summary.Seal.Archive, requireSignature: true).Problems, Is.Empty);

            // The signing key never reaches an output: its base64 body is in no file of the folder.
            var keyBody = File.ReadAllLines(Path.Combine(pki, "signing.key")).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
            foreach (var f in Directory.EnumerateFiles(run.Directory, "*", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(f);
                Assert.That(keyBody.Any(l => text.Contains(l, StringComparison.Ordinal)), Is.False, f);
            }

            // One byte of the manifest changed: openssl and verify both refuse it.
            var manifest = Path.Combine(run.Directory, RunManifest.FileName);
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"SHA-256\"", "\"SHA-257\"", StringComparison.Ordinal));
            Verify(4);
            Assert.That(BundleVerifier.Verify(run.Directory, requireSignature: true).Problems, Has.Some.StartsWith("bad signature: manifest.p7s"));
        }
        finally
        {
            Cleanup(run.Directory);
            Directory.Delete(pki, recursive: true);
        }
    }

    internal static string OpenSsl(string openssl, string directory, string[] args, int expectedExit = 0)
    {
        var psi = new ProcessStartInfo(openssl) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        Assert.That(p.WaitForExit(30_000), Is.True, "openssl did not finish in 30 s");
        Assert.That(p.ExitCode, Is.EqualTo(expectedExit), $"openssl {string.Join(' ', args)}: {err.Result}");
        return output + err.Result;
    }
}
