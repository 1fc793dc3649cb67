using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Fuzz;
using FemtoScas.SimFemto;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas replay-ike FILE [--profile P] [--faults a,b] [--minimise]</c>: replays a saved IKE
/// fuzz reproducer (TS33117-4.4.4 evidence) against SimFemto started in-process, then checks that a
/// fresh tunnel still comes up. Exit 1 when the DUT stopped answering (reproduced), 0 when it
/// stayed alive. --minimise then tries each input alone on a freshly started SimFemto and writes
/// the first one that stops it to FILE.min.json.
/// </summary>
internal static class ReplayIkeCommand
{
    /// <summary>FILE [--profile P] [--faults a,b] [--minimise], as both replay commands take them; null (after saying why) on a usage error.</summary>
    internal sealed record Arguments(string File, string? Profile, IReadOnlyList<string>? Faults, bool Minimise)
    {
        public static Arguments? Parse(string command, string[] args)
        {
            string? file = null, profile = null;
            IReadOnlyList<string>? faults = null;
            var minimise = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--profile" when i + 1 < args.Length: profile = args[++i]; break;
                    case "--faults" when i + 1 < args.Length: faults = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "--minimise": minimise = true; break;
                    default:
                        if (file is null && !args[i].StartsWith("--", StringComparison.Ordinal)) { file = args[i]; break; }
                        Console.Error.WriteLine($"femtoscas: {command}: unexpected argument '{args[i]}'");
                        return null;
                }
            }
            if (file is null) Console.Error.WriteLine($"usage: femtoscas {command} FILE [--profile fixtures/duts/simfemto.json] [--faults a,b] [--minimise]");
            return file is null ? null : new Arguments(file, profile, faults, minimise);
        }
    }

    public static int Run(string root, string[] args) => Arguments.Parse("replay-ike", args) is { } a ? Run(root, a) : 2;

    public static int Run(string root, Arguments a)
    {
        var (file, profilePath, faults, minimise) = a;
        var reproducer = IkeFuzzReproducer.Load(Path.GetFullPath(file));
        var catalogue = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements"));
        var profile = DutProfileLoader.Load(Path.GetFullPath(profilePath ?? Path.Combine(root, "fixtures", "duts", "simfemto.json")), catalogue.Pics, faults);
        if (profile.Kind != DutKind.SimFemto)
        {
            Console.Error.WriteLine($"femtoscas: replay-ike starts the DUT itself, which only SimFemto allows; the profile's DUT is {profile.Kind} (replay against a physical femto: run TS33117-4.4.4 with the PIXIT's seed)");
            return 2;
        }
        SimFemtoFaults.Validate(profile.Faults);
        var outDir = Path.Combine(root, "out", "replay-ike");
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"replaying {reproducer.Inputs.Count} input(s) of {file} ({reproducer.Tool}, seed {reproducer.Seed}) against SimFemto, faults: {(profile.Faults.Count == 0 ? "none" : string.Join(",", profile.Faults))}");
        var all = ReplayAsync(profile, reproducer.Inputs, Path.Combine(outDir, "simfemto.log")).GetAwaiter().GetResult();
        if (!minimise || !all) return all ? 1 : 0;

        foreach (var input in reproducer.Inputs)
        {
            Console.WriteLine($"-- minimising: {input} alone, on a fresh SimFemto");
            if (!ReplayAsync(profile, [input], Path.Combine(outDir, $"simfemto-{input.Index}.log")).GetAwaiter().GetResult()) continue;
            var minimal = Path.ChangeExtension(Path.GetFullPath(file), ".min.json");
            File.WriteAllText(minimal, (reproducer with { Why = $"minimised by replay: {input} alone stops the DUT", Inputs = [input] }).ToJson());
            Console.WriteLine($"minimal reproducer (1 input): {minimal}");
            return 1;
        }
        Console.WriteLine("no single input stops the DUT alone: the whole sequence is the reproducer");
        return 1;
    }

    /// <summary>One replay on a freshly started SimFemto; true when the DUT stopped answering.</summary>
    private static async Task<bool> ReplayAsync(DutProfile profile, IReadOnlyList<IkeFuzzInput> inputs, string log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        // A fresh log per replay: the crash lines shown afterwards are this replay's.
        File.Delete(log);
        var simFemto = new SimFemtoController(profile, log);
        IkeFuzzResult result;
        try
        {
            await simFemto.StartAsync(timeout.Token);
            result = await IkeFuzzReplay.RunAsync(simFemto.Placement, simFemto, inputs, Console.WriteLine, timeout.Token);
        }
        finally
        {
            // Disposed before its log is read: SimFemto's last lines are written by then.
            await simFemto.DisposeAsync();
        }
        foreach (var r in result.Inputs) Console.WriteLine($"  {r.Input}: {r.Reaction} ({r.Detail}){(r.Applied ? "" : " [target message not reached]")}");
        foreach (var line in File.Exists(log) ? File.ReadLines(log).Where(l => l.Contains("FAULT", StringComparison.Ordinal) || l.Contains("crash", StringComparison.OrdinalIgnoreCase)) : [])
            Console.WriteLine("  SimFemto log: " + line);
        Console.WriteLine(result.Crash is null
            ? $"not reproduced: {result.StoppedBecause}; {string.Join("; ", result.Liveness.Select(l => $"liveness after {l.AfterInputs}: {l.Detail}"))}"
            : $"REPRODUCED: {result.StoppedBecause} ({result.Crash.Check.Detail})");
        return result.Crash is not null;
    }
}
