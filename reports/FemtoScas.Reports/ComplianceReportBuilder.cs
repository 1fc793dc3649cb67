using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports;

/// <summary>
/// Turns a run journal into results and the clause matrix. Lenient: an unknown verdict, an ID the
/// catalogue lacks or a broken PICS condition becomes a listed problem, never an exception, so a
/// damaged journal still yields a report that says what is wrong with it.
/// </summary>
internal static class ComplianceReportBuilder
{
    public static ComplianceReport Build(RunJournal journal, string journalDirectory, string outputDirectory, DateTimeOffset generatedAt,
        IReadOnlyList<string>? extraProblems = null, DocumentationReviewFile? reviews = null)
    {
        var problems = new List<string>(journal.Problems);
        problems.AddRange(extraProblems ?? []);
        var evidence = new EvidenceResolver(journalDirectory, outputDirectory);
        var pics = journal.Start.Pics;
        var catalogue = new List<RequirementRecord>();
        var byId = new Dictionary<string, RequirementRecord>(StringComparer.Ordinal);
        foreach (var record in journal.Start.Catalogue)
        {
            if (byId.TryAdd(record.Id, record)) catalogue.Add(record);
            else problems.Add($"catalogue snapshot: record '{record.Id}' appears twice; the first is used");
        }

        var decided = journal.Tests.Select(Normalize).GroupBy(t => t.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var id in decided.Keys.Where(id => !byId.ContainsKey(id)))
            problems.Add($"test '{string.Join("', '", decided[id].Select(t => t.TestName))}' decided '{id}', which the catalogue snapshot does not hold");

        // Catalogue order first (the order a reader of the specification expects), then IDs only the journal knows.
        var ids = catalogue.Select(r => r.Id).Concat(decided.Keys.Where(id => !byId.ContainsKey(id))).ToList();
        var results = new List<ReportResult>();
        var matrix = new List<MatrixRow>();
        foreach (var id in ids)
        {
            byId.TryGetValue(id, out var record);
            var (satisfied, explanation) = EvaluatePics(record, pics, problems);
            var rowResults = new List<ReportResult>();
            if (decided.TryGetValue(id, out var tests))
                foreach (var t in tests)
                    rowResults.Add(FromTest(results.Count + rowResults.Count, t, record, evidence, problems));
            else if (record is not null && satisfied != false && record.Automation == AutomationLevel.DocumentationReview
                     && reviews?.Reviews.FirstOrDefault(r => r.Id == id) is { } review)
                rowResults.Add(Reviewed(results.Count, record, review, reviews));
            else if (record is not null)
                rowResults.Add(NotExecuted(results.Count, record, satisfied, explanation, journal.Finish is null));
            results.AddRange(rowResults);

            var row = new MatrixRow
            {
                Id = id,
                Spec = record?.Spec ?? "unknown",
                SpecVersion = record?.SpecVersion ?? "unknown",
                Clause = record?.DisplayClause ?? "unknown (not in the catalogue snapshot)",
                Title = record?.Title ?? id,
                Automation = record?.Automation,
                AutomationReason = record?.AutomationReason,
                PicsCondition = record?.Pics ?? "unknown",
                PicsSatisfied = satisfied,
                PicsExplanation = explanation,
                Verdict = VerdictOrder.Worst(rowResults.Select(r => r.Verdict)),
                Results = rowResults,
            };
            if (satisfied == false && rowResults.Any(r => r.Verdict is Verdict.Pass or Verdict.Fail))
                problems.Add($"'{id}': the PICS condition '{row.PicsCondition}' is false for this DUT ({explanation}), yet a test decided {row.Verdict.Wire()}");
            matrix.Add(row);
        }
        return new ComplianceReport(journal, Path.GetFullPath(journalDirectory), Path.GetFullPath(outputDirectory),
            generatedAt, results, matrix, problems);
    }

    /// <summary>A journal line may hold explicit nulls where the model promises text; fill them so no writer trips.</summary>
    private static TestFinished Normalize(TestFinished t) => t with
    {
        Id = t.Id ?? "(no id)",
        TestName = t.TestName ?? "(no test name)",
        Verdict = t.Verdict ?? "(none)",
        Reason = t.Reason ?? "",
        Steps = t.Steps ?? [],
        Evidence = t.Evidence ?? [],
        Findings = t.Findings ?? [],
        Tables = t.Tables ?? [],
        CryptoProfiles = t.CryptoProfiles ?? [],
    };

    private static (bool? Satisfied, string? Explanation) EvaluatePics(
        RequirementRecord? record, IReadOnlyDictionary<string, bool> pics, List<string> problems)
    {
        if (record is null) return (null, null);
        try
        {
            var condition = PicsCondition.Parse(record.Pics);
            var explanation = condition.Names.Any() ? condition.Explain(pics) : null;
            return (condition.Evaluate(pics), explanation);
        }
        catch (FormatException ex)
        {
            problems.Add($"'{record.Id}': PICS condition cannot be evaluated: {ex.Message}");
            return (null, null);
        }
    }

    private static ReportResult FromTest(int index, TestFinished t, RequirementRecord? record, EvidenceResolver evidence, List<string> problems)
    {
        var owner = $"test '{t.TestName}' ({t.Id})";
        Verdict verdict;
        var reason = t.Reason;
        try
        {
            verdict = VerdictNames.Parse(t.Verdict);
        }
        catch (FormatException)
        {
            // An unreadable verdict is the harness's fault, never the DUT's: report it as ERROR.
            verdict = Verdict.Error;
            reason = $"the journal holds '{t.Verdict}', which is not a verdict; original reason: {t.Reason}";
            problems.Add($"{owner}: verdict '{t.Verdict}' is not a verdict; reported as ERROR");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            reason = "(no reason recorded)";
            problems.Add($"{owner}: the verdict carries no reason");
        }
        return new ReportResult
        {
            Index = index,
            Id = t.Id,
            Spec = record?.Spec ?? "unknown",
            SpecVersion = record?.SpecVersion ?? "unknown",
            Clause = record?.DisplayClause ?? "unknown (not in the catalogue snapshot)",
            Title = record?.Title ?? t.Id,
            Verdict = verdict,
            Reason = reason,
            TestName = t.TestName,
            StartedAt = t.StartedAt,
            FinishedAt = t.FinishedAt,
            DurationSeconds = t.DurationSeconds,
            Steps = t.Steps,
            Findings = t.Findings,
            Tables = t.Tables,
            CryptoProfiles = t.CryptoProfiles,
            Evidence = t.Evidence.Select(e => evidence.Resolve(e, owner, problems)).ToList(),
            Record = record,
        };
    }

    /// <summary>The lab's documentation-review verdict; the answers file's name and SHA-256 travel with it into every format.</summary>
    private static ReportResult Reviewed(int index, RequirementRecord record, DocumentationReview review, DocumentationReviewFile file)
    {
        var reviewedOn = review.ReviewedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var reason = $"documentation review by {review.Reviewer} on {reviewedOn} of {string.Join("; ", review.Documents)}"
                     + (string.IsNullOrWhiteSpace(review.Note) ? "" : $": {review.Note}");
        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["reviewer", review.Reviewer],
            ["reviewed on", reviewedOn],
            .. review.Documents.Select(d => (IReadOnlyList<string>)["document", d]),
            ["answers file", $"{DocumentationReviewFile.FileName} sha256 {file.Sha256}"],
        ];
        return new ReportResult
        {
            Index = index,
            Id = record.Id,
            Spec = record.Spec,
            SpecVersion = record.SpecVersion,
            Clause = record.DisplayClause,
            Title = record.Title,
            Verdict = review.Verdict,
            Reason = reason,
            Tables = [new EvidenceTable(DocumentationReviewTitle, ["field", "value"], rows)],
            Record = record,
        };
    }

    /// <summary>The title of the table a reviewed record carries (reviewer, date, documents, answers file hash).</summary>
    public const string DocumentationReviewTitle = "Documentation review";

    private static ReportResult NotExecuted(int index, RequirementRecord record, bool? picsSatisfied, string? explanation, bool runUnfinished)
    {
        var reason = record.Automation switch
        {
            AutomationLevel.NotImplemented => "not implemented: " + record.AutomationReason,
            AutomationLevel.DocumentationReview => "documentation review: " + record.AutomationReason,
            AutomationLevel.OperatorAssisted => "operator-assisted, no test case ran in this run: " + record.AutomationReason,
            _ => "no test case ran in this run",
        };
        if (runUnfinished && record.Automation is AutomationLevel.Automated or AutomationLevel.OperatorAssisted)
            reason += " (the run did not finish)";
        // A record the DUT's PICS rule out is NOT_APPLICABLE, never NOT_EXECUTED: NOT_EXECUTED
        // is kept for what could have run for this DUT and did not.
        var verdict = Verdict.NotExecuted;
        if (picsSatisfied == false)
        {
            verdict = Verdict.NotApplicable;
            reason = $"not applicable to this DUT by its PICS: condition '{record.Pics}' is false ({explanation})";
        }
        return new ReportResult
        {
            Index = index,
            Id = record.Id,
            Spec = record.Spec,
            SpecVersion = record.SpecVersion,
            Clause = record.DisplayClause,
            Title = record.Title,
            Verdict = verdict,
            Reason = reason,
            Record = record,
        };
    }
}
