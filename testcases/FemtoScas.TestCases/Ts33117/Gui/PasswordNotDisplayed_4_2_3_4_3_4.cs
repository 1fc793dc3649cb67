using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.3.4 — password not displayed (local GUI part).
/// Requirement: a password is never shown in clear while it is typed or afterwards.
/// Threat: shoulder surfing, or a password read back from a page or a browser cache.
/// Preconditions: PICS localGui; the PIXIT documents the login form. Steps: fetch the login page and
/// read the password field's input type; log in with a wrong password carrying a random marker and
/// search the answer for it; log in with the lab account and search the answer and the first
/// documented page for the password. Expected: the field is type="password"; neither password
/// comes back. Evidence: request/response log (passwords redacted), step log. The shell side and
/// password entry in other clients are not covered.
/// </summary>
[Requirement("TS33117-4.2.3.4.3.4")]
public sealed partial class PasswordNotDisplayed_4_2_3_4_3_4 : ConformanceTest
{
    [Test]
    public Task Password_is_not_displayed() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(8, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var failures = new List<string>();
        var form = await client.SendAsync("GET", access.LoginPath, cancellationToken: t.CancellationToken);
        if (form.Response is not { } page) return Decision.Inconclusive($"GET {access.LoginPath} was not answered: {form.Detail}");
        var input = Inputs().Matches(page.BodyText).Select(m => m.Value).FirstOrDefault(i => NameIs(i, access.PasswordField));
        if (input is null) return Decision.Inconclusive($"the login page {access.LoginPath} has no input named '{access.PasswordField}' (PIXIT managementGui.passwordField)");
        var type = TypeOf().Match(input) is { Success: true } m ? m.Groups[1].Value : "text";
        t.Step($"login form: input '{access.PasswordField}' has type '{type}'");
        if (!type.Equals("password", StringComparison.OrdinalIgnoreCase)) failures.Add($"input '{access.PasswordField}' on {access.LoginPath} has type '{type}', so the password is shown while typed");

        var marker = "Wrong-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var wrong = await GuiLogin.LoginAsync(client, access, new GuiCredentials(access.Account.Username, marker), verify: false, t.CancellationToken);
        var wrongEcho = client.Exchanges[^1].Response?.BodyText.Contains(marker, StringComparison.Ordinal) == true;
        if (wrongEcho) failures.Add($"the answer to a failed POST {access.LoginPath} shows the password typed");
        var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
        if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
        var shown = client.Exchanges.TakeLast(2).Where(e => e.Response?.BodyText.Contains(access.Account.Password, StringComparison.Ordinal) == true).Select(e => $"{e.Method} {e.Target}").ToList();
        failures.AddRange(shown.Select(s => $"{s} shows the lab account's password"));
        await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
        t.Finding(new Finding("password shown", "never (type=password, not echoed)", failures.Count == 0 ? "never" : string.Join("; ", failures), failures.Count == 0, "TS 33.117 4.2.3.4.3.4"));
        return failures.Count > 0
            ? Decision.Fail(string.Join("; ", failures))
            : Decision.Pass($"input '{access.PasswordField}' is type=password; neither a failed nor a successful login shows the password ({wrong.Outcome}, then {login.Outcome})");
    }));

    private static bool NameIs(string input, string name) => Regex.IsMatch(input, $"name\\s*=\\s*[\"']?{Regex.Escape(name)}[\"'\\s>]", RegexOptions.IgnoreCase);

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Inputs();

    [GeneratedRegex("type\\s*=\\s*[\"']?([a-zA-Z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TypeOf();
}
