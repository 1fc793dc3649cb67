using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Reports;

namespace FemtoScas.Benchmarks;

/// <summary>
/// Rebuilding every report of a run (compliance.json, compliance.html, junit.xml,
/// allure-results/) from a journal of <see cref="TestCount"/> test results with
/// <see cref="ReportWriter.WriteAll"/>; the journal is written once by the real
/// <see cref="RunJournalWriter"/>. Includes reading and parsing the journal and the file writes.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class ReportBenchmarks
{
    public const int TestCount = 500;
    private const int RequirementCount = 100;
    private static readonly string[] Verdicts = ["PASS", "PASS", "PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "ERROR"];
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private string _root = null!;
    private string _journal = null!;
    private string _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "femtoscas-bench-reports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _journal = Path.Combine(_root, JournalSchema.FileName);
        _output = Path.Combine(_root, "reports");
        using (var writer = new RunJournalWriter(_journal))
        {
            writer.Append(Start());
            for (var i = 0; i < TestCount; i++)
                writer.Append(Test(i));
            writer.Append(new RunFinished { FinishedAt = T0.AddHours(2), Outcome = "completed" });
        }
        var summary = ReportWriter.WriteAll(_journal, _output);
        var decided = summary.VerdictCounts.Values.Sum();
        if (decided < TestCount || summary.Problems.Count > 0)
            throw new InvalidOperationException($"synthetic journal gave {decided} verdicts and problems: {string.Join("; ", summary.Problems)}");
        Console.WriteLine($"// journal {new FileInfo(_journal).Length} octets, {TestCount} tests; verdicts {string.Join(", ", summary.VerdictCounts.Select(kv => $"{kv.Key}={kv.Value}"))}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public ReportSummary WriteAll() => ReportWriter.WriteAll(_journal, _output);

    private static string RequirementId(int i) => $"BENCH-{i % RequirementCount:000}";

    private static RunStarted Start() => new()
    {
        Schema = JournalSchema.Version,
        RunId = "bench-run",
        StartedAt = T0,
        FemtoScasVersion = "0.1.0",
        Host = "bench-host",
        OperatingSystem = "Linux",
        Runtime = Environment.Version.ToString(),
        Tools = new Dictionary<string, string> { ["nmap"] = "absent", ["tshark"] = "absent" },
        Dut = new DutIdentity { Name = "Synthetic femto", Kind = "simulated", Vendor = "FemtoScas", Model = "bench", SoftwareVersion = "0.1.0", SerialNumber = "BENCH-1" },
        ProfileFile = "bench.json",
        ProfileSha256 = new string('a', 64),
        Faults = [],
        Pics = new Dictionary<string, bool> { ["ipv6"] = true },
        Catalogue = [.. Enumerable.Range(0, RequirementCount).Select(Record)],
        CatalogueFiles = [new Catalogue.SourceFile("bench.json", new string('b', 64))],
        CaptureCapability = "not requested",
    };

    private static RequirementRecord Record(int i) => new()
    {
        Id = RequirementId(i),
        Spec = i % 3 == 0 ? "TS 33.117" : "TS 33.545",
        SpecVersion = "18.0.0",
        Clause = $"4.2.{i / 10}.{i % 10}",
        Title = $"Synthetic requirement {i}",
        Requirement = $"paraphrased requirement text number {i}, long enough to look like a real one in the HTML report",
        Automation = AutomationLevel.Automated,
        Confidence = SourceConfidence.Recalled,
    };

    private static TestFinished Test(int i)
    {
        var start = T0.AddSeconds(10 * i);
        var verdict = Verdicts[i % Verdicts.Length];
        return new TestFinished
        {
            Id = RequirementId(i),
            TestName = $"Bench.Suite{i % 7}.Case{i:000}",
            Verdict = verdict,
            Reason = $"{verdict.ToLowerInvariant()}: observation {i} with <markup> & escapes",
            StartedAt = start,
            FinishedAt = start.AddSeconds(2.5),
            DurationSeconds = 2.5,
            Steps = [new StepEntry(start, "arrange: DUT state reset"), new StepEntry(start.AddSeconds(1), "act: SeGW role offers a proposal"), new StepEntry(start.AddSeconds(2), "observe: DUT answer")],
            Evidence = [],
            Findings = [new Finding($"item {i}", "expected behaviour", verdict == "FAIL" ? "deviating behaviour" : "expected behaviour", verdict != "FAIL", "TS 33.117 4.2.3")],
            Tables = i % 10 == 0 ? [new EvidenceTable("Crypto profile", ["transform", "offered", "allowed"], [["ENCR_AES_GCM_16", "yes", "yes"], ["ENCR_3DES", "no", "no"]])] : [],
        };
    }
}
