using System.Reflection;
using System.Runtime.InteropServices;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// One conformance run: the catalogue, the DUT profile, the results folder and the journal.
/// Created once per test assembly (the test cases' set-up fixture) and reached by every test.
/// </summary>
public sealed class SuiteRun : IAsyncDisposable
{
    private static SuiteRun? current;
    private readonly RunJournalWriter journal;
    private readonly IDutController dut;
    private int decided;

    private SuiteRun(Catalogue catalogue, DutProfile profile, string resultsDirectory, RunJournalWriter journal, IDutController dut)
    {
        Catalogue = catalogue;
        Profile = profile;
        ResultsDirectory = resultsDirectory;
        this.journal = journal;
        this.dut = dut;
    }

    public static SuiteRun? Current => current;

    public Catalogue Catalogue { get; }
    public DutProfile Profile { get; }
    public string ResultsDirectory { get; }
    public string JournalPath => journal.Path;

    /// <summary>The controller of the run's DUT (read-only use: triggers such as <see cref="IDutController.TryTriggerTunnelAsync(System.Net.IPEndPoint, CancellationToken)"/>).</summary>
    public IDutController Dut => dut;
    public int Decided => decided;

    /// <summary>
    /// Loads and validates catalogue and profile, opens a fresh journal and starts the DUT.
    /// Any data error is raised here, before a single test runs.
    /// </summary>
    public static async Task<SuiteRun> StartAsync(RunParameters parameters, Func<DutProfile, IDutController> controllerFor, CancellationToken cancellationToken)
    {
        var catalogue = Catalogue.LoadDirectory(parameters.CatalogueDirectory);
        var profile = DutProfileLoader.Load(parameters.DutProfile, catalogue.Pics, parameters.Faults);
        var lab = parameters.LabFile is null ? null : LabFile.Load(parameters.LabFile);
        var repositoryRoot = RepositoryRoot.Find(parameters.CatalogueDirectory);
        Directory.CreateDirectory(parameters.ResultsDirectory);
        var journalPath = Path.Combine(parameters.ResultsDirectory, JournalSchema.FileName);
        // A results folder holds one run: an old journal would mix two runs in one report.
        if (File.Exists(journalPath)) File.Delete(journalPath);
        var evidenceRoot = Path.Combine(parameters.ResultsDirectory, "evidence");
        if (Directory.Exists(evidenceRoot)) Directory.Delete(evidenceRoot, recursive: true);
        // An earlier run's seal (FemtoScas.Reports.Sealing: manifest, signature, timestamp, the
        // sibling archive) would otherwise judge this run's files against the old run's hashes.
        foreach (var seal in new[] { "manifest.json", "manifest.p7s", "manifest.tsr" })
            File.Delete(Path.Combine(parameters.ResultsDirectory, seal));
        File.Delete(Path.TrimEndingDirectorySeparator(parameters.ResultsDirectory) + ".tar.gz");
        var journal = new RunJournalWriter(journalPath);
        var controller = controllerFor(profile);
        // Runs side by side on one host: a controller that starts its DUT here may have moved it.
        profile = controller.Placement ?? profile;
        journal.Append(new RunStarted
        {
            Schema = JournalSchema.Version,
            RunId = Guid.NewGuid().ToString(),
            StartedAt = DateTimeOffset.UtcNow,
            FemtoScasVersion = typeof(SuiteRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Host = Environment.MachineName,
            OperatingSystem = RuntimeInformation.OSDescription,
            Runtime = RuntimeInformation.FrameworkDescription,
            Tools = new SortedDictionary<string, string>(ToolVersions.Collect().ToDictionary(), StringComparer.Ordinal) { ["NUnit"] = ToolVersions.Version(typeof(NUnit.Framework.TestAttribute)) },
            Dut = new DutIdentity
            {
                Name = profile.Identity.Name,
                Kind = profile.Kind.ToString(),
                Vendor = profile.Identity.Vendor,
                Model = profile.Identity.Model,
                SoftwareVersion = profile.Identity.SoftwareVersion,
                SerialNumber = profile.Identity.SerialNumber,
            },
            ProfileFile = Path.GetFileName(profile.File),
            ProfileSha256 = profile.Sha256,
            Faults = profile.Faults,
            Pics = profile.Pics,
            Catalogue = catalogue.Records,
            CatalogueFiles = catalogue.Files,
            CaptureCapability = LiveCapture.Capability,
            Lab = lab?.Identity,
            TestEngineer = parameters.TestEngineer,
            Approver = parameters.Approver,
            Deviations = parameters.Deviations,
            CryptoProfileFiles = SourceTreeProbe.HashJsonFiles(Path.Combine(repositoryRoot, "fixtures", "crypto-profiles")),
            SourceTree = SourceTreeProbe.Probe(repositoryRoot),
        });
        try
        {
            await controller.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            journal.Append(new RunFinished { FinishedAt = DateTimeOffset.UtcNow, Outcome = "the DUT could not be started" });
            journal.Dispose();
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        current = new SuiteRun(catalogue, profile, parameters.ResultsDirectory, journal, controller);
        return current;
    }

    internal void Record(TestFinished result)
    {
        journal.Append(result);
        Interlocked.Increment(ref decided);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await dut.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            journal.Append(new RunFinished { FinishedAt = DateTimeOffset.UtcNow, Outcome = "completed" });
            journal.Dispose();
            current = null;
        }
    }
}
