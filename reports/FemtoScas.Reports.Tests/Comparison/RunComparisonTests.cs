using System.Diagnostics;
using System.Text.Json;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Comparison;

namespace FemtoScas.Reports.Tests.Comparison;

/// <summary>
/// femtoscas diff and the expected-results gate over journals written by the real journal writer
/// (<see cref="SyntheticRun"/>): run B re-decides some test cases later in its journal (the last
/// decision of a test case counts), which changes verdicts, findings and tables in known ways.
/// </summary>
public sealed class RunComparisonTests
{
    // Run B: the UDP port scan now passes without its finding, the crypto-profile table lost 3DES
    // and gained a row, a timing table vanished, and one new test case decided.
    private static void FirmwareV2(RunJournalWriter w)
    {
        w.Append(SyntheticRun.Test("TS33117-4.2.3.2.2", "Ts33117.PortScan.Udp", "PASS", "only documented ports open", 6));
        w.Append(SyntheticRun.Test("NRF-CRYPTO", "Ts33545.CryptoProfile.Proposals", "INCONCLUSIVE", "DUT went silent after IKE_SA_INIT", 7,
            tables: [new EvidenceTable("Crypto profile: IKE proposals", ["transform", "offered", "allowed"],
                [["ENCR_AES_GCM_16", "yes", "yes"], ["ENCR_AES_CBC", "yes", "yes"]])]));
        w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Tunnel.Only", "FAIL", "plain traffic on the backhaul", 8,
            findings: [new Finding("udp/53", "inside the tunnel", "in clear", false)]));
    }

    [Test]
    public void Two_runs_of_the_same_journal_content_are_equal()
    {
        using var a = new SyntheticRun();
        using var b = new SyntheticRun();
        var diff = RunComparison.Compare(a.Directory, b.Directory);
        Assert.That(diff.Equal, Is.True);
        Assert.That(diff.CasesCompared, Is.EqualTo(6));
    }

    [Test]
    public void Verdict_changes_findings_and_tables_are_named_per_test_case()
    {
        using var a = new SyntheticRun();
        using var b = new SyntheticRun(extra: FirmwareV2);
        var diff = RunComparison.Compare(a.Directory, b.Directory);

        Assert.That(diff.Equal, Is.False);
        Assert.That(diff.Verdicts.Select(v => $"{v.TestName}:{v.Before}->{v.After}"), Is.EqualTo(new[]
        {
            "Ts33117.PortScan.Udp:FAIL->PASS",
            "Ts33545.Tunnel.Only:->FAIL",
        }));
        Assert.That(diff.Findings.Select(f => $"{f.TestName}:{(f.InB ? "new" : "vanished")}:{f.Finding.Subject}"), Is.EqualTo(new[]
        {
            "Ts33117.PortScan.Udp:vanished:udp/161",
            "Ts33545.Tunnel.Only:new:udp/53",
        }));
        var crypto = diff.Tables.Single(t => t.Title == "Crypto profile: IKE proposals");
        Assert.That(crypto.RowsOnlyInA, Is.EqualTo(new[] { "ENCR_3DES | no | no <forbidden>" }));
        Assert.That(crypto.RowsOnlyInB, Is.EqualTo(new[] { "ENCR_AES_CBC | yes | yes" }));
        var timing = diff.Tables.Single(t => t.Title == "Timing");
        Assert.That(timing.Change, Is.EqualTo("vanished from A"));
        Assert.That(diff.Tables, Has.Count.EqualTo(2));

        // Swapped sides: every change turns round.
        var back = RunComparison.Compare(b.Directory, a.Directory);
        Assert.That(back.Verdicts.Select(v => $"{v.Before}->{v.After}"), Is.EqualTo(new[] { "PASS->FAIL", "FAIL->" }));
        Assert.That(back.Findings.Count(f => f.InB), Is.EqualTo(1));
    }

    [Test]
    public void Diff_json_and_html_carry_the_changes_and_encode_journal_text()
    {
        using var a = new SyntheticRun();
        using var b = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-DEVAUTH", "Ts33545.DeviceAuth.UntrustedSegw", "PASS", "<img src=x onerror=alert(1)>", 9)));
        var diff = RunComparison.Compare(a.JournalPath, b.JournalPath);
        var (json, html) = DiffWriter.Write(diff, Path.Combine(b.Directory, "diff"));

        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.That(doc.RootElement.GetProperty("schema").GetString(), Is.EqualTo("femtoscas.diff/1"));
        Assert.That(doc.RootElement.GetProperty("equal").GetBoolean(), Is.False);
        var change = doc.RootElement.GetProperty("verdictChanges").EnumerateArray().Single();
        Assert.That(change.GetProperty("before").GetString(), Is.EqualTo("FAIL"));
        Assert.That(change.GetProperty("after").GetString(), Is.EqualTo("PASS"));
        Assert.That(doc.RootElement.GetProperty("findingChanges").GetArrayLength(), Is.EqualTo(2));

        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("Content-Security-Policy\" content=\"default-src 'none'"));
        Assert.That(page, Does.Not.Contain("<img src=x"));
        Assert.That(page, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"));
        Assert.That(page, Does.Not.Contain("<script"));
    }

    [Test]
    public void A_torn_line_a_missing_journal_and_a_test_without_verdict_are_named_by_file_and_field()
    {
        using var torn = new SyntheticRun(tornLastLine: true);
        using var good = new SyntheticRun();
        var e = Assert.Throws<DataFileException>(() => RunComparison.Compare(good.Directory, torn.Directory))!;
        Assert.That(e.File, Does.EndWith("journal.jsonl"));
        Assert.That(e.Field, Is.EqualTo("line 9"));

        var missing = Assert.Throws<DataFileException>(() => RunComparison.Compare(good.Directory, Path.Combine(good.Directory, "nothing-here")))!;
        Assert.That(missing.Field, Is.EqualTo("(file)"));

        File.AppendAllText(good.JournalPath, "{\"type\":\"test-finished\",\"id\":\"X\",\"testName\":\"T\",\"verdict\":null,\"reason\":\"r\",\"startedAt\":\"2026-11-23T09:00:00Z\",\"finishedAt\":\"2026-11-23T09:00:00Z\",\"durationSeconds\":0,\"steps\":[],\"evidence\":[]}\n");
        var noVerdict = Assert.Throws<DataFileException>(() => RunComparison.Load(good.Directory))!;
        Assert.That(noVerdict.Field, Is.EqualTo("test-finished[6].verdict"));
    }

    [Test]
    public void One_MiB_of_garbage_as_a_journal_is_refused_quickly_with_a_typed_error()
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-diff-garbage-").FullName;
        try
        {
            var bytes = new byte[1 << 20];
            new Random(15).NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i += 4096) bytes[i] = (byte)'\n';
            File.WriteAllBytes(Path.Combine(dir, "journal.jsonl"), bytes);
            var watch = Stopwatch.StartNew();
            Assert.Throws<DataFileException>(() => RunComparison.Load(dir));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
        finally { Directory.Delete(dir, true); }
    }

    private const string ExpectedTable = """
        {
          "schema": "femtoscas.validation/1",
          "dutProfile": "fixtures/duts/lab-femto.json",
          "base": {
            "name": "firmware-1",
            "conformant": false,
            "verdicts": {
              "TS33117-4.2.3.2.2": "FAIL",
              "NRF-DEVAUTH": "FAIL",
              "NRF-CRYPTO": "INCONCLUSIVE",
              "NRF-IPV6": "NOT_APPLICABLE",
              "NRF-CAG": "ERROR"
            },
            "reasonContains": { "TS33117-4.2.3.2.2": "UDP 161" }
          },
          "configurations": [
            { "name": "firmware-2", "conformant": false, "deviations": { "NRF-CAG": "PASS", "NRF-DEVAUTH": "PASS" } }
          ]
        }
        """;

    [Test]
    public void The_expected_results_gate_names_every_deviating_case()
    {
        using var run = new SyntheticRun();
        var file = Path.Combine(run.Directory, "expected.json");
        File.WriteAllText(file, ExpectedTable);

        // A record decided twice counts by its worst verdict (PASS and FAIL: FAIL).
        Assert.That(ExpectedResultsGate.Check(run.Directory, file), Is.Empty);

        var deviations = ExpectedResultsGate.Check(run.Directory, file + "#firmware-2");
        Assert.That(deviations, Has.Count.EqualTo(2));
        Assert.That(deviations, Has.Some.StartsWith("NRF-CAG: expected PASS, got ERROR"));
        Assert.That(deviations, Has.Some.StartsWith("NRF-DEVAUTH: expected PASS, got FAIL"));

        // A case the run decides that the expected table does not list is a deviation too.
        using var more = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Tunnel.Only", "PASS", "tunnel only", 8)));
        Assert.That(ExpectedResultsGate.Check(more.Directory, file), Is.EqualTo(new[] { "NRF-LATE: decided (PASS) but missing from the expected table of 'firmware-1'" }));
    }

    [Test]
    public void A_broken_expected_results_file_is_named_by_file_and_field()
    {
        using var run = new SyntheticRun();
        var file = Path.Combine(run.Directory, "expected.json");
        File.WriteAllText(file, ExpectedTable.Replace("\"ERROR\"", "\"BROKEN\"", StringComparison.Ordinal));
        var e = Assert.Throws<DataFileException>(() => ExpectedResultsGate.Check(run.Directory, file))!;
        Assert.That(e.Field, Is.EqualTo("base.verdicts.NRF-CAG"));

        File.WriteAllText(file, ExpectedTable);
        var unknown = Assert.Throws<DataFileException>(() => ExpectedResultsGate.LoadExpected(file + "#firmware-3"))!;
        Assert.That(unknown.Field, Is.EqualTo("configurations"));
    }

    private static string Review(string verdict, string reviewer) => $$"""
        { "schema": "femtoscas.documentation-review/1",
          "reviews": [ { "id": "NRF-DOC", "verdict": "{{verdict}}", "reviewer": "{{reviewer}}", "reviewedOn": "2026-11-20",
                         "documents": ["Vendor security guide v3.2, 4.1"] } ] }
        """;

    // Run B's DUT declares no HPM: NRF-HPM (no test case decides it) is ruled out by PICS there.
    private static RunStarted WithoutHpm(RunStarted s) => s with
    {
        Pics = new Dictionary<string, bool>(s.Pics) { ["hpmAuthentication"] = false },
        Catalogue = [.. s.Catalogue.Select(r => r.Id == "NRF-HPM" ? r with { Pics = "hpmAuthentication" } : r)],
    };

    [Test]
    public void Records_no_test_decided_and_review_verdicts_are_compared()
    {
        using var a = new SyntheticRun();
        using var b = new SyntheticRun(start: WithoutHpm);
        File.WriteAllText(Path.Combine(b.Directory, DocumentationReviewFile.FileName), Review("FAIL", "R. Reviewer"));

        var diff = RunComparison.Compare(a.Directory, b.Directory);
        Assert.That(diff.Verdicts, Is.Empty, "no test case changed");
        Assert.That(diff.Equal, Is.False);
        Assert.That(diff.RecordsCompared, Is.EqualTo(SyntheticRun.Catalogue.Count));
        Assert.That(diff.Records.Select(r => $"{r.Id}:{r.Kind}:{r.Before}->{r.After}"), Is.EqualTo(new[]
        {
            "NRF-DOC:review:NOT_EXECUTED->FAIL",
            "NRF-HPM:record:NOT_EXECUTED->NOT_APPLICABLE",
        }));
        Assert.That(diff.Records.Single(r => r.Id == "NRF-HPM").ReasonAfter, Does.Contain("hpmAuthentication"));
        Assert.That(diff.Records.Single(r => r.Id == "NRF-DOC").ReasonAfter, Does.Contain("R. Reviewer").And.Contain("Vendor security guide"));

        // Both reviewed, another verdict and reviewer: a review change; the same review on both sides: none.
        File.WriteAllText(Path.Combine(a.Directory, DocumentationReviewFile.FileName), Review("PASS", "A. Other"));
        var reviewed = RunComparison.Compare(a.Directory, b.Directory);
        Assert.That(reviewed.Records.Single(r => r.Id == "NRF-DOC"), Has.Property("Before").EqualTo("PASS").And.Property("After").EqualTo("FAIL"));
        File.WriteAllText(Path.Combine(a.Directory, DocumentationReviewFile.FileName), Review("FAIL", "R. Reviewer"));
        Assert.That(RunComparison.Compare(a.Directory, b.Directory).Records.Select(r => r.Id), Is.EqualTo(new[] { "NRF-HPM" }));

        // A record decided by a test in B only: a record change from NOT_EXECUTED besides the verdict change.
        using var late = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Tunnel.Only", "PASS", "tunnel only", 8)));
        var withLate = RunComparison.Compare(a.JournalPath, late.JournalPath);
        Assert.That(withLate.Records.Single(r => r.Id == "NRF-LATE"), Has.Property("Before").EqualTo("NOT_EXECUTED").And.Property("After").EqualTo("decided by a test case"));

        var (json, html) = DiffWriter.Write(diff, Path.Combine(b.Directory, "diff"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.That(doc.RootElement.GetProperty("recordChanges").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { "NRF-DOC", "NRF-HPM" }));
        Assert.That(File.ReadAllText(html), Does.Contain("id=\"records\"").And.Contain("NOT_APPLICABLE"));
    }

    [Test]
    public void A_damaged_stored_review_is_named_not_skipped()
    {
        using var a = new SyntheticRun();
        using var b = new SyntheticRun();
        File.WriteAllText(Path.Combine(b.Directory, DocumentationReviewFile.FileName), Review("MAYBE", "R. Reviewer"));
        var e = Assert.Throws<DataFileException>(() => RunComparison.Compare(a.Directory, b.Directory))!;
        Assert.That(e.Message, Does.Contain(DocumentationReviewFile.FileName));
    }
}
