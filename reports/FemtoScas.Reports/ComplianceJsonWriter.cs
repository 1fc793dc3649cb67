using System.Globalization;
using System.Text.Json;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// compliance.json, schema <see cref="Schema"/>: the machine-readable report. Field names are a
/// contract with labs' tooling; adding a field is compatible, renaming or removing one bumps the
/// schema version.
/// </summary>
internal static class ComplianceJsonWriter
{
    public const string Schema = "femtoscas.compliance/1";
    public const string FileName = "compliance.json";

    public static void Write(ComplianceReport report, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Readable non-ASCII; quotes and control characters are still escaped.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var s = report.Start;
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("generatedAt", Iso(report.GeneratedAt));
        w.WriteStartObject("generator");
        w.WriteString("name", "FemtoScas.Reports");
        w.WriteString("version", typeof(ComplianceJsonWriter).Assembly.GetName().Version?.ToString() ?? "unknown");
        w.WriteEndObject();

        w.WriteStartObject("run");
        w.WriteString("runId", s.RunId);
        w.WriteString("journalSchema", s.Schema);
        w.WriteString("startedAt", Iso(s.StartedAt));
        if (report.Journal.Finish is { } f) w.WriteString("finishedAt", Iso(f.FinishedAt));
        else w.WriteNull("finishedAt");
        w.WriteBoolean("finished", report.Finished);
        w.WriteString("outcome", report.Outcome);
        w.WriteString("femtoScasVersion", s.FemtoScasVersion);
        w.WriteString("host", s.Host);
        w.WriteString("operatingSystem", s.OperatingSystem);
        w.WriteString("runtime", s.Runtime);
        WriteMap(w, "tools", s.Tools);
        w.WriteString("captureCapability", s.CaptureCapability);
        w.WriteEndObject();

        w.WriteStartObject("dut");
        w.WriteString("name", s.Dut?.Name);
        w.WriteString("kind", s.Dut?.Kind);
        w.WriteString("vendor", s.Dut?.Vendor);
        w.WriteString("model", s.Dut?.Model);
        w.WriteString("softwareVersion", s.Dut?.SoftwareVersion);
        w.WriteString("serialNumber", s.Dut?.SerialNumber);
        w.WriteEndObject();

        w.WriteStartObject("profile");
        w.WriteString("file", s.ProfileFile);
        w.WriteString("sha256", s.ProfileSha256);
        w.WriteEndObject();

        w.WriteStartArray("faults");
        foreach (var fault in s.Faults ?? []) w.WriteStringValue(fault);
        w.WriteEndArray();

        w.WriteStartObject("pics");
        foreach (var (name, value) in (s.Pics ?? new Dictionary<string, bool>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteBoolean(name, value);
        w.WriteEndObject();

        WriteFileHashes(w, "catalogueFiles", s.CatalogueFiles);
        WriteFileHashes(w, "cryptoProfileFiles", s.CryptoProfileFiles);

        // ISO/IEC 17025 7.8.2.1 fields, by stable key (the same list every format shows).
        w.WriteStartObject("iso17025");
        foreach (var (key, _, value) in ReportFacts.Iso17025Fields(report)) w.WriteString(key, value);
        if (s.SourceTree is { } tree) w.WriteBoolean("modifiedTreeFlag", tree.Modified);
        else w.WriteNull("modifiedTreeFlag");
        w.WriteEndObject();

        w.WriteStartArray("deviations");
        foreach (var d in ReportFacts.Deviations(report)) w.WriteStringValue(d);
        w.WriteEndArray();

        w.WriteStartArray("problems");
        foreach (var p in report.Problems) w.WriteStringValue(p);
        w.WriteEndArray();

        w.WriteStartObject("summary");
        w.WriteNumber("total", report.Results.Count);
        foreach (var (verdict, count) in report.WireCounts) w.WriteNumber(verdict, count);
        w.WriteNumber("evidenceChanged", report.Results.Count(r => r.EvidenceChanged));
        w.WriteEndObject();

        // Per specification: decided (PASS or FAIL) of applicable (not ruled out by the PICS).
        w.WriteStartArray("coverage");
        foreach (var c in ReportFacts.Coverage(report))
        {
            w.WriteStartObject();
            w.WriteString("spec", c.Spec);
            w.WriteNumber("records", c.Records);
            w.WriteNumber("applicable", c.Applicable);
            w.WriteNumber("decided", c.Decided);
            w.WriteNumber("notApplicable", c.NotApplicable);
            w.WriteNumber("notExecuted", c.NotExecuted);
            w.WriteNumber("inconclusive", c.Inconclusive);
            w.WriteNumber("error", c.Error);
            w.WriteString("text", c.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteString("matrixRule", VerdictOrder.Rule);
        w.WriteStartArray("matrix");
        foreach (var row in report.Matrix) WriteRow(w, row);
        w.WriteEndArray();

        // The crypto-profile section: every transform judged, accepted or refused (first-class, not a generic table).
        w.WriteStartArray("cryptoProfile");
        foreach (var (r, c) in report.CryptoProfileSections)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("testName", r.TestName);
            w.WriteString("verdict", r.Verdict.Wire());
            WriteCryptoProfile(w, c);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("results");
        foreach (var r in report.Results) WriteResult(w, r);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, MatrixRow row)
    {
        w.WriteStartObject();
        w.WriteString("spec", row.Spec);
        w.WriteString("specVersion", row.SpecVersion);
        w.WriteString("clause", row.Clause);
        w.WriteString("id", row.Id);
        w.WriteString("title", row.Title);
        w.WriteString("automation", row.Automation is { } a ? AutomationNames.Wire(a) : null);
        w.WriteString("automationReason", row.AutomationReason);
        w.WriteString("pics", row.PicsCondition);
        if (row.PicsSatisfied is { } sat) w.WriteBoolean("picsSatisfied", sat);
        else w.WriteNull("picsSatisfied");
        w.WriteString("picsValues", row.PicsExplanation);
        w.WriteBoolean("notApplicable", row.NotApplicable);
        w.WriteString("verdict", row.Verdict.Wire());
        w.WriteNumber("resultCount", row.Results.Count);
        w.WriteStartArray("testNames");
        foreach (var r in row.Results.Where(r => r.TestName is not null)) w.WriteStringValue(r.TestName);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, ReportResult r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("spec", r.Spec);
        w.WriteString("specVersion", r.SpecVersion);
        w.WriteString("clause", r.Clause);
        w.WriteString("title", r.Title);
        w.WriteString("testCaseName", r.Record?.TestCaseName);
        w.WriteString("verdict", r.Verdict.Wire());
        w.WriteString("reason", r.Reason);
        // False when an evidence file changed or vanished after the journal hashed it: the verdict is then unsupported.
        w.WriteBoolean("evidenceIntact", !r.EvidenceChanged);
        w.WriteString("testName", r.TestName);
        WriteTime(w, "startedAt", r.StartedAt);
        WriteTime(w, "finishedAt", r.FinishedAt);
        if (r.DurationSeconds is { } d && double.IsFinite(d)) w.WriteNumber("durationSeconds", d);
        else w.WriteNull("durationSeconds");

        w.WriteStartArray("steps");
        foreach (var step in r.Steps)
        {
            w.WriteStartObject();
            w.WriteString("at", Iso(step.At));
            w.WriteString("text", step.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("findings");
        foreach (var f in r.Findings)
        {
            w.WriteStartObject();
            w.WriteString("subject", f.Subject);
            w.WriteString("expected", f.Expected);
            w.WriteString("observed", f.Observed);
            w.WriteBoolean("conforms", f.Conforms);
            w.WriteString("clause", f.Clause);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("tables");
        foreach (var t in r.Tables)
        {
            w.WriteStartObject();
            w.WriteString("title", t.Title);
            w.WriteStartArray("columns");
            foreach (var c in t.Columns ?? []) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in t.Rows ?? [])
            {
                w.WriteStartArray();
                foreach (var cell in row ?? []) w.WriteStringValue(cell);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("evidence");
        foreach (var e in r.Evidence)
        {
            w.WriteStartObject();
            w.WriteString("path", e.File.Path);
            w.WriteString("sha256", e.File.Sha256);
            w.WriteNumber("bytes", e.File.Bytes);
            w.WriteString("kind", e.File.Kind);
            w.WriteString("description", e.File.Description);
            w.WriteString("check", e.StateText);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCryptoProfile(Utf8JsonWriter w, CryptoProfileSection c)
    {
        w.WriteString("profile", c.Profile);
        w.WriteString("reference", c.Reference);
        w.WriteString("confidence", c.Confidence);
        w.WriteStartArray("transforms");
        foreach (var row in c.Rows ?? [])
        {
            w.WriteStartObject();
            w.WriteString("protocol", row.Protocol);
            w.WriteString("type", row.Type);
            w.WriteString("transform", row.Transform);
            w.WriteString("profileStatus", row.ProfileStatus);
            w.WriteString("offeredByDut", row.OfferedByDut);
            w.WriteString("probe", row.Probe);
            w.WriteString("dutReaction", row.DutReaction);
            if (row.Conforms is { } ok) w.WriteBoolean("conforms", ok);
            else w.WriteNull("conforms");
            w.WriteString("source", row.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteString(k, v);
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t) w.WriteString(name, Iso(t));
        else w.WriteNull(name);
    }

    internal static string Iso(DateTimeOffset t) => t.ToString("o", CultureInfo.InvariantCulture);

    private static void WriteFileHashes(Utf8JsonWriter w, string name, IEnumerable<FemtoScas.Harness.Requirements.Catalogue.SourceFile>? files)
    {
        w.WriteStartArray(name);
        foreach (var file in files ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", file.Name);
            w.WriteString("sha256", file.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
