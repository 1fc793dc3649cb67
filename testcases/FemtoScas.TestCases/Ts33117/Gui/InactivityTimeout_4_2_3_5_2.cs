using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.5.2 — inactivity timeout (local GUI).
/// Requirement: a session left idle longer than the documented timeout is ended by the server.
/// Threat: an unattended logged-in browser on the LAN is used by someone else.
/// Preconditions: PICS localGui; the PIXIT documents managementGui.inactivityTimeoutSeconds.
/// Steps: log in; fetch the page (control); stay idle for the documented timeout plus 1 s; fetch again.
/// Expected: served before, refused or redirected after. Bounded by the documented timeout plus 20 s.
/// Evidence: request/response log (cookies redacted), step log with the idle time.
/// </summary>
[Requirement("TS33117-4.2.3.5.2")]
public sealed class InactivityTimeout_4_2_3_5_2 : ConformanceTest
{
    [Test]
    public Task Idle_session_is_ended() => RunAsync(t =>
    {
        var timeout = t.Pixit.ManagementGui?.Access?.InactivityTimeout;
        var bounds = new GuiProbeBounds(6, GuiCase.RequestTimeout, (timeout ?? TimeSpan.Zero) + GuiCase.Budget);
        return GuiCase.RunAsync(t, bounds, async (client, access) =>
        {
            if (timeout is not { } idle) return Decision.Inconclusive("the PIXIT documents no inactivity timeout (managementGui.inactivityTimeoutSeconds)");
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
            if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
            var wait = idle + TimeSpan.FromSeconds(1);
            t.Step($"logged in ({login.Detail}); idle for {wait.TotalSeconds:0.#} s (documented timeout {idle.TotalSeconds:0.#} s)");
            await Task.Delay(wait, t.CancellationToken);
            var after = await GuiLogin.PageWithAsync(client, access, login, t.CancellationToken);
            if (after.Response is null) return Decision.Inconclusive($"GET {access.Pages[0]} after the idle time was not answered: {after.Detail}");
            t.Finding(new Finding($"GET {access.Pages[0]} after {wait.TotalSeconds:0.#} s idle", "refused or redirected", after.Status.ToString(), !after.Success, "TS 33.117 4.2.3.5.2"));
            if (after.Success)
            {
                await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
                return Decision.Fail($"cookie '{access.SessionCookie}' still opens {access.Pages[0]} (status {after.Status}) after {wait.TotalSeconds:0.#} s idle, beyond the documented inactivity timeout of {idle.TotalSeconds:0.#} s");
            }
            return Decision.Pass($"after {wait.TotalSeconds:0.#} s idle (documented timeout {idle.TotalSeconds:0.#} s) the session is refused ({access.Pages[0]}: {after.Status})");
        });
    });
}
