using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Fuzz;
using FemtoScas.SimFemto;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas replay FILE [--profile P] [--faults a,b] [--minimise]</c>: one command for both
/// TS33117-4.4.4 reproducers. A JSON file (ike-fuzz-reproducer.json) goes to
/// <see cref="ReplayIkeCommand"/>; a GUI reproducer (gui-fuzz-reproducer.txt) is replayed against
/// SimFemto started in-process: the requests as saved, the login page as liveness before and after.
/// Exit 1 when reproduced (the page answered before and not after), 0 when not, 2 on a usage or
/// file error or when the login page did not answer before the replay. --minimise then tries each
/// request alone on a fresh SimFemto and writes the first that stops the GUI to FILE.min.txt.
/// </summary>
internal static class ReplayCommand
{
    public static int Run(string root, string[] args)
    {
        if (ReplayIkeCommand.Arguments.Parse("replay", args) is not { } a) return 2;
        var (file, profilePath, faults, minimise) = a;
        var full = Path.GetFullPath(file);
        var first = File.Exists(full) ? File.ReadLines(full).FirstOrDefault(l => l.Trim().Length > 0)?.TrimStart() : null;
        if (first is not null && first.StartsWith('{')) return ReplayIkeCommand.Run(root, a);
        IReadOnlyList<GuiFuzzInput> inputs;
        try { inputs = GuiFuzzReproducer.Load(full); }
        catch (DataFileException ex) { Console.Error.WriteLine($"femtoscas: replay: {ex.Message}"); return 2; }
        var catalogue = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements"));
        var profile = DutProfileLoader.Load(Path.GetFullPath(profilePath ?? Path.Combine(root, "fixtures", "duts", "simfemto.json")), catalogue.Pics, faults);
        if (profile.Kind != DutKind.SimFemto)
        {
            Console.Error.WriteLine($"femtoscas: replay starts the DUT itself, which only SimFemto allows; the profile's DUT is {profile.Kind} (against a physical femto, resend the reproducer's requests by hand or run TS33117-4.4.4 with the PIXIT's seed)");
            return 2;
        }
        if (profile.Pixit.ManagementGui is not { } gui)
        {
            Console.Error.WriteLine("femtoscas: replay: the profile gives no managementGui");
            return 2;
        }
        SimFemtoFaults.Validate(profile.Faults);
        var outDir = Path.Combine(root, "out", "replay-gui");
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"replaying {inputs.Count} GUI request(s) of {file} against SimFemto, faults: {(profile.Faults.Count == 0 ? "none" : string.Join(",", profile.Faults))}");
        var all = ReplayAsync(profile, gui, inputs, Path.Combine(outDir, "simfemto.log")).GetAwaiter().GetResult();
        if (all is null) return 2;
        if (!minimise || all == false) return all == true ? 1 : 0;
        foreach (var input in inputs)
        {
            Console.WriteLine($"-- minimising: {input} alone, on a fresh SimFemto");
            if (ReplayAsync(profile, gui, [input], Path.Combine(outDir, $"simfemto-{input.Index}.log")).GetAwaiter().GetResult() != true) continue;
            var minimal = Path.ChangeExtension(full, ".min.txt");
            File.WriteAllText(minimal, GuiFuzzReproducer.ToText([input]));
            Console.WriteLine($"minimal reproducer (1 request): {minimal}");
            return 1;
        }
        Console.WriteLine("no single request stops the GUI alone: the whole sequence is the reproducer");
        return 1;
    }

    /// <summary>One replay on a freshly started SimFemto; true when reproduced, null when the GUI did not answer before.</summary>
    private static async Task<bool?> ReplayAsync(DutProfile profile, ManagementGui gui, IReadOnlyList<GuiFuzzInput> inputs, string log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        File.Delete(log);
        var simFemto = new SimFemtoController(profile, log);
        (bool? Reproduced, string Detail, string Log) result;
        try
        {
            await simFemto.StartAsync(timeout.Token);
            var placed = simFemto.Placement.Pixit;
            result = await GuiFuzzReproducer.ReplayAsync(new System.Net.IPEndPoint(placed.DutAddress, gui.Port), gui.HostName, gui.Access?.LoginPath ?? "/",
                inputs, placed.Robustness.Gui.RequestTimeout, Console.WriteLine, timeout.Token);
        }
        finally
        {
            await simFemto.DisposeAsync();
        }
        foreach (var line in File.Exists(log) ? File.ReadLines(log).Where(l => l.Contains("FAULT", StringComparison.Ordinal) || l.Contains("crash", StringComparison.OrdinalIgnoreCase)) : [])
            Console.WriteLine("  SimFemto log: " + line);
        Console.WriteLine(result.Reproduced switch { true => $"REPRODUCED: {result.Detail}", false => $"not reproduced: {result.Detail}", null => $"not judged: {result.Detail}" });
        return result.Reproduced;
    }
}
