using System.Diagnostics;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Roles.Gui;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>One malformed HTTP/1.1 request kind (RFC 9112 3, 5, 6; RFC 9110 8.6) the GUI fuzzer sends.</summary>
public enum GuiMutation
{
    OverlongTarget,
    UnknownMethod,
    ControlCharactersInMethod,
    HeaderWithoutColon,
    NegativeContentLength,
    HugeContentLength,
    NonNumericContentLength,
    ConflictingContentLength,
    OversizedHeaderValue,
    ManyHeaders,
    BadChunkedEncoding,
    EncodedNulTraversalTarget,
    PipelinedRequestLine,
    EmptyMethod,
}

/// <summary>One GUI fuzz request: the request line's method and target and the extra header lines, exactly as sent.</summary>
public sealed record GuiFuzzInput(int Index, GuiMutation Mutation, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public override string ToString() => $"#{Index} {Mutation}: {Printable(Method, 40)} {Printable(Target, 60)}{(Headers.Count == 0 ? "" : $" + {Headers.Count} header line(s), first '{Printable(Headers[0].Key, 30)}: {Printable(Headers[0].Value, 40)}'")}";

    private static string Printable(string s, int max) => Http.HttpResponseReader.Printable(s, max);
}

public sealed record GuiFuzzResult(IReadOnlyList<GuiFuzzInput> Inputs, IReadOnlyList<(int AfterRequests, bool Alive, string Detail)> Liveness,
    IReadOnlyList<GuiFuzzInput>? Reproducer, string StoppedBecause, TimeSpan Elapsed, string Log);

/// <summary>
/// Bounded fuzzing of the local GUI over the GUI engine (<see cref="GuiHttpClient"/>, which sends a
/// request line and headers exactly as given): each cycle sends every <see cref="GuiMutation"/>
/// once, in an order shuffled by the seed; the login page must answer after every N requests and at
/// the end. A login page that stops answering ends the campaign with the requests since the last
/// live check as the reproducer. Bounded by PIXIT robustness.guiFuzz (requests, time, per request).
/// </summary>
public static class GuiFuzzer
{
    public static IReadOnlyList<GuiMutation> Mutations { get; } = Enum.GetValues<GuiMutation>();

    /// <summary>The input <paramref name="index"/> of the campaign with <paramref name="seed"/>.</summary>
    public static GuiFuzzInput Input(ulong seed, int index, string loginPath)
    {
        var order = Mutations.ToArray();
        var shuffle = new SplitMix64(seed + (ulong)(index / order.Length) * 0x9E3779B97F4A7C15UL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = shuffle.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var mutation = order[index % order.Length];
        var rng = new SplitMix64(seed ^ (0xA0761D6478BD642FUL * (ulong)(index + 1)));
        var n = rng.Below(1000);
        List<KeyValuePair<string, string>> headers = [];
        string method = "GET", target = loginPath;
        switch (mutation)
        {
            case GuiMutation.OverlongTarget: target = "/" + new string('A', 4096 + rng.Below(8192)); break;
            case GuiMutation.UnknownMethod: method = "FUZZ" + n; break;
            case GuiMutation.ControlCharactersInMethod: method = "G\u0001E\u007fT"; break;
            // The engine writes the request line as "method target HTTP/1.1": the header line goes into the target.
            case GuiMutation.HeaderWithoutColon: target = loginPath + " HTTP/1.1\r\nX-Fuzz-No-Colon-" + n + "\r\nX-End:"; break;
            case GuiMutation.NegativeContentLength: method = "POST"; headers.Add(new("Content-Length", "-" + (1 + n))); break;
            case GuiMutation.HugeContentLength: method = "POST"; headers.Add(new("Content-Length", "99999999999" + n)); break;
            case GuiMutation.NonNumericContentLength: method = "POST"; headers.Add(new("Content-Length", "0x" + n.ToString("x"))); break;
            case GuiMutation.ConflictingContentLength: method = "POST"; headers.Add(new("Content-Length", "0")); headers.Add(new("Content-Length", (5 + n).ToString())); break;
            case GuiMutation.OversizedHeaderValue: headers.Add(new("X-Fuzz", new string('B', 8192 + rng.Below(8192)))); break;
            case GuiMutation.ManyHeaders: for (int i = 0; i < 100 + rng.Below(100); i++) headers.Add(new("X-Fuzz-" + i, "v")); break;
            case GuiMutation.BadChunkedEncoding: method = "POST"; headers.Add(new("Transfer-Encoding", "chunked, identity")); break;
            case GuiMutation.EncodedNulTraversalTarget: target = loginPath + "/..%00%2f..%c0%af" + n; break;
            case GuiMutation.PipelinedRequestLine: method = "GET " + loginPath + " HTTP/1.1\r\nX-Smuggled: 1\r\n\r\nGET"; break;
            case GuiMutation.EmptyMethod: method = ""; break;
        }
        return new GuiFuzzInput(index, mutation, method, target, headers);
    }

    /// <summary>Runs the campaign against <paramref name="gui"/>'s login page.</summary>
    public static async Task<GuiFuzzResult> RunAsync(System.Net.IPEndPoint gui, string? hostName, string loginPath, GuiFuzzBudget budget, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var clock = Stopwatch.StartNew();
        // Liveness requests count against the engine's bounds too: one per N inputs plus the first and the last.
        var checksAtMost = budget.MaxRequests / budget.LivenessEvery + 2;
        var client = new GuiHttpClient(gui, hostName, new GuiProbeBounds(budget.MaxRequests + checksAtMost, budget.RequestTimeout, budget.MaxTime + budget.RequestTimeout * checksAtMost));
        var inputs = new List<GuiFuzzInput>();
        var checks = new List<(int, bool, string)>();
        var window = new List<GuiFuzzInput>();

        async Task<bool> AliveAsync()
        {
            var e = await client.SendAsync("GET", loginPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var alive = e.Outcome == GuiExchangeOutcome.Answered;
            var detail = alive ? $"GET {loginPath} answered {e.Status}" : $"GET {loginPath}: {e.Outcome} ({e.Detail})";
            checks.Add((inputs.Count, alive, detail));
            progress?.Invoke($"GUI liveness after {inputs.Count} requests: {detail}");
            return alive;
        }

        if (!await AliveAsync().ConfigureAwait(false))
            return new(inputs, checks, null, "the login page did not answer before fuzzing: nothing can be judged", clock.Elapsed, client.LogText());
        var stopped = $"all {budget.MaxRequests} requests sent";
        for (int i = 0; i < budget.MaxRequests; i++)
        {
            if (clock.Elapsed >= budget.MaxTime)
            {
                stopped = $"time budget of {budget.MaxTime.TotalSeconds:0.#} s reached after {inputs.Count} requests";
                break;
            }
            var input = Input(budget.Seed, i, loginPath);
            inputs.Add(input);
            window.Add(input);
            await client.SendAsync(input.Method, input.Target, extraHeaders: input.Headers, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (window.Count < budget.LivenessEvery) continue;
            if (!await AliveAsync().ConfigureAwait(false))
                return new(inputs, checks, [.. window], $"the login page stopped answering after request {inputs.Count}", clock.Elapsed, client.LogText());
            window.Clear();
        }
        if (window.Count > 0 && !await AliveAsync().ConfigureAwait(false))
            return new(inputs, checks, [.. window], $"the login page stopped answering after request {inputs.Count}", clock.Elapsed, client.LogText());
        return new(inputs, checks, null, stopped, clock.Elapsed, client.LogText());
    }
}
