using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// What every local GUI case does the same way: the PICS and PIXIT preconditions, one bounded
/// engine, and the request/response log (redacted) plus the exchange table as evidence.
/// </summary>
internal static class GuiCase
{
    /// <summary>
    /// The bound on one request. SimFemto answers in tens of milliseconds; the bound is wide because
    /// the shared CI host runs several configurations at once and the first TLS handshake of a fresh
    /// device is slow. It bounds, it does not pace: a case takes what the exchanges take.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The bound on all requests of one case (beyond any documented wait, which is added).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="body"/> with the PIXIT's login settings and a bounded engine; NOT APPLICABLE / INCONCLUSIVE without them.</summary>
    public static async Task<Decision> RunAsync(TestCaseContext t, GuiProbeBounds bounds, Func<GuiHttpClient, GuiAccess, Task<Decision>> body, bool needsLogin = true)
    {
        if (!t.Profile.Pics.GetValueOrDefault("localGui"))
            return Decision.NotApplicable("PICS localGui is false: the DUT offers no local GUI (the shell side of this requirement is not automated)");
        var access = GuiLogin.AccessOf(t.Pixit, out var whyNot);
        if (t.Pixit.ManagementGui is null || (needsLogin && access is null)) return Decision.Inconclusive(whyNot);
        var client = GuiLogin.Client(t.Pixit, bounds);
        t.Step($"GUI probe of {client.Origin} at {client.EndPoint}: at most {bounds.MaxRequests} requests, {bounds.RequestTimeout.TotalSeconds:0.#} s each, {bounds.Budget.TotalSeconds:0.#} s in all");
        try
        {
            return await body(client, access!).ConfigureAwait(false);
        }
        finally
        {
            Attach(t, client, "gui-http-log.txt");
        }
    }

    public static void Attach(TestCaseContext t, GuiHttpClient client, string file)
    {
        t.Evidence.AttachText(file, "http-log", $"HTTP request/response headers with {client.Origin} (passwords and session cookie values redacted)", client.LogText());
        t.Evidence.Table(client.Table($"HTTP exchanges with {client.Origin}"));
    }

    /// <summary>The decision when the engine could not reach the GUI for a step.</summary>
    public static Decision Unreachable(string step, GuiLoginResult login) => Decision.Inconclusive($"{step}: {login.Detail}");

    /// <summary>
    /// One login with each credential (at most 16), then the lab account as control: the evidence
    /// rows (user, what was tried, outcome, detail; passwords never shown), the users that got a
    /// working session (each logged out again), and the control's result; or, when the GUI did not
    /// answer one, the decision saying so.
    /// </summary>
    public static async Task<(List<IReadOnlyList<string>> Rows, List<string> Accepted, GuiLoginResult? Control, Decision? Unanswered)> TryLoginsAsync(
        TestCaseContext t, GuiHttpClient client, GuiAccess access, IEnumerable<(GuiCredentials Credentials, string Shown, string Tried)> attempts)
    {
        var rows = new List<IReadOnlyList<string>>();
        var accepted = new List<string>();
        foreach (var (credentials, shown, tried) in attempts.Take(16))
        {
            var login = await GuiLogin.LoginAsync(client, access, credentials, verify: true, t.CancellationToken).ConfigureAwait(false);
            rows.Add([shown, tried, login.Outcome.ToString(), login.Detail]);
            if (login.Outcome == GuiLoginOutcome.NoAnswer) return (rows, accepted, null, Unreachable($"login of '{shown}' with {tried}", login));
            if (login.Outcome == GuiLoginOutcome.Accepted) { accepted.Add(shown); await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken).ConfigureAwait(false); }
        }
        var control = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken).ConfigureAwait(false);
        rows.Add([access.Account.Username, "(lab account, control)", control.Outcome.ToString(), control.Detail]);
        if (control.Outcome == GuiLoginOutcome.Accepted) await GuiLogin.LogoutAsync(client, access, control, t.CancellationToken).ConfigureAwait(false);
        return (rows, accepted, control, null);
    }
}
