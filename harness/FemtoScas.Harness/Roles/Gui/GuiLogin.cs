using FemtoScas.Harness.Http;
using System.Net;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Roles.Gui;

public enum GuiLoginOutcome
{
    /// <summary>A session cookie was issued and a documented page answered 2xx with it.</summary>
    Accepted,
    /// <summary>The GUI answered, but no working session came of it.</summary>
    Refused,
    /// <summary>The GUI did not answer the login (see the detail).</summary>
    NoAnswer,
}

/// <summary>What one login attempt gave; <see cref="CookieHeader"/> is what to send back (a secret).</summary>
public sealed record GuiLoginResult(GuiLoginOutcome Outcome, SetCookie? Cookie, string Detail)
{
    public string? CookieHeader => Cookie is { } c ? $"{c.Name}={c.Value}" : null;
}

/// <summary>
/// The hosting party's login, logout and page fetches on the local GUI as the PIXIT documents them
/// (managementGui.loginPath and its fields), over <see cref="GuiHttpClient"/>.
/// </summary>
public static class GuiLogin
{
    /// <summary>The engine for the PIXIT's GUI: TLS to managementGui.port, or plain TCP to <paramref name="plainPort"/>.</summary>
    public static GuiHttpClient Client(Pixit pixit, GuiProbeBounds bounds, int? plainPort = null)
    {
        var gui = pixit.ManagementGui ?? throw new HarnessEnvironmentException("the profile gives no managementGui");
        return new GuiHttpClient(new IPEndPoint(pixit.DutAddress, plainPort ?? gui.Port), gui.HostName, bounds, useTls: plainPort is null);
    }

    /// <summary>Posts the login form; when <paramref name="verify"/>, a cookie counts only if a documented page then answers 2xx with it.</summary>
    public static async Task<GuiLoginResult> LoginAsync(GuiHttpClient client, GuiAccess access, GuiCredentials credentials, bool verify, CancellationToken cancellationToken)
    {
        var e = await client.SendAsync("POST", access.LoginPath, form: [new(access.UsernameField, credentials.Username), new(access.PasswordField, credentials.Password)],
            secretFields: [access.PasswordField], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (e.Response is not { } r) return new GuiLoginResult(GuiLoginOutcome.NoAnswer, null, $"login POST {access.LoginPath}: {e.Outcome} {e.Detail}");
        var cookie = r.All("Set-Cookie").Select(SetCookie.Parse).FirstOrDefault(c => c is not null && c.Name == access.SessionCookie && c.Value.Length > 0);
        if (cookie is null) return new GuiLoginResult(GuiLoginOutcome.Refused, null, $"login answered {r.Status} without a '{access.SessionCookie}' cookie");
        if (!verify) return new GuiLoginResult(GuiLoginOutcome.Accepted, cookie, $"login answered {r.Status} with a '{access.SessionCookie}' cookie (not verified)");
        var page = await client.SendAsync("GET", access.Pages[0], cookie: $"{cookie.Name}={cookie.Value}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return page.Success
            ? new GuiLoginResult(GuiLoginOutcome.Accepted, cookie, $"login gave a session; {access.Pages[0]} answered {page.Status} with it")
            : new GuiLoginResult(page.Response is null ? GuiLoginOutcome.NoAnswer : GuiLoginOutcome.Refused, null,
                $"login set '{access.SessionCookie}' but {access.Pages[0]} then answered {(page.Response is null ? page.Outcome + " " + page.Detail : page.Status.ToString())}");
    }

    public static Task<GuiExchange> LogoutAsync(GuiHttpClient client, GuiAccess access, GuiLoginResult session, CancellationToken cancellationToken) =>
        client.SendAsync("POST", access.LogoutPath, cookie: session.CookieHeader, form: [], cancellationToken: cancellationToken);

    /// <summary>Whether the session still opens the documented page (2xx).</summary>
    public static async Task<GuiExchange> PageWithAsync(GuiHttpClient client, GuiAccess access, GuiLoginResult session, CancellationToken cancellationToken) =>
        await client.SendAsync("GET", access.Pages[0], cookie: session.CookieHeader, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>The PIXIT's login settings, or the reason a GUI case cannot judge without them.</summary>
    public static GuiAccess? AccessOf(Pixit pixit, out string whyNot)
    {
        whyNot = pixit.ManagementGui is null ? "the PIXIT gives no managementGui" : "the PIXIT documents no GUI login (managementGui.loginPath and its fields)";
        return pixit.ManagementGui?.Access;
    }
}
