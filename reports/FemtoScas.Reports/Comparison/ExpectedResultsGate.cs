using FemtoScas.Harness.Data;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Validation;

namespace FemtoScas.Reports.Comparison;

/// <summary>
/// A lab's expected results as a gate on a run (as TLS-Anvil gates on its expected results): the
/// file is a <c>femtoscas.validation/1</c> reference configuration (docs/validation.md), the one
/// format the tool's own validation uses, and the run's journal is compared with the table of
/// its base configuration, or of the configuration named after a '#'
/// (<c>expected.json#firmware-2</c>). Every deviating case is named; none means the gate passes.
/// </summary>
public static class ExpectedResultsGate
{
    /// <summary>The deviations of the run in <paramref name="runDirOrJournal"/> from <paramref name="expected"/> (FILE or FILE#CONFIGURATION).</summary>
    public static IReadOnlyList<string> Check(string runDirOrJournal, string expected)
    {
        var configuration = LoadExpected(expected);
        var journal = RunComparison.Load(runDirOrJournal);
        // A record decided by several test cases counts by its worst verdict (VerdictOrder.Rule), reasons joined.
        var decided = journal.Tests.GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (Worst(g.Select(t => t.Verdict)), string.Join("; ", g.Select(t => t.Reason ?? ""))),
            StringComparer.Ordinal);
        return configuration.Differences(decided);
    }

    /// <summary>FILE or FILE#NAME: the base configuration of FILE, or its configuration NAME.</summary>
    public static ReferenceConfiguration LoadExpected(string expected)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expected);
        var hash = expected.LastIndexOf('#');
        var file = hash > 0 ? expected[..hash] : expected;
        var name = hash > 0 ? expected[(hash + 1)..] : null;
        var all = ReferenceConfiguration.Load(file);
        if (name is null) return all[0];
        return all.FirstOrDefault(c => c.Name == name)
            ?? throw new DataFileException(Path.GetFileName(file), "configurations", $"no configuration named '{name}' (found: {string.Join(", ", all.Select(c => c.Name))})");
    }

    private static string Worst(IEnumerable<string> verdicts)
    {
        var known = new List<Verdict>();
        foreach (var v in verdicts)
        {
            try { known.Add(VerdictNames.Parse(v)); }
            // A word that is no verdict is compared as it stands: it can match no expected verdict.
            catch (FormatException) { return v; }
        }
        return VerdictOrder.Worst(known).Wire();
    }
}
