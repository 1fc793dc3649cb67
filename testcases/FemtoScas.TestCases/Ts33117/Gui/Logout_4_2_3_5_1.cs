using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.5.1 — logout function (local GUI).
/// Requirement: the user can end the session, and the server then refuses it.
/// Threat: a session that outlives its logout can be reused by whoever captured the cookie.
/// Preconditions: PICS localGui; the PIXIT documents login, logout and a page that needs a login.
/// Steps: log in; fetch the page (control); log out; fetch the page again with the old cookie.
/// Expected: the page is served before the logout and refused or redirected after it.
/// Evidence: request/response log (cookies redacted), step log.
/// </summary>
[Requirement("TS33117-4.2.3.5.1")]
public sealed class Logout_4_2_3_5_1 : ConformanceTest
{
    [Test]
    public Task Session_is_refused_after_logout() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(6, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
        if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
        t.Step($"logged in: {login.Detail}");
        var logout = await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
        if (logout.Response is null) return Decision.Inconclusive($"POST {access.LogoutPath} was not answered: {logout.Detail}");
        t.Step($"POST {access.LogoutPath} answered {logout.Status}");
        var after = await GuiLogin.PageWithAsync(client, access, login, t.CancellationToken);
        if (after.Response is null) return Decision.Inconclusive($"GET {access.Pages[0]} after the logout was not answered: {after.Detail}");
        t.Finding(new Finding($"GET {access.Pages[0]} with the session cookie after logout", "refused or redirected", after.Status.ToString(), !after.Success, "TS 33.117 4.2.3.5.1"));
        return after.Success
            ? Decision.Fail($"cookie '{access.SessionCookie}' still opens {access.Pages[0]} (status {after.Status}) after POST {access.LogoutPath}: the session survives the logout")
            : Decision.Pass($"after POST {access.LogoutPath} the old '{access.SessionCookie}' cookie is refused ({access.Pages[0]}: {after.Status}{(after.Response?.Header("Location") is { } l ? " to " + l : "")})");
    }));
}
