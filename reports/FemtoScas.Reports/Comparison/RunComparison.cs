using FemtoScas.Harness.Data;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Comparison;

/// <summary>One test case's verdict in run A and run B; null where the run did not decide it.</summary>
public sealed record VerdictChange(string TestName, string Id, string? Before, string? After, string? ReasonBefore, string? ReasonAfter);

/// <summary>A finding present in only one of the two runs (<see cref="InB"/> true: new in B; false: vanished from A).</summary>
public sealed record FindingChange(string TestName, string Id, bool InB, Finding Finding);

/// <summary>An evidence table whose title, columns or rows differ between the runs; rows are shown joined by " | ".</summary>
public sealed record TableChange(string TestName, string Id, string Title, string Change, IReadOnlyList<string> RowsOnlyInA, IReadOnlyList<string> RowsOnlyInB);

/// <summary>
/// A catalogue record that no test case decided in at least one of the runs (NOT_EXECUTED, or
/// NOT_APPLICABLE because the PICS rule it out), or one carrying the lab's documentation-review
/// verdict, whose state differs: <see cref="Kind"/> "record" or "review"; a state is the verdict
/// (or "decided by a test case" when a test decided it in that run), its reason the why.
/// </summary>
public sealed record RecordChange(string Id, string Kind, string? Before, string? After, string? ReasonBefore, string? ReasonAfter);

/// <summary>
/// What changed between two runs of the suite (firmware v1 against v2): verdict changes per test
/// case, findings new in B or vanished from A, and changed evidence tables. The journals are the
/// source: compliance.json is derived from them and may be rebuilt at any time.
/// </summary>
public sealed record RunComparison(
    string JournalA,
    string JournalB,
    string RunIdA,
    string RunIdB,
    string DutA,
    string DutB,
    IReadOnlyList<VerdictChange> Verdicts,
    IReadOnlyList<FindingChange> Findings,
    IReadOnlyList<TableChange> Tables,
    int CasesCompared)
{
    public const string Schema = "femtoscas.diff/1";

    /// <summary>Records no test case decided, and review verdicts, that differ (see <see cref="RecordChange"/>).</summary>
    public IReadOnlyList<RecordChange> Records { get; init; } = [];
    /// <summary>Catalogue records compared at record level (the union of both runs' catalogue snapshots).</summary>
    public int RecordsCompared { get; init; }

    public bool Equal => Verdicts.Count == 0 && Findings.Count == 0 && Tables.Count == 0 && Records.Count == 0;

    /// <summary>
    /// The journal of a results folder (or the journal file itself), read strictly: a missing
    /// file, a journal without a run-started entry, a line that is no entry, or a test entry
    /// without id, test name or verdict is a <see cref="DataFileException"/> naming file and field.
    /// </summary>
    public static RunJournal Load(string dirOrJournal)
    {
        var full = Path.GetFullPath(dirOrJournal);
        var path = Directory.Exists(full) ? Path.Combine(full, JournalSchema.FileName) : full;
        if (!File.Exists(path)) throw new DataFileException(path, "(file)", "no run journal here (give a results folder or its journal.jsonl)");
        RunJournal journal;
        try
        {
            journal = RunJournal.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, "run-started", e.Message, e);
        }
        if (journal.UnreadableLines.Count > 0)
            throw new DataFileException(path, $"line {journal.UnreadableLines[0]}",
                $"{journal.UnreadableLines.Count} unreadable entr{(journal.UnreadableLines.Count == 1 ? "y" : "ies")}: a comparison needs the whole journal");
        if (string.IsNullOrEmpty(journal.Start.RunId)) throw new DataFileException(path, "run-started.runId", "missing");
        for (var i = 0; i < journal.Tests.Count; i++)
        {
            var t = journal.Tests[i];
            if (string.IsNullOrEmpty(t.Id)) throw new DataFileException(path, $"test-finished[{i}].id", "missing");
            if (string.IsNullOrEmpty(t.TestName)) throw new DataFileException(path, $"test-finished[{i}].testName", "missing");
            if (string.IsNullOrEmpty(t.Verdict)) throw new DataFileException(path, $"test-finished[{i}].verdict", "missing");
        }
        return journal;
    }

    /// <summary>Compares two results folders or journals; see <see cref="Load"/> for what is refused.</summary>
    public static RunComparison Compare(string a, string b)
    {
        var ja = Load(a);
        var jb = Load(b);
        return Compare(ja, jb, Path.GetFullPath(a), Path.GetFullPath(b), StoredReviews(a), StoredReviews(b));
    }

    /// <summary>
    /// The documentation-review answers a results folder holds (copied there by run/report --review), read
    /// strictly: a damaged copy is a <see cref="DataFileException"/> naming file and field, not a silently absent review.
    /// </summary>
    public static DocumentationReviewFile? StoredReviews(string dirOrJournal)
    {
        var full = Path.GetFullPath(dirOrJournal);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        var copy = Path.Combine(folder, DocumentationReviewFile.FileName);
        return File.Exists(copy) ? DocumentationReviewFile.Load(copy) : null;
    }

    public static RunComparison Compare(RunJournal a, RunJournal b, string nameA, string nameB,
        DocumentationReviewFile? reviewsA = null, DocumentationReviewFile? reviewsB = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // A test case is its test name; a repeated entry (a re-run in the same journal) counts by its last decision.
        var casesA = LastByTestName(a);
        var casesB = LastByTestName(b);
        var names = casesA.Keys.Union(casesB.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var verdicts = new List<VerdictChange>();
        var findings = new List<FindingChange>();
        var tables = new List<TableChange>();
        foreach (var name in names)
        {
            casesA.TryGetValue(name, out var ta);
            casesB.TryGetValue(name, out var tb);
            var id = (tb ?? ta)!.Id;
            if (ta?.Verdict != tb?.Verdict)
                verdicts.Add(new VerdictChange(name, id, ta?.Verdict, tb?.Verdict, ta?.Reason, tb?.Reason));
            CompareFindings(name, id, ta?.Findings ?? [], tb?.Findings ?? [], findings);
            CompareTables(name, id, ta?.Tables ?? [], tb?.Tables ?? [], tables);
        }
        var statesA = RecordStates(a, reviewsA);
        var statesB = RecordStates(b, reviewsB);
        var records = new List<RecordChange>();
        var ids = statesA.Keys.Union(statesB.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            statesA.TryGetValue(id, out var sa);
            statesB.TryGetValue(id, out var sb);
            // Both decided by test cases: the test-level comparison above covers them.
            if (sa?.Kind == DecidedKind && sb?.Kind == DecidedKind) continue;
            if (sa?.Status == sb?.Status && sa?.Reason == sb?.Reason) continue;
            var kind = sa?.Kind == "review" || sb?.Kind == "review" ? "review" : "record";
            records.Add(new RecordChange(id, kind, sa?.Status, sb?.Status, sa?.Reason, sb?.Reason));
        }
        return new RunComparison(nameA, nameB, a.Start.RunId, b.Start.RunId, a.Start.Dut?.Name ?? "", b.Start.Dut?.Name ?? "",
            verdicts, findings, tables, names.Count) { Records = records, RecordsCompared = ids.Count };
    }

    private const string DecidedKind = "decided";

    private sealed record RecordState(string Kind, string Status, string Reason);

    /// <summary>
    /// Each catalogue record's state as the compliance report derives it (the same builder: PICS decide
    /// NOT_APPLICABLE against NOT_EXECUTED, a review its verdict); records a test case decided are only
    /// marked so. The tests are left out of the build: their evidence is not read for this.
    /// </summary>
    private static Dictionary<string, RecordState> RecordStates(RunJournal journal, DocumentationReviewFile? reviews)
    {
        var decided = journal.Tests.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var report = ComplianceReportBuilder.Build(journal with { Tests = [] }, ".", ".", DateTimeOffset.UnixEpoch, null, reviews);
        var states = new Dictionary<string, RecordState>(StringComparer.Ordinal);
        foreach (var r in report.Results)
        {
            if (decided.Contains(r.Id)) { states[r.Id] = new RecordState(DecidedKind, "decided by a test case", ""); continue; }
            var review = r.Tables.Any(t => t.Title == ComplianceReportBuilder.DocumentationReviewTitle)
                ? reviews?.Reviews.FirstOrDefault(v => v.Id == r.Id) : null;
            states[r.Id] = review is null
                ? new RecordState("record", r.Verdict.Wire(), r.Reason)
                : new RecordState("review", review.Verdict.Wire(),
                    $"reviewed by {review.Reviewer} on {review.ReviewedOn:yyyy-MM-dd}: {string.Join("; ", review.Documents)}" + (review.Note is { } n ? $" ({n})" : ""));
        }
        return states;
    }

    private static Dictionary<string, TestFinished> LastByTestName(RunJournal j)
    {
        var map = new Dictionary<string, TestFinished>(StringComparer.Ordinal);
        foreach (var t in j.Tests) map[t.TestName] = t;
        return map;
    }

    // Findings compare as values (subject, expected, observed, conforms, clause); a null list or element counts as none.
    private static void CompareFindings(string name, string id, IReadOnlyList<Finding> a, IReadOnlyList<Finding> b, List<FindingChange> into)
    {
        var inA = a.Where(f => f is not null).ToList();
        var inB = b.Where(f => f is not null).ToList();
        foreach (var f in inA.Except(inB)) into.Add(new FindingChange(name, id, false, f));
        foreach (var f in inB.Except(inA)) into.Add(new FindingChange(name, id, true, f));
    }

    private static void CompareTables(string name, string id, IReadOnlyList<EvidenceTable> a, IReadOnlyList<EvidenceTable> b, List<TableChange> into)
    {
        var byA = ByTitle(a);
        var byB = ByTitle(b);
        foreach (var title in byA.Keys.Union(byB.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            byA.TryGetValue(title, out var ta);
            byB.TryGetValue(title, out var tb);
            var rowsA = Rows(ta);
            var rowsB = Rows(tb);
            if (ta is null) { into.Add(new TableChange(name, id, title, "new in B", [], rowsB)); continue; }
            if (tb is null) { into.Add(new TableChange(name, id, title, "vanished from A", rowsA, [])); continue; }
            var columnsChanged = !Cells(ta.Columns).SequenceEqual(Cells(tb.Columns), StringComparer.Ordinal);
            var onlyA = Multiset(rowsA, rowsB);
            var onlyB = Multiset(rowsB, rowsA);
            var reordered = onlyA.Count == 0 && onlyB.Count == 0 && !rowsA.SequenceEqual(rowsB, StringComparer.Ordinal);
            if (columnsChanged || onlyA.Count > 0 || onlyB.Count > 0 || reordered)
                into.Add(new TableChange(name, id, title,
                    columnsChanged ? $"columns changed: {string.Join(" | ", Cells(ta.Columns))} -> {string.Join(" | ", Cells(tb.Columns))}"
                    : reordered ? "same rows, another order" : "rows changed",
                    onlyA, onlyB));
        }
    }

    // Two tables with one title in a case: the later one is numbered, so neither hides the other.
    private static Dictionary<string, EvidenceTable> ByTitle(IReadOnlyList<EvidenceTable> tables)
    {
        var map = new Dictionary<string, EvidenceTable>(StringComparer.Ordinal);
        foreach (var t in tables.Where(t => t is not null))
        {
            var title = t.Title ?? "(untitled)";
            var key = title;
            for (var n = 2; map.ContainsKey(key); n++) key = $"{title} #{n}";
            map[key] = t;
        }
        return map;
    }

    private static IEnumerable<string> Cells(IReadOnlyList<string>? cells) => (cells ?? []).Select(c => c ?? "");

    private static List<string> Rows(EvidenceTable? t) =>
        t?.Rows is null ? [] : [.. t.Rows.Select(r => string.Join(" | ", Cells(r)))];

    /// <summary>Rows of <paramref name="from"/> not matched one-for-one by a row of <paramref name="other"/>.</summary>
    private static List<string> Multiset(List<string> from, List<string> other)
    {
        var left = other.GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var only = new List<string>();
        foreach (var r in from)
        {
            if (left.TryGetValue(r, out var n) && n > 0) left[r] = n - 1;
            else only.Add(r);
        }
        return only;
    }
}
