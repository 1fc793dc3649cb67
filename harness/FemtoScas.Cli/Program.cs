using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Reports;
using Comparison = FemtoScas.Reports.Comparison;
using Sealing = FemtoScas.Reports.Sealing;
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
          report DIR|JOURNAL [--out DIR] [--lab FILE] [--expected FILE[#NAME]] [--review FILE]  rebuild compliance.json/.html, junit.xml,
                                                 allure-results from a run journal, then re-seal the folder (signed when the lab file names a key);
                                                 --review: the lab's documentation-review verdicts (femtoscas.documentation-review/1), copied
                                                 into the folder and sealed with it; exit 1 when evidence no longer matches its journal or an
                                                 earlier seal, or a case deviates from the expected results
          diff RUN_A RUN_B [--out DIR]           verdict changes, new/vanished findings, changed tables: diff.html/.json; exit 1 when different
          rejudge DIR                            re-decide, with this build's judgement code, every case whose decision is a function of
                                                 the run's stored observations; exit 1 naming every verdict that would differ; cases that
                                                 need the live DUT are listed as not re-judgeable, with why
          check-expected RUN FILE[#NAME]         the run's deviations from a lab's expected results (femtoscas.validation/1); exit 1 on any
          validate-review FILE | validate-expected FILE[#NAME]   check a documentation-review answers file (against the catalogue)
                                                 or an expected-results file before a run
          verify DIR|ARCHIVE [--require-signature] [--ca FILE] [--tsa-ca FILE]   check a sealed run: every added, missing or changed
                                                 file, a bad signature; --ca: the signer must chain to these CA certificates (and the
                                                 TSA too, unless --tsa-ca names the TSA's own); --tsa-ca: manifest.tsr required, its TSA chained
          open-evidence DIR [--case ID] [--print]   show a case's capture decrypted with the key tables beside it (tshark, or
                                                 Wireshark on a desktop); DIR is an evidence folder or a results folder
          doctor [--profile FILE]                check the host before a run (privileges, capture on the profile's interface, pcscd and
                                                 its reader, tshark, strongSwan, libusrsctp, UDP 500/4500 free, route to the DUT) and list
                                                 the cases it would leave NOT APPLICABLE, INCONCLUSIVE or ERROR; exit 1 on a failed check
                                                 or an INCONCLUSIVE/ERROR case
          faults                                 list SimFemto's fault switches
          validate [--filter PATTERN] [--results DIR]   run the reference configurations of fixtures/validation, write validation.html/.json
          pki generate [--out DIR] | pki verify [--dir DIR]   the reproducible test PKI (fixtures/pki)
          replay-ike FILE [--profile P] [--faults a,b] [--minimise]   replay a saved IKE fuzz reproducer (TS33117-4.4.4) against
                                                 SimFemto started in-process; exit 1 when the DUT stops answering; --minimise
                                                 tries each input alone on a fresh SimFemto and writes FILE.min.json
          replay FILE [--profile P] [--faults a,b] [--minimise]   replay either TS33117-4.4.4 reproducer on SimFemto started
                                                 in-process: ike-fuzz-reproducer.json as replay-ike does, gui-fuzz-reproducer.txt
                                                 (requests as saved, login page as liveness before and after; exit 1 when the GUI
                                                 stops answering; --minimise writes FILE.min.txt)
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
                "verify" => Verify(args[1..]),
                "diff" => DiffCommand.Run(args[1..]),
                "check-expected" => DiffCommand.CheckExpected(args[1..]),
                "rejudge" => RejudgeCommand.Run(args[1..]),
                "doctor" => DoctorCommand.Run(Root, args[1..]),
                "validate-review" => ValidateReview(args[1..]),
                "validate-expected" => ValidateExpected(args[1..]),
                "faults" => Faults(),
                "open-evidence" => OpenEvidenceCommand.Run(args[1..]),
                "validate" => ValidateCommand.Run(Root, args[1..]),
                "pki" => PkiCommand.Run(args),
                "replay-ike" => ReplayIkeCommand.Run(Root, args[1..]),
                "replay" => ReplayCommand.Run(Root, args[1..]),
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

    private static int ValidateReview(string[] args)
    {
        if (args.Length != 1) return BadUsage("usage: validate-review FILE");
        var reviews = DocumentationReviewFile.Load(args[0]);
        reviews.CheckAgainst(Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements")).Records);
        Console.WriteLine($"review OK: {reviews.File}: {reviews.Reviews.Count} documentation-review verdict(s), sha256 {reviews.Sha256}");
        return 0;
    }

    private static int ValidateExpected(string[] args)
    {
        if (args.Length != 1) return BadUsage("usage: validate-expected FILE[#NAME]");
        var expected = Comparison.ExpectedResultsGate.LoadExpected(args[0]);
        Console.WriteLine($"expected OK: {args[0]}: configuration '{expected.Name}', {expected.Verdicts.Count} expected verdict(s)");
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
        LabFile? lab = null;
        string? expected = null;
        string? review = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length) output = Path.GetFullPath(args[++i]);
            else if (args[i] == "--lab" && i + 1 < args.Length) lab = LabFile.Load(args[++i]);
            else if (args[i] == "--expected" && i + 1 < args.Length) expected = args[++i];
            else if (args[i] == "--review" && i + 1 < args.Length) review = args[++i];
            else return BadUsage("usage: report DIR|JOURNAL [--out DIR] [--lab FILE] [--expected FILE[#NAME]] [--review FILE]");
        }
        // The expected-results file is read before any report is written: a broken one stops here, naming file and field.
        if (expected is not null) Comparison.ExpectedResultsGate.LoadExpected(expected);
        var summary = ReportWriter.WriteAndSeal(journal, output, lab, reviewFile: review);
        foreach (var p in summary.Problems) Console.WriteLine("note: " + p);
        Console.WriteLine("verdicts: " + string.Join(", ", summary.VerdictCounts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}")));
        Console.WriteLine($"report: {summary.ComplianceHtml}");
        Console.WriteLine($"        {summary.ComplianceJson}");
        Console.WriteLine($"        {summary.JUnitXml}");
        Console.WriteLine($"        {summary.AllureResultsDirectory}");
        Console.WriteLine(summary.CompliancePdf is { } pdf ? $"pdf:    {pdf} ({summary.PdfNote})" : $"pdf:    {summary.PdfNote}");
        PrintSeal(summary);
        var asExpected = expected is null || DiffCommand.Gate(journal, expected);
        if (summary.EvidenceIntact) return asExpected ? 0 : 1;
        foreach (var r in summary.EvidenceChanged) Console.Error.WriteLine($"femtoscas: evidence of {r} no longer matches the journal (marked in every report)");
        foreach (var c in summary.ChangedSinceSeal) Console.Error.WriteLine($"femtoscas: since the folder was sealed, {c}");
        return 1;
    }

    /// <summary>Shared with the run's end: where the seal went and what it could not do.</summary>
    private static void PrintSeal(ReportSummary summary)
    {
        if (summary.Seal is not { } seal)
        {
            Console.WriteLine(summary.ChangedSinceSeal.Count > 0
                ? "seal:   the earlier seal is kept (the journal or evidence changed since it was written; verify names what)"
                : "seal:   none (the reports were written to another folder than the journal's)");
            return;
        }
        Console.WriteLine($"seal:   {seal.Manifest}" + (seal.Signature is null ? " (unsigned: the lab file names no signing key)" : $", {seal.Signature} signed by '{seal.Signer}'"));
        Console.WriteLine($"bundle: {seal.Archive}");
        foreach (var gap in seal.Gaps) Console.WriteLine("gap:    " + gap);
    }

    private static int Verify(string[] args)
    {
        const string usage = "usage: verify DIR|ARCHIVE [--require-signature] [--ca FILE] [--tsa-ca FILE]";
        string? path = null, ca = null, tsaCa = null;
        var require = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--require-signature") require = true;
            else if (args[i] == "--ca" && i + 1 < args.Length) ca = args[++i];
            else if (args[i] == "--tsa-ca" && i + 1 < args.Length) tsaCa = args[++i];
            else if (path is null && !args[i].StartsWith("--", StringComparison.Ordinal)) path = args[i];
            else return BadUsage(usage);
        }
        if (path is null) return BadUsage(usage);
        // A missing or unreadable anchor file is bad usage (exit 2), named, before anything is checked.
        var signerCa = ca is null ? null : Sealing.TrustAnchor.Load(ca);
        var tsaAnchor = tsaCa is null ? null : Sealing.TrustAnchor.Load(tsaCa);
        var check = Sealing.BundleVerifier.Verify(path, require, signerCa, tsaAnchor);
        foreach (var n in check.Notes) Console.WriteLine("note: " + n);
        foreach (var p in check.Problems) Console.WriteLine("FAIL: " + p);
        Console.WriteLine(check.Intact
            ? $"verify: {path}: intact" + (check.Signer is null ? " (unsigned)" : $", signed by '{check.Signer}'" + (signerCa is null ? "" : $", trusted by {ca}"))
            : $"verify: {path}: {check.Problems.Count} problem(s)");
        return check.Intact ? 0 : 1;
    }

    private static int Faults()
    {
        foreach (var f in SimFemtoFaults.All) Console.WriteLine($"{f.Name,-26} breaks {f.Breaks}: {f.Behaviour}");
        foreach (var f in SimFemtoFaults.HostileInput) Console.WriteLine($"{f.Name,-26} hostile input, changes {f.Breaks}: {f.Behaviour}");
        return 0;
    }
}
