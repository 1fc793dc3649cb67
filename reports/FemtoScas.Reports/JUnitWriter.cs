using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// junit.xml for CI dashboards: one testsuite per specification, one testcase per result.
/// FAIL is a failure; ERROR an error of type "ERROR: …" (never counted as a DUT failure);
/// INCONCLUSIVE an error of type "INCONCLUSIVE" (the clause was not decided, so a CI gate must not
/// turn green on it); NOT_APPLICABLE and NOT_EXECUTED are skipped with the verdict first in the
/// message. A result whose evidence changed after the run is an error of type "EVIDENCE_CHANGED"
/// unless it is a FAIL. Coverage per specification and the ISO/IEC 17025 fields are properties.
/// </summary>
internal static class JUnitWriter
{
    public const string FileName = "junit.xml";

    public static void Write(ComplianceReport report, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        Build(report).Save(writer);
    }

    public static XDocument Build(ComplianceReport report)
    {
        var s = report.Start;
        var suites = new List<XElement>();
        foreach (var group in report.Results.GroupBy(r => r.Spec, StringComparer.Ordinal))
        {
            var results = group.ToList();
            var suite = new XElement("testsuite",
                new XAttribute("name", Xml(group.Key)),
                CountAttributes(results),
                new XAttribute("timestamp", ComplianceJsonWriter.Iso(s.StartedAt)),
                new XAttribute("hostname", Xml(s.Host)),
                new XElement("properties",
                    Property("runId", s.RunId),
                    Property("dut", s.Dut?.Name),
                    Property("dutSoftwareVersion", s.Dut?.SoftwareVersion),
                    Property("profileSha256", s.ProfileSha256),
                    Property("runOutcome", report.Outcome),
                    Property("coverage", ReportFacts.Coverage(report).FirstOrDefault(c => c.Spec == group.Key)?.Text)));
            foreach (var r in results) suite.Add(TestCase(r));
            suites.Add(suite);
        }
        var all = report.Results.ToList();
        var properties = new XElement("properties",
            ReportFacts.Iso17025Fields(report).Select(f => Property(f.Key, f.Value)),
            ReportFacts.Coverage(report).Select(c => Property("coverage." + c.Spec, c.Text)),
            ReportFacts.Deviations(report).Select((d, i) => Property($"deviation.{i + 1}", d)));
        return new XDocument(new XElement("testsuites",
            new XAttribute("name", "FemtoScas " + Xml(s.RunId)),
            CountAttributes(all),
            properties,
            suites));
    }

    private static object[] CountAttributes(IReadOnlyList<ReportResult> results) =>
    [
        new XAttribute("tests", results.Count),
        new XAttribute("failures", results.Count(r => r.Verdict == Verdict.Fail)),
        new XAttribute("errors", results.Count(IsError)),
        new XAttribute("skipped", results.Count(r => IsSkipped(r.Verdict) && !IsError(r))),
        new XAttribute("time", Seconds(results.Sum(r => r.DurationSeconds is { } d && double.IsFinite(d) ? d : 0))),
    ];

    private static bool IsSkipped(Verdict v) => v is Verdict.NotApplicable or Verdict.NotExecuted;

    private static bool IsError(ReportResult r) => r.Verdict is Verdict.Error or Verdict.Inconclusive || r.EvidenceChanged && r.Verdict != Verdict.Fail;

    /// <summary>The JUnit error type of an INCONCLUSIVE result: documented in README ("Reports").</summary>
    public const string InconclusiveType = "INCONCLUSIVE";
    public const string EvidenceChangedType = "EVIDENCE_CHANGED";

    private static XElement TestCase(ReportResult r)
    {
        var tc = new XElement("testcase",
            new XAttribute("classname", Xml(r.Spec)),
            new XAttribute("name", Xml(r.DisplayName)),
            new XAttribute("time", Seconds(r.DurationSeconds is { } d && double.IsFinite(d) ? d : 0)),
            new XElement("properties",
                Property("id", r.Id),
                Property("verdict", r.Verdict.Wire()),
                Property("clause", r.Clause),
                Property("specVersion", r.SpecVersion),
                Property("testName", r.TestName ?? ""),
                Property("evidenceIntact", r.EvidenceChanged ? "false" : "true")));
        // A lab's documentation-review verdict names reviewer and documents even when it passes (no message then).
        if (r.TestName is null && r.Tables.Any(t => t.Title == ComplianceReportBuilder.DocumentationReviewTitle))
            tc.Element("properties")!.Add(Property("documentationReview", r.Reason));
        var detail = Detail(r);
        const string changed = "EVIDENCE CHANGED AFTER THE RUN: ";
        switch (r.Verdict)
        {
            case Verdict.Fail:
                tc.Add(new XElement("failure", new XAttribute("message", Xml((r.EvidenceChanged ? changed : "") + r.Reason)), new XAttribute("type", "FAIL"), Xml(detail)));
                break;
            case var _ when r.EvidenceChanged:
                tc.Add(new XElement("error", new XAttribute("message", Xml($"{changed}{r.Verdict.Wire()}: {r.Reason}")),
                    new XAttribute("type", EvidenceChangedType), Xml(detail)));
                break;
            case Verdict.Inconclusive:
                tc.Add(new XElement("error", new XAttribute("message", Xml($"INCONCLUSIVE: {r.Reason}")),
                    new XAttribute("type", InconclusiveType), Xml(detail)));
                break;
            case Verdict.Error:
                tc.Add(new XElement("error", new XAttribute("message", Xml(r.Reason)),
                    new XAttribute("type", "ERROR: " + VerdictOrder.ErrorMeaning), Xml(detail)));
                break;
            case var v when IsSkipped(v):
                tc.Add(new XElement("skipped", new XAttribute("message", Xml($"{v.Wire()}: {r.Reason}"))));
                break;
        }
        if (r.Steps.Count > 0)
            tc.Add(new XElement("system-out", Xml(string.Join('\n',
                r.Steps.Select(st => ComplianceJsonWriter.Iso(st.At) + " " + st.Text)))));
        return tc;
    }

    /// <summary>The non-conforming findings, so a CI page shows what was observed, not only the reason.</summary>
    private static string Detail(ReportResult r)
    {
        var sb = new StringBuilder();
        foreach (var f in r.Findings.Where(f => !f.Conforms))
            sb.Append(CultureInfo.InvariantCulture, $"{f.Subject}: expected {f.Expected}, observed {f.Observed}{(f.Clause is null ? "" : " (" + f.Clause + ")")}\n");
        return sb.Length > 0 ? sb.ToString() : r.Reason;
    }

    private static XElement Property(string name, string? value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Xml(value)));

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters; DUT text may hold them, so they are shown escaped.</summary>
    internal static string Xml(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Any(c => !XmlConvert.IsXmlChar(c))) return text;
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[i + 1]); i++; }
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
