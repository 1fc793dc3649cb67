using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Reports.Sealing;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// The lab's documentation-review verdicts (report --review FILE): strict loading with file and
/// field named, the verdict, reviewer and documents in every report format, the answers file
/// copied into the results folder and hashed by the manifest, and later rebuilds using the copy.
/// </summary>
public sealed class DocumentationReviewTests
{
    private const string Answers = """
        {
          "schema": "femtoscas.documentation-review/1",
          "reviews": [
            { "id": "NRF-DOC", "verdict": "FAIL", "reviewer": "R. Reviewer", "reviewedOn": "2026-11-20",
              "documents": ["Vendor security guide v3.2, 4.1", "Key store design note KS-7"],
              "note": "the key store is described, but keys leave it in clear for backup" }
          ]
        }
        """;

    private static string WriteAnswers(string dir, string text)
    {
        var path = Path.Combine(dir, "answers-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void A_review_verdict_appears_in_every_format_and_the_answers_file_is_sealed()
    {
        using var run = new SyntheticRun();
        var answers = WriteAnswers(Path.GetTempPath(), Answers);
        try
        {
            var summary = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false, reviewFile: answers);
            var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(answers)));

            using (var json = JsonDocument.Parse(File.ReadAllBytes(summary.ComplianceJson)))
            {
                var doc = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "NRF-DOC");
                Assert.That(doc.GetProperty("verdict").GetString(), Is.EqualTo("FAIL"));
                Assert.That(doc.GetProperty("reason").GetString(), Does.Contain("R. Reviewer").And.Contain("Key store design note KS-7").And.Contain("2026-11-20"));
            }
            Assert.That(summary.VerdictCounts["FAIL"], Is.EqualTo(3), "two test FAILs and the review's");
            var html = File.ReadAllText(summary.ComplianceHtml);
            Assert.That(html, Does.Contain("R. Reviewer").And.Contain("Vendor security guide v3.2, 4.1").And.Contain(sha));
            Assert.That(File.ReadAllText(summary.JUnitXml), Does.Contain("R. Reviewer"));
            var allure = string.Join("\n", Directory.GetFiles(summary.AllureResultsDirectory, "*-result.json").Select(File.ReadAllText));
            Assert.That(allure, Does.Contain("R. Reviewer").And.Contain("Key store design note KS-7"));

            // Copied beside the journal, listed in the manifest with its hash.
            var copy = Path.Combine(run.Directory, DocumentationReviewFile.FileName);
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(File.ReadAllBytes(answers)));
            Assert.That(File.ReadAllText(Path.Combine(run.Directory, RunManifest.FileName)), Does.Contain(DocumentationReviewFile.FileName).And.Contain(sha));
            Assert.That(BundleVerifier.Verify(run.Directory, false).Intact, Is.True);

            // A rebuild without --review uses the sealed copy; a changed copy fails verify.
            var again = ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, lab: null, printPdf: false);
            Assert.That(again.VerdictCounts["FAIL"], Is.EqualTo(3));
            File.AppendAllText(copy, " ");
            var check = BundleVerifier.Verify(run.Directory, false);
            Assert.That(check.Intact, Is.False);
            Assert.That(check.Problems, Has.Some.Contains(DocumentationReviewFile.FileName));
        }
        finally { File.Delete(answers); }
    }

    [Test]
    public void Without_answers_the_record_stays_not_executed()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var json = JsonDocument.Parse(File.ReadAllBytes(summary.ComplianceJson));
        var doc = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "NRF-DOC");
        Assert.That(doc.GetProperty("verdict").GetString(), Is.EqualTo("NOT_EXECUTED"));
    }

    [Test]
    public void A_review_of_a_record_a_test_case_decides_is_refused()
    {
        using var run = new SyntheticRun();
        var answers = WriteAnswers(run.Directory, Answers.Replace("NRF-DOC", "NRF-CAG", StringComparison.Ordinal));
        var e = Assert.Throws<DataFileException>(() => ReportWriter.WriteAndSeal(run.JournalPath, run.Directory, null, printPdf: false, reviewFile: answers))!;
        Assert.That(e.Field, Is.EqualTo("reviews[0].id"));
        Assert.That(e.Problem, Does.Contain("not a documentation-review record"));
        Assert.That(File.Exists(Path.Combine(run.Directory, DocumentationReviewFile.FileName)), Is.False);
    }

    [TestCase("\"verdict\": \"FAIL\"", "\"verdict\": \"ERROR\"", "reviews[0].verdict")]
    [TestCase("\"reviewedOn\": \"2026-11-20\"", "\"reviewedOn\": \"20.11.2026\"", "reviews[0].reviewedOn")]
    [TestCase("\"reviewer\": \"R. Reviewer\"", "\"reviewer\": \" \"", "reviews[0].reviewer")]
    [TestCase("\"reviewer\"", "\"reviewr\"", "reviews[0].reviewr")]
    [TestCase("[\"Vendor security guide v3.2, 4.1\", \"Key store design note KS-7\"]", "[]", "reviews[0].documents")]
    [TestCase("femtoscas.documentation-review/1", "femtoscas.documentation-review/2", "schema")]
    [TestCase("\"note\"", "\"notes\"", "reviews[0].notes")]
    public void A_broken_answers_file_names_file_and_field(string from, string to, string field)
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-review-").FullName;
        try
        {
            var path = WriteAnswers(dir, Answers.Replace(from, to, StringComparison.Ordinal));
            var e = Assert.Throws<DataFileException>(() => DocumentationReviewFile.Load(path))!;
            Assert.That(e.File, Is.EqualTo(path));
            Assert.That(e.Field, Is.EqualTo(field));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_loader_reads_the_known_answer()
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-review-").FullName;
        try
        {
            var file = DocumentationReviewFile.Load(WriteAnswers(dir, Answers));
            var r = file.Reviews.Single();
            Assert.That((r.Id, r.Verdict, r.Reviewer, r.ReviewedOn, r.Documents.Count), Is.EqualTo(("NRF-DOC", Verdict.Fail, "R. Reviewer", new DateOnly(2026, 11, 20), 2)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_committed_template_loads_and_names_documentation_review_records_of_the_catalogue()
    {
        var root = Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        var template = DocumentationReviewFile.Load(Path.Combine(root, "fixtures", "documentation-review.template.json"));
        Assert.That(template.Reviews, Is.Not.Empty);
        Assert.DoesNotThrow(() => template.CheckAgainst(Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Records));
    }

    [Test]
    public void One_MiB_of_garbage_is_a_typed_error_quickly()
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-review-").FullName;
        try
        {
            var bytes = new byte[1 << 20];
            new Random(5).NextBytes(bytes);
            var path = Path.Combine(dir, "garbage.json");
            File.WriteAllBytes(path, bytes);
            var watch = Stopwatch.StartNew();
            Assert.Throws<DataFileException>(() => DocumentationReviewFile.Load(path));
            // Valid JSON nesting far past any sane depth is refused too, not a stack overflow.
            File.WriteAllText(path, new string('[', 1 << 20));
            Assert.Throws<DataFileException>(() => DocumentationReviewFile.Load(path));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
        finally { Directory.Delete(dir, true); }
    }
}
