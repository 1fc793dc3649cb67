using System.Text.Json;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// The fuzzers of TS 33.117 4.4.4 as a case runs them: settings from the PIXIT, the tool's name,
/// exact version and settings, its raw output and any reproducer into the evidence (TS 33.117 4.4:
/// tool, version, settings, raw output), and what each saw as a <see cref="FuzzObservation"/>.
/// </summary>
public static class RobustnessFuzzing
{
    public const string IkeTool = "femtoscas-ikefuzz";
    public const string GuiTool = "femtoscas-guifuzz";
    public const string ReproducerFile = "ike-fuzz-reproducer.json";
    public const string GuiReproducerFile = "gui-fuzz-reproducer.txt";

    /// <summary>The tool version: the harness build (informational version with its commit) and the mutation table's size.</summary>
    public static string Version(int mutations) =>
        $"{typeof(RobustnessFuzzing).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown"}"
        + $" ({mutations} mutations)";

    /// <summary>The PIXIT budget as campaign settings; a liveness tunnel may take three response timeouts (RFC 7296 2.1 retransmissions fit).</summary>
    public static IkeFuzzSettings Settings(Dut.Pixit pixit)
    {
        ArgumentNullException.ThrowIfNull(pixit);
        var b = pixit.Robustness.Ike;
        return new IkeFuzzSettings(b.Seed, b.MaxInputs, b.MaxTime, b.MaxInputsPerSecond, b.LivenessEvery, b.InputTimeout, pixit.ResponseTimeout * 3);
    }

    /// <summary>Runs the IKE fuzzer toward the DUT through <paramref name="session"/>; the SeGW runs EAP-AKA when the PICS and PIXIT allow (hpmAuthentication, hpmCredentials).</summary>
    public static async Task<FuzzObservation> FuzzIkeAsync(IRoleScope t, TunnelSession session)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(session);
        var settings = Settings(t.Pixit);
        using var subscriber = t.Profile.Pics.GetValueOrDefault("hpmAuthentication") && t.Pixit.HpmCredentials is { } c ? new AkaSubscriber(c.K, c.Opc) : null;
        var (result, schedule) = await CampaignAsync(t, session, settings, subscriber).ConfigureAwait(false);
        if (subscriber is not null && result.Liveness is [{ Alive: false }] && result.Inputs.Count == 0)
        {
            // The EAP-AKA mutations need a working hosting party authentication; the rest do not.
            t.Step($"no tunnel with hosting party authentication ({result.Liveness[0].Detail}): fuzzing again with certificate authentication only, without the EAP-AKA mutations");
            (result, schedule) = await CampaignAsync(t, session, settings, null).ConfigureAwait(false);
        }
        var version = Version(schedule.CycleLength);
        t.Evidence.AttachText("ike-fuzz.json", "tool-output", $"{IkeTool} raw output: tool, version, settings, every input with the DUT's reaction, every liveness check", RawOutput(result, settings, version));
        t.Evidence.Table(new EvidenceTable($"{IkeTool}: liveness checks", ["after input", "alive", "detail", "ms"],
            [.. result.Liveness.Select(l => (IReadOnlyList<string>)[l.AfterInputs.ToString(), l.Alive ? "yes" : "NO", l.Detail, l.Elapsed.TotalMilliseconds.ToString("0")])]));
        var reached = result.Inputs.Count(i => i.Applied);
        t.Step($"{IkeTool}: {result.Inputs.Count} inputs ({reached} reached their target message), {result.InputsPerSecond:0.0} inputs/s; {result.StoppedBecause}");
        if (result.Crash is { } crash)
        {
            var reproducer = new IkeFuzzReproducer($"{IkeTool} {version}", settings.Seed,
                $"{crash.Check.Detail} after input {crash.Check.AfterInputs}; {crash.Trimmed}", crash.Reproducer);
            var path = t.Evidence.AttachText(ReproducerFile, "fuzz-reproducer", $"the inputs that stopped the DUT's IKE ({crash.Trimmed}); replay: ./femtoscas replay-ike FILE --profile PROFILE", reproducer.ToJson());
            t.Step($"reproducer saved: {path} ({crash.Reproducer.Count} input(s): {string.Join("; ", crash.Reproducer)}); replay: ./femtoscas replay-ike {path} --profile <the DUT profile> [--minimise]");
            return new FuzzObservation(ProtocolFuzzer.Ike, false, $"{result.StoppedBecause} ({crash.Check.Detail})", ReproducerFile);
        }
        if (result.Liveness.FirstOrDefault() is { Alive: false } first)
            return new FuzzObservation(ProtocolFuzzer.Ike, null, $"IKEv2 not fuzzed: no tunnel before the first input ({first.Detail})");
        if (reached == 0)
            return new FuzzObservation(ProtocolFuzzer.Ike, null, $"none of the {result.Inputs.Count} inputs reached its target message");
        return new FuzzObservation(ProtocolFuzzer.Ike, true, $"{result.Inputs.Count} inputs, {result.Liveness.Count} liveness tunnels all up; {result.StoppedBecause}");
    }

    private static async Task<(IkeFuzzResult, IkeFuzzSchedule)> CampaignAsync(IRoleScope t, TunnelSession session, IkeFuzzSettings settings, AkaSubscriber? subscriber)
    {
        var schedule = new IkeFuzzSchedule(settings.Seed, subscriber is not null);
        var mutator = new IkeFuzzMutator();
        var responder = await session.StartSegwAsync("segw-ecdsa", o => o with
        {
            Interception = mutator.Interception,
            // Not required: a DUT that skips the second authentication is still fuzzed (NRF-HP-AUTH judges that).
            HostingPartyAuth = subscriber is null ? null : new HostingPartyAuthOptions(subscriber) { Required = false },
        }).ConfigureAwait(false);
        t.Step($"{IkeTool} {Version(schedule.CycleLength)}: {settings.Describe()}; SeGW responses spoilt: IKE_SA_INIT and IKE_AUTH "
               + (subscriber is null ? "#1 (no hosting party authentication: no EAP-AKA mutations)" : "#1-#4 with the EAP-AKA challenge"));
        var campaign = new IkeFuzzCampaign(settings, mutator, responder,
            async (segw, _) => (await TunnelTrigger.TriggerAsync(t, segw, "the fuzzing SeGW", tellNatT: true).ConfigureAwait(false)).Triggered);
        var result = await campaign.RunAsync(Enumerable.Range(0, settings.MaxInputs).Select(schedule.Input), t.Step, t.CancellationToken).ConfigureAwait(false);
        return (result, schedule);
    }

    /// <summary>Runs the GUI fuzzer against the PIXIT's login page.</summary>
    public static async Task<FuzzObservation> FuzzGuiAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Pixit.ManagementGui is not { Access: { } access } gui)
            return new FuzzObservation(ProtocolFuzzer.Gui, null, "the PIXIT documents no GUI login page");
        var budget = t.Pixit.Robustness.Gui;
        var version = Version(GuiFuzzer.Mutations.Count);
        t.Step($"{GuiTool} {version}: seed {budget.Seed}, at most {budget.MaxRequests} requests in {budget.MaxTime.TotalSeconds:0.#} s, {budget.RequestTimeout.TotalSeconds:0.#} s each, "
               + $"liveness (GET {access.LoginPath}) after every {budget.LivenessEvery} requests and at the end");
        var result = await GuiFuzzer.RunAsync(new System.Net.IPEndPoint(t.Pixit.DutAddress, gui.Port), gui.HostName, access.LoginPath, budget, t.Step, t.CancellationToken).ConfigureAwait(false);
        t.Evidence.AttachText("gui-fuzz.txt", "tool-output", $"{GuiTool} raw output: version, settings, every request and response (headers only, secrets redacted)",
            $"{GuiTool} {version}\nseed {budget.Seed}; {result.StoppedBecause}; {result.Elapsed.TotalSeconds:0.0} s\n" + string.Join("\n", result.Inputs) + "\n\n" + result.Log);
        t.Step($"{GuiTool}: {result.Inputs.Count} requests in {result.Elapsed.TotalSeconds:0.0} s; {result.StoppedBecause}");
        if (result.Reproducer is { } reproducer)
        {
            t.Evidence.AttachText(GuiReproducerFile, "fuzz-reproducer", "the GUI requests since the last live check (request line and header lines as sent)",
                GuiFuzzReproducer.ToText(reproducer));
            return new FuzzObservation(ProtocolFuzzer.Gui, false, $"{result.StoppedBecause} ({result.Liveness[^1].Detail})", GuiReproducerFile);
        }
        if (result.Liveness.Count > 0 && !result.Liveness[0].Alive)
            return new FuzzObservation(ProtocolFuzzer.Gui, null, $"GUI not fuzzed: {result.Liveness[0].Detail}");
        return new FuzzObservation(ProtocolFuzzer.Gui, true, $"{result.Inputs.Count} requests, login page answered every liveness check; {result.StoppedBecause}");
    }

    /// <summary>The campaign's raw output: tool, version, settings, inputs with reactions, liveness checks.</summary>
    public static string RawOutput(IkeFuzzResult result, IkeFuzzSettings settings, string version)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool", IkeTool);
            w.WriteString("version", version);
            w.WriteString("settings", settings.Describe());
            w.WriteString("seed", settings.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("stopped", result.StoppedBecause);
            w.WriteNumber("inputsPerSecond", Math.Round(result.InputsPerSecond, 2));
            w.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 2));
            w.WriteStartArray("inputs");
            foreach (var i in result.Inputs)
            {
                w.WriteStartObject();
                w.WriteNumber("index", i.Input.Index);
                w.WriteString("input", i.Input.ToString());
                w.WriteBoolean("reachedTarget", i.Applied);
                w.WriteString("reaction", i.Reaction.ToString());
                w.WriteString("detail", i.Detail);
                w.WriteNumber("ms", Math.Round(i.Elapsed.TotalMilliseconds));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("liveness");
            foreach (var l in result.Liveness)
            {
                w.WriteStartObject();
                w.WriteNumber("afterInput", l.AfterInputs);
                w.WriteBoolean("alive", l.Alive);
                w.WriteString("detail", l.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
