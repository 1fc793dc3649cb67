using FemtoScas.Harness;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Runner;
using FemtoScas.Reports;
using FemtoScas.SimFemto;
using NUnit.Framework;

// No namespace: an NUnit set-up fixture in the global namespace wraps every test of the assembly.

/// <summary>
/// Starts one conformance run for the whole assembly: validates catalogue and DUT profile
/// (a data error stops the run here, naming file and field), starts the DUT, and at the end
/// closes the journal and writes every report from it.
/// </summary>
[SetUpFixture]
public sealed class ConformanceRunSetup
{
    private SuiteRun? run;

    [OneTimeSetUp]
    public async Task StartRun()
    {
        var parameters = RunParameters.From(name => TestContext.Parameters.Get(name), TestContext.CurrentContext.TestDirectory);
        TestContext.Progress.WriteLine($"FemtoScas: DUT profile {parameters.DutProfile}, results in {parameters.ResultsDirectory}");
        try
        {
            run = await SuiteRun.StartAsync(parameters, ControllerFor(parameters), CancellationToken.None);
        }
        catch (Exception ex) when (File.Exists(Path.Combine(parameters.ResultsDirectory, JournalSchema.FileName)))
        {
            // The journal was opened before the DUT failed to start: still report the run (every
            // record NOT EXECUTED, the journal saying why) so the failure is on record.
            TestContext.Progress.WriteLine($"FemtoScas: the run could not start: {ex.Message}");
            var summary = ReportWriter.WriteAll(Path.Combine(parameters.ResultsDirectory, JournalSchema.FileName), parameters.ResultsDirectory);
            TestContext.Progress.WriteLine($"FemtoScas: report of the aborted run written to {summary.ComplianceHtml}");
            throw;
        }
        TestContext.Progress.WriteLine($"FemtoScas: run started against '{run.Profile.Identity.Name}'" +
            (run.Profile.Faults.Count > 0 ? $" with SimFemto faults {string.Join(",", run.Profile.Faults)}" : ""));
    }

    private static Func<DutProfile, IDutController> ControllerFor(RunParameters parameters) => profile => profile.Kind switch
    {
        DutKind.SimFemto => new SimFemtoController(profile, Path.Combine(parameters.ResultsDirectory, "simfemto.log")),
        DutKind.Physical => new OperatorPreparedDut(profile),
        DutKind.StrongSwan => new StrongSwanDutController(profile, Path.Combine(parameters.ResultsDirectory, "charon.log")),
        _ => throw new HarnessEnvironmentException($"{profile.File}: DUT kind '{profile.Kind}' cannot be driven by this FemtoScas version yet"),
    };

    [OneTimeTearDown]
    public async Task FinishRun()
    {
        if (run is null) return;
        var journal = run.JournalPath;
        var results = run.ResultsDirectory;
        await run.DisposeAsync();
        var parameters = RunParameters.From(name => TestContext.Parameters.Get(name), TestContext.CurrentContext.TestDirectory);
        var lab = parameters.LabFile is null ? null : LabFile.Load(parameters.LabFile);
        // The lab's documentation-review verdicts (run --review) go into the one report of the run: the PDF is printed once.
        var summary = ReportWriter.WriteAndSeal(journal, results, lab, parameters.Pdf, parameters.ReviewFile);
        TestContext.Progress.WriteLine($"FemtoScas: report written to {summary.ComplianceHtml}");
        TestContext.Progress.WriteLine("FemtoScas: " + (summary.CompliancePdf is { } pdf ? $"PDF written to {pdf}" : summary.PdfNote));
        if (summary.Seal is { } seal)
        {
            TestContext.Progress.WriteLine($"FemtoScas: sealed: {seal.Manifest}" + (seal.Signature is null ? " (unsigned)" : $" signed by '{seal.Signer}'") + $"; hand-off archive {seal.Archive}");
            foreach (var gap in seal.Gaps) TestContext.Progress.WriteLine("FemtoScas: seal gap: " + gap);
        }
        TestContext.Progress.WriteLine("FemtoScas: verdicts " + string.Join(", ", summary.VerdictCounts.Select(kv => $"{kv.Key}={kv.Value}")));
    }
}
