using FemtoScas.Reports.Comparison;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas diff RUN_A RUN_B [--out DIR]</c>: verdict changes, new or vanished findings,
/// changed evidence tables, and changed states of records no test case decided and of review verdicts between two runs, as diff.html and diff.json; and the expected-results
/// gate shared by <c>report --expected</c> and <c>run --expected</c>. Exit 0 equal, 1 different,
/// 2 unreadable input (the message names file and field).
/// </summary>
internal static class DiffCommand
{
    public const string Usage = "usage: diff RUN_A RUN_B [--out DIR]   (a results folder or its journal.jsonl each)";

    public static int Run(string[] args)
    {
        var runs = new List<string>();
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length) output = args[++i];
            else if (!args[i].StartsWith("--", StringComparison.Ordinal)) runs.Add(args[i]);
            else { Console.Error.WriteLine("femtoscas: unexpected argument '" + args[i] + "'\n" + Usage); return 2; }
        }
        if (runs.Count != 2) { Console.Error.WriteLine("femtoscas: " + Usage); return 2; }
        var diff = RunComparison.Compare(runs[0], runs[1]);
        var (json, html) = DiffWriter.Write(diff, Path.GetFullPath(output ?? Environment.CurrentDirectory));
        foreach (var v in diff.Verdicts)
            Console.WriteLine($"verdict: {v.TestName} ({v.Id}): {v.Before ?? "not decided"} -> {v.After ?? "not decided"}");
        foreach (var f in diff.Findings)
            Console.WriteLine($"finding {(f.InB ? "new" : "vanished")}: {f.TestName}: {f.Finding.Subject}: expected {f.Finding.Expected}, observed {f.Finding.Observed}");
        foreach (var t in diff.Tables)
            Console.WriteLine($"table: {t.TestName}: '{t.Title}': {t.Change} ({t.RowsOnlyInA.Count} row(s) only in A, {t.RowsOnlyInB.Count} only in B)");
        foreach (var r in diff.Records)
            Console.WriteLine($"{(r.Kind == "review" ? "review" : "record")}: {r.Id}: {r.Before ?? "not in the catalogue"} -> {r.After ?? "not in the catalogue"}" +
                              (string.IsNullOrEmpty(r.ReasonAfter) ? "" : $" ({r.ReasonAfter})"));
        Console.WriteLine(diff.Equal
            ? $"diff: equal ({diff.CasesCompared} test cases, {diff.RecordsCompared} catalogue records compared)"
            : $"diff: {diff.Verdicts.Count} verdict, {diff.Findings.Count} finding, {diff.Tables.Count} table and {diff.Records.Count} record/review change(s) " +
              $"in {diff.CasesCompared} test cases and {diff.RecordsCompared} catalogue records");
        Console.WriteLine($"      {html}");
        Console.WriteLine($"      {json}");
        return diff.Equal ? 0 : 1;
    }

    /// <summary>Names every case deviating from the lab's expected results; true when there is none.</summary>
    public static bool Gate(string run, string expected)
    {
        var deviations = ExpectedResultsGate.Check(run, expected);
        foreach (var d in deviations) Console.Error.WriteLine("femtoscas: expected results: " + d);
        Console.WriteLine(deviations.Count == 0
            ? $"expected: the run matches {expected}"
            : $"expected: {deviations.Count} deviation(s) from {expected}");
        return deviations.Count == 0;
    }

    /// <summary><c>femtoscas check-expected RUN FILE[#NAME]</c>: the gate alone, as <c>run --expected</c> calls it after the run.</summary>
    public static int CheckExpected(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("femtoscas: usage: check-expected RUN FILE[#CONFIGURATION]"); return 2; }
        return Gate(args[0], args[1]) ? 0 : 1;
    }
}
