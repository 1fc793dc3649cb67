using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Validation;

/// <summary>What one reference configuration's suite run gave, compared with its expected table.</summary>
/// <param name="Configuration">The reference configuration.</param>
/// <param name="DeviceKind">The DUT kind of its (overlaid) profile.</param>
/// <param name="IndependentPeer">The independent implementation it puts in front of the suite (null: SimFemto, whose IKEv2 side is the harness's own engine).</param>
/// <param name="Decided">The run's verdict and reason per decided test case.</param>
/// <param name="Differences">Where the run departs from the expected table, or why it could not run.</param>
/// <param name="NotRun">Why the configuration did not run (a missing prerequisite, a run that wrote no report); null when it ran.</param>
/// <param name="ResultsDirectory">The run's report and evidence.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record ConfigurationOutcome(
    ReferenceConfiguration Configuration,
    DutKind DeviceKind,
    string? IndependentPeer,
    IReadOnlyDictionary<string, (string Verdict, string Reason)> Decided,
    IReadOnlyList<string> Differences,
    string? NotRun,
    string ResultsDirectory,
    TimeSpan Elapsed);

/// <summary>
/// Runs reference configurations: each one a conformance-suite run (the FemtoScas.TestCases
/// project, already built, in a child process with a hard time limit) on its DUT profile,
/// several at once (each SimFemto and each strongSwan stand-in takes a run slot of its own),
/// then compares the run's compliance.json with the expected table. `femtoscas validate` and
/// the project's self-test both run through here.
/// </summary>
public sealed class ValidationRunner(string root, string resultsDirectory)
{
    /// <summary>How long one suite run may take before it is killed and reported.</summary>
    public TimeSpan RunLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The fixtures/validation directory of the repository.</summary>
    public static string DirectoryOf(string root) => Path.Combine(root, "fixtures", "validation");

    /// <summary>The independent implementation a device kind puts in front of the suite; null for SimFemto (the harness's own IKEv2 engine).</summary>
    public static string? IndependentPeer(DutKind kind) => kind switch
    {
        DutKind.StrongSwan => "strongSwan (charon)",
        DutKind.Physical => "physical device",
        _ => null,
    };

    /// <summary>
    /// The DUT profile a configuration runs on: the base profile itself, or (with an overlay) the
    /// merged profile written to <paramref name="directory"/>. Loads it to check it; a problem in the
    /// overlay is a <see cref="DataFileException"/> naming the reference file.
    /// </summary>
    public (string Path, DutProfile Profile) Prepare(ReferenceConfiguration c, IReadOnlyList<PicsItem> pics, string directory)
    {
        var basePath = Path.GetFullPath(Path.Combine(root, c.DutProfile));
        if (!File.Exists(basePath))
            throw new DataFileException(c.File, "dutProfile", $"'{c.DutProfile}' does not exist (relative to the repository root)");
        var path = basePath;
        if (c.Overlay is { } overlay)
        {
            var text = JsonObjectReader.ReadText(basePath, "the DUT profile");
            var merged = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
            Merge(merged, overlay);
            Directory.CreateDirectory(directory);
            path = Path.Combine(directory, "dut-profile.json");
            File.WriteAllText(path, merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        try
        {
            var profile = DutProfileLoader.Load(path, pics, c.Faults.Count > 0 ? c.Faults : null);
            return (path, profile);
        }
        catch (DataFileException e) when (c.Overlay is not null)
        {
            throw new DataFileException(c.File, $"{c.Name}: overlay over {c.DutProfile}: {e.Field}", e.Problem, e);
        }
    }

    // Objects merge field by field; any other value (and a list) replaces the base's; null removes the base's field (as RFC 7386).
    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject o && target[key] is JsonObject t) Merge(t, o);
            else target[key] = value?.DeepClone();
        }
    }

    /// <summary>Runs every configuration, <paramref name="parallelism"/> at once; outcomes in the configurations' order.</summary>
    public async Task<IReadOnlyList<ConfigurationOutcome>> RunAllAsync(IReadOnlyList<ReferenceConfiguration> configurations, IReadOnlyList<PicsItem> pics,
        int parallelism, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        using var gate = new SemaphoreSlim(parallelism);
        var tasks = configurations.Select(async c =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                progress?.Invoke($"running {c.Name} ({c.File})");
                var outcome = await Task.Run(() => Run(c, pics), cancellationToken).ConfigureAwait(false);
                progress?.Invoke($"{c.Name}: {(outcome.NotRun ?? (outcome.Differences.Count == 0 ? "as expected" : $"{outcome.Differences.Count} deviation(s)"))} ({outcome.Elapsed.TotalSeconds:F0} s)");
                return outcome;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Runs one configuration (blocking) and compares its verdicts with the expected table.</summary>
    public ConfigurationOutcome Run(ReferenceConfiguration c, IReadOnlyList<PicsItem> pics)
    {
        var results = Path.Combine(resultsDirectory, c.Name);
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        Directory.CreateDirectory(results);
        // An overlaid profile holds the base profile's secrets (K, OPc, PINs): it is written to a
        // private folder outside the results and removed after the run, never beside the reports.
        var profileDirectory = PrivateProfileDirectory(c);
        try
        {
            CreatePrivate(profileDirectory);
            return RunPrepared(c, pics, results, profileDirectory);
        }
        finally
        {
            if (Directory.Exists(profileDirectory)) Directory.Delete(profileDirectory, recursive: true);
        }
    }

    /// <summary>A folder of this process's own under the system's temporary folder, for one configuration's merged profile.</summary>
    public static string PrivateProfileDirectory(ReferenceConfiguration c) =>
        Path.Combine(Path.GetTempPath(), "femtoscas-validation-profiles", $"{Environment.ProcessId}-{c.Name}");

    /// <summary>Creates <paramref name="directory"/> readable by this user only (0700), so no other account reads the secrets put there.</summary>
    public static void CreatePrivate(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory); // per-user temporary folder there
            return;
        }
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(directory, OwnerOnly);
        File.SetUnixFileMode(directory, OwnerOnly);
    }

    private ConfigurationOutcome RunPrepared(ReferenceConfiguration c, IReadOnlyList<PicsItem> pics, string results, string profileDirectory)
    {
        var (profilePath, profile) = Prepare(c, pics, profileDirectory);
        var peer = IndependentPeer(profile.Kind);
        var clock = Stopwatch.StartNew();
        if (profile.Kind == DutKind.StrongSwan && Interop.StrongSwanNamespace.MissingPrerequisite() is { } missing)
            return NotRun($"the strongSwan stand-in cannot run here: {missing}");

        var run = RunSuite(SuiteCommand(results, profilePath, c.Faults, c.TestCases));
        File.WriteAllText(Path.Combine(results, "suite-output.log"), run.Output);
        if (run.TimedOut) return NotRun($"the suite run did not finish within {RunLimit.TotalMinutes:F0} minutes (suite-output.log)");
        var json = Path.Combine(results, "compliance.json");
        if (!File.Exists(json)) return NotRun($"the suite run wrote no compliance.json (exit code {run.ExitCode}; suite-output.log)");
        var decided = ReferenceConfiguration.Decided(json);
        return new ConfigurationOutcome(c, profile.Kind, peer, decided, c.Differences(decided), null, results, clock.Elapsed);

        ConfigurationOutcome NotRun(string why) =>
            new(c, profile.Kind, peer, new Dictionary<string, (string, string)>(), [why], why, results, clock.Elapsed);
    }

    private ProcessStartInfo SuiteCommand(string results, string profile, IReadOnlyList<string> faults, IReadOnlyList<string>? testCases)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        psi.ArgumentList.Add("test");
        psi.ArgumentList.Add(Path.Combine(root, "testcases", "FemtoScas.TestCases", "FemtoScas.TestCases.csproj"));
        psi.ArgumentList.Add("--no-build");
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add(Path.Combine(root, "runsettings", "simfemto.runsettings"));
        if (testCases is not null)
        {
            // The test cases carry their catalogue id as the NUnit property "Requirement".
            psi.ArgumentList.Add("--filter");
            psi.ArgumentList.Add(string.Join("|", testCases.Select(id => "Requirement=" + id)));
        }
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(Parameter("ResultsDir", results));
        psi.ArgumentList.Add(Parameter("DutProfile", profile));
        psi.ArgumentList.Add(Parameter("Pdf", "false"));
        // vstest rejects an empty parameter value on the command line; the runsettings default "" is the clean device.
        if (faults.Count > 0) psi.ArgumentList.Add(Parameter("Faults", string.Join(",", faults)));
        // A nested dotnet test must not inherit a calling test host's connection to its runner.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("VSTEST_", StringComparison.Ordinal) || k.StartsWith("TESTINGPLATFORM_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        return psi;
    }

    private static string Parameter(string name, string value) => $"TestRunParameters.Parameter(name=\"{name}\", value=\"{value}\")";

    private sealed record SuiteResult(int ExitCode, string Output, bool TimedOut);

    private SuiteResult RunSuite(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi) ?? throw new HarnessEnvironmentException("could not start dotnet test");
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(RunLimit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            lock (output) return new SuiteResult(-1, output.ToString(), true);
        }
        p.WaitForExit();
        lock (output) return new SuiteResult(p.ExitCode, output.ToString(), false);
    }
}
