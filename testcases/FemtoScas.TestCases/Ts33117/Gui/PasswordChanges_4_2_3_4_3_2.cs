using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.3.2 — password changes (local GUI), the part a black box can test.
/// Requirement: the user can change the password at any time, and recently used passwords cannot be used again.
/// Threat: a password "changed" back to a known one keeps a leaked password valid.
/// Preconditions: PICS localGui; the PIXIT documents the login and managementGui.passwordChange with its historyDepth.
/// Steps: log in as the lab account; propose the current password as the new one; change to a fresh
/// conforming password (confirmed by logging in with it); propose the previous (the PIXIT's) password
/// again; finally set the PIXIT's password back through historyDepth fresh passwords.
/// Expected: the current and the previous password refused; the fresh one accepted.
/// Evidence: request/response log (passwords and cookies redacted), one row per proposal (shape only).
/// Not probed: the change forced at first login and password expiry (they need a fresh account and
/// the vendor's ageing settings); the record says so.
/// </summary>
[Requirement("TS33117-4.2.3.4.3.2")]
public sealed class PasswordChanges_4_2_3_4_3_2 : ConformanceTest
{
    [Test]
    public Task Recent_passwords_are_not_reused() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(24, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var (changer, whyNot) = await GuiPasswordChanger.StartAsync(t, client, access);
        if (changer is null) return whyNot!;
        var policy = access.PasswordChange!;
        var original = access.Account.Password;
        var reused = new List<string>();
        string? restore = null;
        try
        {
            var (same, _) = await changer.TryAsync("the current password again", original);
            if (same == PasswordChangeOutcome.NoAnswer) return Decision.Inconclusive($"POST {policy.Path} was not answered");
            if (same == PasswordChangeOutcome.Accepted) reused.Add("the current password");
            var (fresh, _) = await changer.TryAsync("fresh conforming password", changer.Conforming());
            if (fresh != PasswordChangeOutcome.Accepted)
                return Decision.Fail($"the lab account could not change its password at {policy.Path}: a fresh password conforming to the documented policy was {fresh}");
            var freshLogin = await changer.LoginWithCurrentAsync();
            if (freshLogin.Outcome != GuiLoginOutcome.Accepted)
                return Decision.Inconclusive($"the GUI answered the change as accepted, but the new password does not log in ({freshLogin.Detail})");
            if (policy.HistoryDepth < 2)
                return Decision.Fail($"the documented password history (historyDepth {policy.HistoryDepth}) keeps no previous password: the previous password may be used again by design");
            var (previous, _) = await changer.TryAsync("the previous password (the PIXIT's) again", original);
            if (previous == PasswordChangeOutcome.NoAnswer) return Decision.Inconclusive($"POST {policy.Path} was not answered for the previous password");
            if (previous == PasswordChangeOutcome.Accepted) reused.Add("the previous password");
            restore = await changer.RestoreAsync();
            t.Finding(new Finding($"recently used passwords accepted again by {policy.Path}", "none", reused.Count == 0 ? "none" : string.Join(", ", reused), reused.Count == 0, "TS 33.117 4.2.3.4.3.2"));
            return reused.Count > 0
                ? Decision.Fail($"the GUI's password change at {policy.Path} accepted {string.Join(" and ", reused)} as the new password (documented history: {policy.HistoryDepth}){PasswordStructure_4_2_3_4_3_1.RestoreNote(restore)}")
                : Decision.Pass($"at {policy.Path} the lab account changed its password (the new one logs in); the current and the previous password were refused as new ones{PasswordStructure_4_2_3_4_3_1.RestoreNote(restore)}");
        }
        finally
        {
            if (restore is null && changer.Changed) restore = await changer.RestoreAsync();
            if (restore is not null) t.Step($"WARNING: the lab account's password could not be set back to the PIXIT's ({restore}); set it back by hand before the next run");
            changer.Attach();
        }
    }));
}
