using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Comparison;

/// <summary>One test case's verdict in run A and run B; null where the run did not decide it.</summary>
public sealed record VerdictChange(string TestName, string Id, string? Before, string? After, string? ReasonBefore, string? ReasonAfter);

/// <summary>A finding present in only one of the two runs (<see cref="InB"/> true: new in B; false: vanished from A).</summary>
public sealed record FindingChange(string TestName, string Id, bool InB, Finding Finding);

/// <summary>An evidence table whose title, columns or rows differ between the runs; rows are shown joined by " | ".</summary>
public sealed record TableChange(string TestName, string Id, string Title, string Change, IReadOnlyList<string> RowsOnlyInA, IReadOnlyList<string> RowsOnlyInB);

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

    public bool Equal => Verdicts.Count == 0 && Findings.Count == 0 && Tables.Count == 0;

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
        return Compare(ja, jb, Path.GetFullPath(a), Path.GetFullPath(b));
    }

    public static RunComparison Compare(RunJournal a, RunJournal b, string nameA, string nameB)
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
        return new RunComparison(nameA, nameB, a.Start.RunId, b.Start.RunId, a.Start.Dut?.Name ?? "", b.Start.Dut?.Name ?? "",
            verdicts, findings, tables, names.Count);
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
