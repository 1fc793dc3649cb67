using System.Globalization;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// Coverage of one specification: of its catalogue records, how many apply to this DUT (the PICS
/// do not rule them out) and how many of those were decided (PASS or FAIL). INCONCLUSIVE, ERROR
/// and NOT_EXECUTED are applicable and undecided.
/// </summary>
internal sealed record SpecCoverage(string Spec, int Records, int Applicable, int Decided, int Pass, int Fail, int Inconclusive, int Error, int NotExecuted, int NotApplicable)
{
    public string Text => Applicable == 0
        ? $"{Spec}: nothing applicable ({NotApplicable} of {Records} records ruled out by the PICS)"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Spec}: {Decided} of {Applicable} applicable records decided ({100.0 * Decided / Applicable:0} %): {Pass} PASS, {Fail} FAIL, {Inconclusive} INCONCLUSIVE, {Error} ERROR, {NotExecuted} NOT_EXECUTED; {NotApplicable} not applicable");
}

/// <summary>
/// The facts every report format states the same way: coverage per specification, and the fields
/// an ISO/IEC 17025 test report carries (7.8.2.1: laboratory, customer, method and its version,
/// dates, who performed and who authorised, deviations from the method, environment).
/// </summary>
internal static class ReportFacts
{
    public static IReadOnlyList<SpecCoverage> Coverage(ComplianceReport report) =>
        report.Matrix.GroupBy(r => r.Spec, StringComparer.Ordinal).Select(g =>
        {
            var rows = g.ToList();
            var applicable = rows.Where(r => !r.NotApplicable).ToList();
            return new SpecCoverage(g.Key, rows.Count, applicable.Count,
                applicable.Count(r => r.Verdict is Verdict.Pass or Verdict.Fail),
                applicable.Count(r => r.Verdict == Verdict.Pass), applicable.Count(r => r.Verdict == Verdict.Fail),
                applicable.Count(r => r.Verdict == Verdict.Inconclusive), applicable.Count(r => r.Verdict == Verdict.Error),
                applicable.Count(r => r.Verdict == Verdict.NotExecuted), rows.Count - applicable.Count);
        }).ToList();

    /// <summary>
    /// The one-sentence conclusion of the executive page, per catalogue record (the clause matrix's
    /// combined verdict) over the records that apply: a FAIL makes the DUT not conformant; without
    /// one, every applicable record must be decided before conformance is stated; an unfinished run
    /// or changed evidence is said first. Never stronger than the counts under it.
    /// </summary>
    public static string Conclusion(ComplianceReport report)
    {
        var coverage = Coverage(report);
        int applicable = coverage.Sum(c => c.Applicable), decided = coverage.Sum(c => c.Decided), fail = coverage.Sum(c => c.Fail);
        var undecided = applicable - decided;
        var caveats = new List<string>();
        if (!report.Finished) caveats.Add("the run did not finish");
        var changed = report.Results.Count(r => r.EvidenceChanged);
        if (changed > 0) caveats.Add($"{changed} result(s) rest on evidence that changed after the run");
        if (report.Start.Faults is { Count: > 0 } faults) caveats.Add($"fault switches were active ({string.Join(", ", faults)})");
        var prefix = caveats.Count > 0 ? "Caution: " + string.Join("; ", caveats) + ". " : "";
        string text;
        if (applicable == 0) text = "NO STATEMENT: no catalogue record applies to this DUT's PICS.";
        else if (fail > 0)
            text = $"NOT CONFORMANT: {fail} of {applicable} applicable record(s) FAIL; {decided} decided, {undecided} not decided (INCONCLUSIVE, ERROR or NOT_EXECUTED).";
        else if (undecided > 0)
            text = $"INCOMPLETE: no FAIL among the {decided} decided of {applicable} applicable record(s); {undecided} not decided (INCONCLUSIVE, ERROR or NOT_EXECUTED), so conformance to those is not shown.";
        else text = $"CONFORMANT for the {applicable} applicable record(s) of this catalogue: every one decided PASS.";
        return prefix + text;
    }

    public const string NotGiven = "not given";

    /// <summary>Label, stable key and value of each ISO/IEC 17025 field, in the order reports show them.</summary>
    public static IReadOnlyList<(string Key, string Label, string Value)> Iso17025Fields(ComplianceReport report)
    {
        var s = report.Start;
        var lab = s.Lab;
        var tree = s.SourceTree;
        return
        [
            ("laboratory", "Laboratory", lab?.Name ?? "not given (the run named no lab file)"),
            ("laboratoryAddress", "Laboratory address", lab?.Address ?? NotGiven),
            ("accreditationId", "Accreditation", lab?.AccreditationId ?? NotGiven),
            ("customer", "Customer", lab?.Customer ?? NotGiven),
            ("labFile", "Lab file", lab is null ? NotGiven : $"{lab.File} (SHA-256 {lab.Sha256})"),
            ("testEngineer", "Test engineer", s.TestEngineer ?? NotGiven),
            ("approver", "Approved by", s.Approver ?? NotGiven),
            ("testMethod", "Test method", $"FemtoScas {s.FemtoScasVersion}, catalogue {CatalogueVersion(report)}"),
            ("sourceCommit", "Source commit", tree?.Commit ?? "unknown (no git repository)"),
            ("modifiedTree", "Built from a modified tree", tree is null ? "unknown" : tree.Modified ? "YES: " + tree.Detail : "no"),
            ("cryptoProfiles", "Crypto profiles", s.CryptoProfileFiles is { Count: > 0 } c ? string.Join(", ", c.Select(f => $"{f.Name} {Short(f.Sha256)}")) : "not recorded"),
            ("testStarted", "Testing started", ComplianceJsonWriter.Iso(s.StartedAt)),
            ("testFinished", "Testing finished", report.Journal.Finish is { } f ? ComplianceJsonWriter.Iso(f.FinishedAt) : "did not finish"),
            ("reportIssued", "Report generated", ComplianceJsonWriter.Iso(report.GeneratedAt)),
            ("environment", "Environment", $"{s.Host}, {s.OperatingSystem}, {s.Runtime}; capture: {s.CaptureCapability}"),
        ];
    }

    /// <summary>Catalogue files with the first 12 hex digits of their SHA-256 (the full hashes are in compliance.json).</summary>
    private static string CatalogueVersion(ComplianceReport report) =>
        report.Start.CatalogueFiles is { Count: > 0 } files ? string.Join(", ", files.Select(f => $"{f.Name} {Short(f.Sha256)}")) : "not recorded";

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "";

    /// <summary>
    /// Deviations from the test method: those the lab declared, and those the run shows by itself
    /// (fault switches, a modified tree, an unfinished run, evidence changed after the run, a lab TSA that gave no timestamp).
    /// </summary>
    public static IReadOnlyList<string> Deviations(ComplianceReport report)
    {
        var s = report.Start;
        var list = new List<string>(s.Deviations ?? []);
        if (s.Faults is { Count: > 0 }) list.Add($"SimFemto fault switches active (the DUT was deliberately made non-conformant): {string.Join(", ", s.Faults)}");
        if (s.SourceTree is { Modified: true } t) list.Add($"FemtoScas was built from a modified tree ({t.Detail})");
        if (s.SourceTree is null) list.Add("the FemtoScas source commit is unknown");
        if (!report.Finished) list.Add("the run did not finish");
        var changed = report.Results.Count(r => r.EvidenceChanged);
        if (changed > 0) list.Add($"{changed} result(s) rest on evidence that changed or vanished after the run");
        list.AddRange(report.SealDeviations.Select(d => "sealing: " + d));
        return list;
    }
}
