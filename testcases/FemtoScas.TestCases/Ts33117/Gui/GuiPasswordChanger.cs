using System.Security.Cryptography;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>What the GUI did with one proposed password: accepted (2xx/3xx), refused (4xx), or no answer.</summary>
internal enum PasswordChangeOutcome { Accepted, Refused, NoAnswer }

/// <summary>
/// The lab account's password changes through the PIXIT's form (managementGui.passwordChange), shared
/// by the password structure and password change cases: it tracks the password the GUI now holds,
/// writes one evidence row per attempt (kinds only, never a password) and sets the PIXIT's password
/// back at the end by changing through historyDepth fresh passwords first, so a history rule does
/// not refuse the original. Every password it makes is registered as a secret of the run.
/// </summary>
internal sealed class GuiPasswordChanger(TestCaseContext t, GuiHttpClient client, GuiAccess access, GuiPasswordChange change, GuiLoginResult session)
{
    private readonly List<IReadOnlyList<string>> rows = [];

    /// <summary>The password the GUI holds for the lab account now (a secret).</summary>
    public string Current { get; private set; } = access.Account.Password;

    public bool Changed => !string.Equals(Current, access.Account.Password, StringComparison.Ordinal);

    /// <summary>Posts one change from <see cref="Current"/> to <paramref name="proposed"/>; <paramref name="kind"/> describes it in the evidence.</summary>
    public async Task<(PasswordChangeOutcome Outcome, int Status)> TryAsync(string kind, string proposed)
    {
        SecretRegistry.Register(proposed);
        var e = await client.SendAsync("POST", change.Path, cookie: session.CookieHeader,
            form: [new(change.CurrentField, Current), new(change.NewField, proposed)], secretFields: [change.CurrentField, change.NewField],
            cancellationToken: t.CancellationToken).ConfigureAwait(false);
        var outcome = e.Response is null ? PasswordChangeOutcome.NoAnswer : e.Status is >= 200 and < 400 ? PasswordChangeOutcome.Accepted : PasswordChangeOutcome.Refused;
        if (outcome == PasswordChangeOutcome.Accepted) Current = proposed;
        rows.Add([kind, Describe(proposed), outcome.ToString(), e.Response is null ? e.Detail : e.Status.ToString()]);
        t.Step($"password change to {kind}: {outcome} ({(e.Response is null ? e.Detail : "status " + e.Status)})");
        return (outcome, e.Status);
    }

    /// <summary>Whether <see cref="Current"/> logs in (a fresh login, verified on a documented page).</summary>
    public async Task<GuiLoginResult> LoginWithCurrentAsync() =>
        await GuiLogin.LoginAsync(client, access, new GuiCredentials(access.Account.Username, Current), verify: true, t.CancellationToken).ConfigureAwait(false);

    /// <summary>Sets the PIXIT's password back; null when done (or nothing to do), else why not.</summary>
    public async Task<string?> RestoreAsync()
    {
        if (!Changed) return null;
        for (var i = 0; i < change.HistoryDepth; i++)
            if ((await TryAsync($"restore step {i + 1}: fresh conforming password", Conforming()).ConfigureAwait(false)).Outcome != PasswordChangeOutcome.Accepted)
                return $"restore step {i + 1} was not accepted";
        var back = await TryAsync("restore: the PIXIT's password", access.Account.Password).ConfigureAwait(false);
        return back.Outcome == PasswordChangeOutcome.Accepted ? null : "the GUI did not take the PIXIT's password back";
    }

    public void Attach() =>
        t.Evidence.Table(new EvidenceTable($"Password changes at {change.Path} (passwords not shown)", ["attempt", "proposed password (shape only)", "outcome", "status"], rows));

    /// <summary>A fresh random password with all four classes, comfortably longer than the policy's minimum.</summary>
    public string Conforming() => Make(Math.Max(change.MinLength + 4, 16), "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!#%+");

    /// <summary>A fresh random password of <paramref name="length"/> characters cycling through <paramref name="classes"/> (each non-empty).</summary>
    public static string Make(int length, params string[] classes)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var set = classes[i % classes.Length];
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }
        return new string(chars);
    }

    /// <summary>The shape of a password for the evidence: its length and which classes it has.</summary>
    public static string Describe(string password) =>
        $"{password.Length} characters; classes: " + string.Join(", ", new[]
        {
            password.Any(char.IsAsciiLetterLower) ? "lower" : null, password.Any(char.IsAsciiLetterUpper) ? "upper" : null,
            password.Any(char.IsAsciiDigit) ? "digit" : null, password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? "other" : null,
        }.OfType<string>());

    /// <summary>The password change form and a logged-in lab session, or the decision why a password case cannot run.</summary>
    public static async Task<(GuiPasswordChanger? Changer, Decision? WhyNot)> StartAsync(TestCaseContext t, GuiHttpClient client, GuiAccess access)
    {
        if (access.PasswordChange is not { } change)
            return (null, Decision.Inconclusive("the PIXIT documents no password change form and policy (managementGui.passwordChange): give the vendor's form and policy, or decide the record by review"));
        var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken).ConfigureAwait(false);
        if (login.Outcome != GuiLoginOutcome.Accepted) return (null, GuiCase.Unreachable("the lab account did not log in", login));
        t.Step($"logged in as the lab account: {login.Detail}; documented policy: at least {change.MinLength} characters from {change.MinClasses} of 4 classes, history of {change.HistoryDepth}");
        return (new GuiPasswordChanger(t, client, access, change, login), null);
    }
}
