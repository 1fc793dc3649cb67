using System.Text.RegularExpressions;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Validation;
using FemtoScas.Reports;

namespace FemtoScas.Cli;

/// <summary>
/// femtoscas validate: runs every reference configuration of fixtures/validation (or those whose
/// name or file matches --filter: globs with * and ?, comma-separated), compares with the expected verdicts and
/// writes validation.json and validation.html. Exit 0: every configuration gave its expected
/// verdicts; 1: a deviation (listed); 2: bad usage or a broken reference file.
/// </summary>
internal static class ValidateCommand
{
    public static int Run(string root, string[] args)
    {
        string? filter = null;
        var results = Path.Combine(root, "out", "validation");
        var parallelism = 4;
        var targeted = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--filter" when i + 1 < args.Length: filter = args[++i]; break;
                case "--results" when i + 1 < args.Length: results = Path.GetFullPath(args[++i]); break;
                case "--targeted": targeted = true; break;
                case "--parallel" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 16: parallelism = n; i++; break;
                default:
                    Console.Error.WriteLine($"femtoscas: unexpected argument '{args[i]}'\nusage: femtoscas validate [--filter PATTERN] [--results DIR] [--parallel 1-16] [--targeted]");
                    return 2;
            }
        }

        var catalogue = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements"));
        var all = ReferenceConfiguration.LoadDirectory(ValidationRunner.DirectoryOf(root));
        var globs = filter?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var selected = filter is null ? all : all.Where(c => globs.Any(g => Matches(g, c.Name) || Matches(g, c.File))).ToList();
        // --targeted: a fault configuration runs only the cases its faults break (the self-test's quick form).
        if (targeted) selected = selected.Select(c => c.Targeted()).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"femtoscas: no reference configuration matches '{filter}' (of {all.Count})");
            return 2;
        }

        var runner = new ValidationRunner(root, results);
        // Every profile and overlay is checked before the first run starts: a broken file stops here, named.
        // The merged profile of an overlay holds the base's secrets: checked in a private folder, then removed.
        foreach (var c in selected)
        {
            var check = ValidationRunner.PrivateProfileDirectory(c);
            try
            {
                ValidationRunner.CreatePrivate(check);
                runner.Prepare(c, catalogue.Pics, check);
            }
            finally
            {
                if (Directory.Exists(check)) Directory.Delete(check, recursive: true);
            }
        }

        Console.WriteLine($"validating with {selected.Count} reference configuration(s), {parallelism} at once{(targeted ? ", fault configurations on the cases they break only (--targeted)" : "")}; results in {results}");
        var outcomes = runner.RunAllAsync(selected, catalogue.Pics, parallelism, line => Console.WriteLine("  " + line)).GetAwaiter().GetResult();
        var summary = ValidationSummary.Of(outcomes);
        var (json, html) = ValidationReportWriter.Write(summary, ToolIdentification.Collect(root, catalogue), results);
        foreach (var d in summary.Deviations) Console.WriteLine("DEVIATION " + d);
        Console.WriteLine(summary.Deviations.Count == 0 ? "validated: every configuration gave its expected verdicts" : $"{summary.Deviations.Count} deviation(s)");
        Console.WriteLine($"report: {html}\n        {json}");
        return summary.Deviations.Count == 0 ? 0 : 1;
    }

    private static bool Matches(string glob, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(glob).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
