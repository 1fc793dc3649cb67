using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// allure-results/: one Allure 2 format <c>{uuid}-result.json</c> per result (the format Allure
/// Report 2 and 3 read), evidence hard-linked in as <c>{uuid}-attachment.{ext}</c> (copied where a
/// hard link cannot be made: <see cref="EvidenceLink"/>), plus
/// environment.properties, executor.json and categories.json.
/// Status mapping: PASS passed, FAIL failed; ERROR, INCONCLUSIVE and NOT_EXECUTED broken (the
/// clause applies and was not decided: Allure's success rate, passed of passed + failed + broken,
/// then cannot read 100 % while most records were not run); NOT_APPLICABLE skipped. The verdict
/// leads every message ("INCONCLUSIVE: …") and categories.json separates them, so Allure's failed
/// count is exactly the DUT's FAILs. A result whose evidence changed after the run is broken unless
/// it is a FAIL. UUIDs are derived from the run and the result, so
/// writing the same journal twice yields the same file names.
/// </summary>
internal static class AllureWriter
{
    public const string DirectoryName = "allure-results";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Status(Verdict v) => v switch
    {
        Verdict.Pass => "passed",
        Verdict.Fail => "failed",
        Verdict.Error or Verdict.Inconclusive or Verdict.NotExecuted => "broken",
        Verdict.NotApplicable => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, "unknown verdict"),
    };

    public static void Write(ComplianceReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        RemoveStaleFiles(directory);
        foreach (var r in report.Results)
        {
            var uuid = Uuid(report.Start.RunId, r.Index.ToString(CultureInfo.InvariantCulture), r.Id, r.TestName ?? "");
            var result = Result(report, r, uuid, directory);
            File.WriteAllText(Path.Combine(directory, uuid + "-result.json"), result.ToJsonString(Json));
        }
        File.WriteAllText(Path.Combine(directory, "environment.properties"), EnvironmentProperties(report), Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, "executor.json"), Executor(report).ToJsonString(Json));
        File.WriteAllText(Path.Combine(directory, "categories.json"), Categories().ToJsonString(Json));
    }

    /// <summary>Only our own file patterns are removed, so results of an earlier report never mix in.</summary>
    private static void RemoveStaleFiles(string directory)
    {
        foreach (var f in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(f);
            if (name.EndsWith("-result.json", StringComparison.Ordinal) || name.EndsWith("-container.json", StringComparison.Ordinal)
                || name.Contains("-attachment", StringComparison.Ordinal)
                || name is "environment.properties" or "executor.json" or "categories.json")
                File.Delete(f);
        }
    }

    private static JsonObject Result(ComplianceReport report, ReportResult r, string uuid, string directory)
    {
        var runStart = report.Start.StartedAt;
        var start = r.StartedAt ?? runStart;
        var stop = r.FinishedAt ?? start;
        var message = (r.EvidenceChanged ? "EVIDENCE CHANGED AFTER THE RUN: " : "")
                      + $"{r.Verdict.Wire()}: {r.Reason}" + (r.Verdict == Verdict.Error ? $" ({VerdictOrder.ErrorMeaning})" : "");
        var details = new JsonObject { ["message"] = message };
        var nonConforming = r.Findings.Where(f => !f.Conforms).Select(f => $"{f.Subject}: expected {f.Expected}, observed {f.Observed}").ToList();
        if (nonConforming.Count > 0) details["trace"] = string.Join('\n', nonConforming);

        var attachments = new JsonArray();
        var n = 0;
        foreach (var e in r.Evidence)
        {
            if (e.FullPath is null || e.State is EvidenceState.Missing or EvidenceState.OutsideResults) continue;
            var source = $"{Uuid(uuid, "evidence", (n++).ToString(CultureInfo.InvariantCulture))}-attachment{Extension(e.File.Path)}";
            EvidenceLink.LinkOrCopy(e.FullPath, Path.Combine(directory, source));
            attachments.Add(new JsonObject
            {
                ["name"] = $"{e.File.Path} ({e.File.Kind}, sha256 {e.File.Sha256}{(e.State == EvidenceState.HashMismatch ? ", CHANGED AFTER THE RUN" : "")})",
                ["source"] = source,
                ["type"] = MimeType(e.File.Path),
            });
        }
        foreach (var t in r.Tables)
        {
            var source = $"{Uuid(uuid, "table", (n++).ToString(CultureInfo.InvariantCulture))}-attachment.csv";
            File.WriteAllText(Path.Combine(directory, source), Csv(t), new UTF8Encoding(false));
            attachments.Add(new JsonObject { ["name"] = t.Title, ["source"] = source, ["type"] = "text/csv" });
        }

        var result = new JsonObject
        {
            ["uuid"] = uuid,
            // Allure 3 groups results by testCaseId and shows all but one as retries, so two tests
            // deciding one record must differ here: the identity is record + test, stable across runs.
            ["historyId"] = Hex(r.Spec, r.Id, r.TestName ?? ""),
            ["testCaseId"] = Hex(r.Spec, r.Id, r.TestName ?? ""),
            ["name"] = r.DisplayName,
            ["fullName"] = r.TestName ?? $"{r.Spec}.{r.Id}",
            ["description"] = r.Record?.Requirement,
            ["status"] = r.EvidenceChanged && r.Verdict != Verdict.Fail ? "broken" : Status(r.Verdict),
            ["statusDetails"] = details,
            ["stage"] = "finished",
            ["start"] = start.ToUnixTimeMilliseconds(),
            ["stop"] = stop.ToUnixTimeMilliseconds(),
            ["labels"] = Labels(report, r),
            ["parameters"] = new JsonArray(
                Parameter("DUT", report.Start.Dut?.Name),
                Parameter("DUT software", report.Start.Dut?.SoftwareVersion)),
            ["links"] = new JsonArray(),
            ["steps"] = Steps(r, stop),
            ["attachments"] = attachments,
        };
        if (r.Record is null) result.Remove("description"); // unknown ID: no requirement text to show
        return result;
    }

    private static JsonArray Labels(ComplianceReport report, ReportResult r)
    {
        var labels = new JsonArray(
            Label("parentSuite", r.Spec),
            Label("suite", $"{r.Spec} {r.SpecVersion}"),
            Label("subSuite", r.Clause),
            Label("tag", r.Verdict.Wire()),
            Label("spec", r.Spec),
            Label("specVersion", r.SpecVersion),
            Label("clause", r.Clause),
            Label("verdict", r.Verdict.Wire()),
            Label("requirementId", r.Id),
            Label("host", report.Start.Host),
            Label("framework", "FemtoScas"));
        if (r.Record is { } rec)
        {
            labels.Add(Label("tag", AutomationNames.Wire(rec.Automation)));
            if (rec.ClauseToBeConfirmed || rec.Clause is null) labels.Add(Label("tag", "clause-to-be-confirmed"));
        }
        if (r.TestName is { } tn && tn.LastIndexOf('.') is var dot and > 0)
        {
            labels.Add(Label("testClass", tn[..dot]));
            labels.Add(Label("testMethod", tn[(dot + 1)..]));
        }
        return labels;
    }

    /// <summary>
    /// Journal steps are a log of actions done, so each is "passed" (it happened) and lasts until
    /// the next one; the verdict lives on the test. Findings follow as steps that pass or fail by
    /// whether they conform, which is the one per-step judgement the journal holds.
    /// </summary>
    private static JsonArray Steps(ReportResult r, DateTimeOffset stop)
    {
        var steps = new JsonArray();
        for (var i = 0; i < r.Steps.Count; i++)
        {
            var at = r.Steps[i].At;
            var end = i + 1 < r.Steps.Count ? r.Steps[i + 1].At : (stop > at ? stop : at);
            steps.Add(new JsonObject
            {
                ["name"] = r.Steps[i].Text,
                ["status"] = "passed",
                ["stage"] = "finished",
                ["start"] = at.ToUnixTimeMilliseconds(),
                ["stop"] = end.ToUnixTimeMilliseconds(),
            });
        }
        foreach (var f in r.Findings)
        {
            steps.Add(new JsonObject
            {
                ["name"] = $"Finding: {f.Subject}" + (f.Clause is null ? "" : $" ({f.Clause})"),
                ["status"] = f.Conforms ? "passed" : "failed",
                ["statusDetails"] = new JsonObject { ["message"] = $"expected {f.Expected}, observed {f.Observed}" },
                ["stage"] = "finished",
                ["start"] = stop.ToUnixTimeMilliseconds(),
                ["stop"] = stop.ToUnixTimeMilliseconds(),
            });
        }
        return steps;
    }

    private static JsonObject Label(string name, string? value) => new() { ["name"] = name, ["value"] = value ?? "" };
    private static JsonObject Parameter(string name, string? value) => new() { ["name"] = name, ["value"] = value ?? "" };

    private static string EnvironmentProperties(ComplianceReport report)
    {
        var s = report.Start;
        var props = new List<(string, string?)>
        {
            ("run.id", s.RunId), ("run.started", ComplianceJsonWriter.Iso(s.StartedAt)),
            ("run.outcome", report.Outcome), ("femtoscas.version", s.FemtoScasVersion),
            ("host", s.Host), ("os", s.OperatingSystem), ("runtime", s.Runtime),
            ("capture", s.CaptureCapability),
            ("dut.name", s.Dut?.Name), ("dut.vendor", s.Dut?.Vendor), ("dut.model", s.Dut?.Model),
            ("dut.software", s.Dut?.SoftwareVersion), ("dut.serial", s.Dut?.SerialNumber),
            ("profile", s.ProfileFile), ("profile.sha256", s.ProfileSha256),
            ("faults", s.Faults is { Count: > 0 } ? string.Join(", ", s.Faults) : "none"),
        };
        props.AddRange(ReportFacts.Iso17025Fields(report).Select(f => ("iso17025." + f.Key, (string?)f.Value)));
        props.AddRange(ReportFacts.Coverage(report).Select(c => ("coverage." + c.Spec, (string?)c.Text)));
        props.AddRange(ReportFacts.Deviations(report).Select((d, i) => ($"deviation.{i + 1}", (string?)d)));
        foreach (var (k, v) in (s.Tools ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)) props.Add(("tool." + k, v));
        foreach (var (k, v) in (s.Pics ?? new Dictionary<string, bool>()).OrderBy(p => p.Key, StringComparer.Ordinal)) props.Add(("pics." + k, v ? "true" : "false"));
        var sb = new StringBuilder();
        foreach (var (k, v) in props) sb.Append(PropertyEscape(k, key: true)).Append('=').Append(PropertyEscape(v ?? "", key: false)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Java .properties escaping, non-ASCII as \uXXXX, so any reader gets the text back unchanged.</summary>
    internal static string PropertyEscape(string text, bool key)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '=' or ':' or '#' or '!': sb.Append('\\').Append(c); break;
                case ' ' when key || i == 0: sb.Append(@"\ "); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static JsonObject Executor(ComplianceReport report) => new()
    {
        ["name"] = "FemtoScas",
        ["type"] = "femtoscas",
        ["buildName"] = report.Start.RunId,
        ["reportName"] = $"FemtoScas compliance: {report.Start.Dut?.Name}",
    };

    /// <summary>Keeps harness faults out of the DUT-failure category in Allure 2's Categories tab.</summary>
    /// <remarks>Allure puts a result in the first category that matches; the message regexes key on the verdict leading each message.</remarks>
    private static JsonArray Categories() => new(
        new JsonObject { ["name"] = "Evidence changed after the run", ["matchedStatuses"] = new JsonArray("broken", "failed"), ["messageRegex"] = "EVIDENCE CHANGED AFTER THE RUN.*" },
        new JsonObject { ["name"] = "DUT failures (FAIL)", ["matchedStatuses"] = new JsonArray("failed") },
        new JsonObject { ["name"] = "Undecided (INCONCLUSIVE)", ["matchedStatuses"] = new JsonArray("broken"), ["messageRegex"] = "INCONCLUSIVE:.*" },
        new JsonObject { ["name"] = "Applicable, not executed (NOT_EXECUTED)", ["matchedStatuses"] = new JsonArray("broken"), ["messageRegex"] = "NOT_EXECUTED:.*" },
        new JsonObject { ["name"] = "Harness/environment errors (ERROR, not a DUT failure)", ["matchedStatuses"] = new JsonArray("broken"), ["messageRegex"] = "ERROR:.*" });

    private static string Csv(EvidenceTable t)
    {
        static string Cell(string? s) => "\"" + (s ?? "").Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var sb = new StringBuilder();
        sb.AppendJoin(',', (t.Columns ?? []).Select(Cell)).Append("\r\n");
        foreach (var row in t.Rows ?? []) sb.AppendJoin(',', (row ?? []).Select(Cell)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>The file's extension when it is plain letters and digits; anything else becomes no extension.</summary>
    private static string Extension(string path)
    {
        var ext = Path.GetExtension(path);
        return ext.Length is > 1 and <= 12 && ext[1..].All(char.IsAsciiLetterOrDigit) ? ext.ToLowerInvariant() : "";
    }

    internal static string MimeType(string path) => Extension(path) switch
    {
        ".txt" or ".log" => "text/plain",
        ".json" or ".jsonl" => "application/json",
        ".csv" => "text/csv",
        ".xml" => "application/xml",
        ".html" or ".htm" => "text/html",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".pcap" or ".pcapng" => "application/vnd.tcpdump.pcap",
        ".pem" or ".crt" => "application/x-pem-file",
        ".der" or ".cer" => "application/pkix-cert",
        ".keys" or ".tab" => "text/plain",
        _ => "application/octet-stream",
    };

    private static byte[] Hash(params string[] parts) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts)));

    internal static string Uuid(params string[] parts)
    {
        var b = Hash(parts)[..16];
        b[6] = (byte)((b[6] & 0x0f) | 0x50); // version nibble 5 (name-based), RFC 4122 variant below
        b[8] = (byte)((b[8] & 0x3f) | 0x80);
        return new Guid(b, bigEndian: true).ToString("D");
    }

    private static string Hex(params string[] parts) => Convert.ToHexStringLower(Hash(parts)[..16]);
}
