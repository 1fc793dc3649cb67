using System.Diagnostics;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>The IKE fuzzer's budget and pace (PIXIT robustness.ikeFuzz).</summary>
/// <param name="Seed">Every input follows from it (<see cref="IkeFuzzSchedule"/>).</param>
/// <param name="MaxInputs">Inputs at most.</param>
/// <param name="MaxTime">Time for the inputs at most (the closing liveness check comes after).</param>
/// <param name="MaxInputsPerSecond">Pace: inputs started per second at most.</param>
/// <param name="LivenessEvery">A fresh tunnel must come up after every this many inputs, and at the end.</param>
/// <param name="InputTimeout">How long one input's exchange may take to settle before the next starts.</param>
/// <param name="LivenessTimeout">How long a liveness tunnel may take (per attempt; two attempts).</param>
public sealed record IkeFuzzSettings(ulong Seed, int MaxInputs, TimeSpan MaxTime, int MaxInputsPerSecond, int LivenessEvery, TimeSpan InputTimeout, TimeSpan LivenessTimeout)
{
    public string Describe() =>
        $"seed {Seed}, at most {MaxInputs} inputs in {MaxTime.TotalSeconds:0.#} s at {MaxInputsPerSecond}/s, liveness after every {LivenessEvery} inputs and at the end, "
        + $"{InputTimeout.TotalMilliseconds:0} ms per input, {LivenessTimeout.TotalSeconds:0.#} s per liveness attempt";
}

/// <summary>How the DUT took one input.</summary>
public enum IkeFuzzReaction
{
    /// <summary>The DUT refused the SA (an error notification or a failed exchange).</summary>
    Refused,
    /// <summary>The DUT completed IKE_AUTH despite the input.</summary>
    Established,
    /// <summary>The DUT started IKE but did not finish within the input's time (e.g. it dropped the spoilt message, RFC 7296 2.21).</summary>
    Unsettled,
    /// <summary>No IKE_SA_INIT arrived: the DUT did not start at all.</summary>
    NoIkeSaInit,
    /// <summary>The DUT could not be triggered.</summary>
    NotTriggered,
}

public sealed record IkeFuzzInputResult(IkeFuzzInput Input, bool Applied, IkeFuzzReaction Reaction, string Detail, TimeSpan Elapsed);

public sealed record IkeLivenessCheck(int AfterInputs, bool Alive, string Detail, TimeSpan Elapsed);

/// <summary>A DUT that stopped answering: the liveness check that failed, the inputs since the last good one, and those of them the DUT still received.</summary>
public sealed record IkeFuzzCrash(IkeLivenessCheck Check, IReadOnlyList<IkeFuzzInput> Window, IReadOnlyList<IkeFuzzInput> Reproducer, string Trimmed);

public sealed record IkeFuzzResult(IReadOnlyList<IkeFuzzInputResult> Inputs, IReadOnlyList<IkeLivenessCheck> Liveness, IkeFuzzCrash? Crash, string StoppedBecause, TimeSpan Elapsed)
{
    /// <summary>Inputs per second over the inputs' own time (liveness checks left out).</summary>
    public double InputsPerSecond => Inputs.Count == 0 ? 0 : Inputs.Count / Math.Max(0.001, Inputs.Sum(i => i.Elapsed.TotalSeconds));

    public bool NotTriggerable => Liveness.Count > 0 && Liveness[0] is { AfterInputs: 0, Alive: false } && Inputs.Count == 0;
}

/// <summary>
/// The stateful IKEv2 fuzzer with the harness as the SeGW the DUT connects to (a femto is an IKEv2
/// initiator, TS 33.320 5.2): a liveness tunnel first (a DUT that cannot bring one up cannot be
/// fuzzed), then each input in one DUT attempt toward the fuzzing SeGW, which spoils one response
/// (<see cref="IkeFuzzMutator"/>), a fresh correct tunnel after every N inputs and at the end. A
/// liveness check that fails twice ends the campaign with the crash window and its reproducer.
/// Bounded in inputs, time and rate by <see cref="IkeFuzzSettings"/>.
/// </summary>
public sealed class IkeFuzzCampaign(IkeFuzzSettings settings, IkeFuzzMutator mutator, SegwResponder segw, Func<SegwResponder, CancellationToken, Task<bool>> trigger)
{
    /// <summary>Runs <paramref name="inputs"/> (taken lazily, at most <see cref="IkeFuzzSettings.MaxInputs"/>); <paramref name="progress"/> hears each step.</summary>
    public async Task<IkeFuzzResult> RunAsync(IEnumerable<IkeFuzzInput> inputs, Action<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<IkeFuzzInputResult>();
        var checks = new List<IkeLivenessCheck>();
        var first = await LivenessAsync(0, cancellationToken).ConfigureAwait(false);
        checks.Add(first);
        progress?.Invoke($"liveness before the first input: {first.Detail}");
        if (!first.Alive) return new(results, checks, null, "the DUT brought no tunnel up before fuzzing: nothing can be judged", clock.Elapsed);

        var window = new List<IkeFuzzInputResult>();
        var pace = TimeSpan.FromSeconds(1.0 / Math.Max(1, settings.MaxInputsPerSecond));
        string stopped = $"all {settings.MaxInputs} inputs sent";
        using var source = inputs.GetEnumerator();
        while (true)
        {
            if (results.Count >= settings.MaxInputs) break;
            if (clock.Elapsed >= settings.MaxTime)
            {
                stopped = $"time budget of {settings.MaxTime.TotalSeconds:0.#} s reached after {results.Count} inputs";
                break;
            }
            if (!source.MoveNext())
            {
                stopped = $"all {results.Count} inputs sent";
                break;
            }

            var started = clock.Elapsed;
            var result = await OneAsync(source.Current, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            window.Add(result);
            if (clock.Elapsed - started < pace) await Task.Delay(pace - (clock.Elapsed - started), cancellationToken).ConfigureAwait(false);
            if (window.Count < settings.LivenessEvery) continue;
            var check = await LivenessAsync(results.Count, cancellationToken).ConfigureAwait(false);
            checks.Add(check);
            progress?.Invoke($"liveness after input {results.Count}: {check.Detail}");
            if (!check.Alive) return new(results, checks, Crash(check, window), $"the DUT stopped answering after input {results.Count}", clock.Elapsed);
            window.Clear();
        }

        if (results.Count > 0 && (window.Count > 0 || checks.Count == 1))
        {
            var last = await LivenessAsync(results.Count, cancellationToken).ConfigureAwait(false);
            checks.Add(last);
            progress?.Invoke($"liveness at the end: {last.Detail}");
            if (!last.Alive) return new(results, checks, Crash(last, window), $"the DUT stopped answering after input {results.Count}", clock.Elapsed);
        }
        return new(results, checks, null, stopped, clock.Elapsed);
    }

    /// <summary>
    /// The reproducer: the window's inputs up to the last one the DUT still started IKE for; the
    /// inputs after it never reached a live DUT. (Single-input minimisation needs the DUT restarted,
    /// which the replay command does.)
    /// </summary>
    internal static IkeFuzzCrash Crash(IkeLivenessCheck check, IReadOnlyList<IkeFuzzInputResult> window)
    {
        var firstDead = window.ToList().FindIndex(r => r.Reaction is IkeFuzzReaction.NoIkeSaInit or IkeFuzzReaction.NotTriggered);
        var kept = firstDead > 0 ? window.Take(firstDead).ToList() : window.ToList();
        var trimmed = firstDead > 0
            ? $"{kept.Count} of the {window.Count} inputs since the last live check: from input #{window[firstDead].Input.Index} on the DUT started no IKE at all"
            : $"all {window.Count} inputs since the last live check";
        return new IkeFuzzCrash(check, [.. window.Select(r => r.Input)], [.. kept.Select(r => r.Input)], trimmed);
    }

    private async Task<IkeFuzzInputResult> OneAsync(IkeFuzzInput input, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        mutator.Current = input;
        var (sa, started, triggered) = await AttemptAsync(s => s.State is IkeSaState.Established or IkeSaState.Failed or IkeSaState.Deleted, settings.InputTimeout, cancellationToken).ConfigureAwait(false);
        var (reaction, detail) = !triggered ? (IkeFuzzReaction.NotTriggered, "the DUT could not be triggered")
            : sa is null ? started
                ? (IkeFuzzReaction.Unsettled, $"IKE started, not settled within {settings.InputTimeout.TotalMilliseconds:0} ms")
                : (IkeFuzzReaction.NoIkeSaInit, $"no IKE_SA_INIT within {settings.InputTimeout.TotalMilliseconds:0} ms")
            : sa.State == IkeSaState.Established ? (IkeFuzzReaction.Established, "IKE_AUTH completed")
            : (IkeFuzzReaction.Refused, sa.Failure is { } f ? f.ToString() : sa.State.ToString());
        return new IkeFuzzInputResult(input, mutator.WasApplied(input.Index), reaction, detail, clock.Elapsed);
    }

    /// <summary>A fresh, correct tunnel (two attempts): alive when one is established.</summary>
    private async Task<IkeLivenessCheck> LivenessAsync(int afterInputs, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string detail = "";
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            mutator.Current = null;
            var (sa, started, triggered) = await AttemptAsync(s => s.State is IkeSaState.Established or IkeSaState.Failed or IkeSaState.Deleted, settings.LivenessTimeout, cancellationToken).ConfigureAwait(false);
            if (sa is { State: IkeSaState.Established })
                return new(afterInputs, true, $"tunnel established (attempt {attempt}, {clock.Elapsed.TotalMilliseconds:0} ms)", clock.Elapsed);
            detail = !triggered ? "the DUT could not be triggered"
                : sa is not null ? $"tunnel refused: {sa.Failure?.ToString() ?? sa.State.ToString()}"
                : started ? $"IKE started but no tunnel within {settings.LivenessTimeout.TotalSeconds:0.#} s"
                : $"no IKE_SA_INIT within {settings.LivenessTimeout.TotalSeconds:0.#} s";
            if (!triggered) break;
        }
        return new(afterInputs, false, $"no tunnel in two attempts ({detail})", clock.Elapsed);
    }

    /// <summary>Triggers the DUT and waits for an SA it starts now to settle; the SA (null: none settled), whether one started, whether the DUT was triggered.</summary>
    private async Task<(IkeSa? Sa, bool Started, bool Triggered)> AttemptAsync(Func<IkeSa, bool> settled, TimeSpan within, CancellationToken cancellationToken)
    {
        var before = new HashSet<IkeSa>(segw.Sas, ReferenceEqualityComparer.Instance);
        if (!await trigger(segw, cancellationToken).ConfigureAwait(false)) return (null, false, false);
        var sa = await segw.WaitForAsync(s => !before.Contains(s) && settled(s), within).ConfigureAwait(false);
        var started = sa is not null || segw.Sas.Any(s => !before.Contains(s));
        return (sa, started, true);
    }
}
