using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Reports;
using FemtoScas.SimFemto;
using FemtoScas.Harness;

namespace FemtoScas.Cli;

/// <summary>
/// The femtoscas command line. Exit codes: 0 done, 1 the check found a problem, 2 bad usage or
/// unreadable input (the message says what and where).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: femtoscas <command>
          validate-profile [FILE] [--faults a,b]  check a DUT profile against the catalogue's PICS (default fixtures/duts/simfemto.json)
          validate-catalogue                     load and check fixtures/requirements
          report DIR|JOURNAL [--out DIR]         rebuild compliance.json/.html, junit.xml, allure-results from a run journal
          faults                                 list SimFemto's fault switches
          validate [--filter PATTERN] [--results DIR]   run the reference configurations of fixtures/validation, write validation.html/.json
          pki generate [--out DIR] | pki verify [--dir DIR]   the reproducible test PKI (fixtures/pki)
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return args[0] switch
            {
                "validate-profile" => ValidateProfile(args[1..]),
                "validate-catalogue" => ValidateCatalogue(),
                "report" => Report(args[1..]),
                "faults" => Faults(),
                "validate" => ValidateCommand.Run(Root, args[1..]),
                "pki" => PkiCommand.Run(args),
                _ => BadUsage($"unknown command '{args[0]}'"),
            };
        }
        catch (DataFileException ex)
        {
            Console.Error.WriteLine("femtoscas: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or HarnessEnvironmentException or ArgumentException)
        {
            Console.Error.WriteLine("femtoscas: " + ex.Message);
            return 2;
        }
    }

    private static int BadUsage(string problem)
    {
        Console.Error.WriteLine("femtoscas: " + problem);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static string Root => RepositoryRoot.Find(Environment.CurrentDirectory);

    private static int ValidateCatalogue()
    {
        var catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
        var byLevel = catalogue.Records.GroupBy(r => r.Automation).Select(g => $"{g.Key}: {g.Count()}");
        Console.WriteLine($"catalogue OK: {catalogue.Records.Count} records in {catalogue.Files.Count} files ({string.Join(", ", byLevel)})");
        return 0;
    }

    private static int ValidateProfile(string[] args)
    {
        string? file = null;
        IReadOnlyList<string>? faults = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--faults" && i + 1 < args.Length)
                faults = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            else if (file is null && !args[i].StartsWith("--", StringComparison.Ordinal)) file = args[i];
            else return BadUsage($"unexpected argument '{args[i]}'");
        }
        var catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
        var path = Path.GetFullPath(file ?? Path.Combine(Root, "fixtures", "duts", "simfemto.json"));
        var profile = DutProfileLoader.Load(path, catalogue.Pics, faults);
        if (profile.Kind == DutKind.SimFemto) SimFemtoFaults.Validate(profile.Faults);
        Console.WriteLine($"profile OK: {path} — '{profile.Identity.Name}' ({profile.Kind}) at {profile.Pixit.DutAddress}, " +
                          $"{profile.Pics.Count(p => p.Value)} of {profile.Pics.Count} PICS items true" +
                          (profile.Faults.Count > 0 ? $", faults {string.Join(",", profile.Faults)}" : ""));
        return 0;
    }

    private static int Report(string[] args)
    {
        if (args.Length == 0) return BadUsage("report needs a results folder or a journal file");
        var input = Path.GetFullPath(args[0]);
        var journal = Directory.Exists(input) ? Path.Combine(input, JournalSchema.FileName) : input;
        var output = Path.GetDirectoryName(journal)!;
        if (args.Length == 3 && args[1] == "--out") output = Path.GetFullPath(args[2]);
        else if (args.Length != 1) return BadUsage("usage: report DIR|JOURNAL [--out DIR]");
        var summary = ReportWriter.WriteAll(journal, output);
        foreach (var p in summary.Problems) Console.WriteLine("note: " + p);
        Console.WriteLine("verdicts: " + string.Join(", ", summary.VerdictCounts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}")));
        Console.WriteLine($"report: {summary.ComplianceHtml}");
        Console.WriteLine($"        {summary.ComplianceJson}");
        Console.WriteLine($"        {summary.JUnitXml}");
        Console.WriteLine($"        {summary.AllureResultsDirectory}");
        return 0;
    }

    private static int Faults()
    {
        foreach (var f in SimFemtoFaults.All) Console.WriteLine($"{f.Name,-26} breaks {f.Breaks}: {f.Behaviour}");
        return 0;
    }
}
