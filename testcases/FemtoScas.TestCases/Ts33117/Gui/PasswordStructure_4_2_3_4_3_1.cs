using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.3.1 — password structure (local GUI).
/// Requirement: a new password must follow the documented complexity policy (length, character classes).
/// Threat: short or single-class passwords fall to guessing and dictionary attacks.
/// Preconditions: PICS localGui; the PIXIT documents the login and managementGui.passwordChange (form and policy).
/// Steps: log in as the lab account; propose, through the GUI's password change, one password one
/// character shorter than the minimum (all classes), one long enough but from one class too few, and
/// one from a single class; then a conforming password (control), confirmed by logging in with it;
/// finally set the PIXIT's password back.
/// Expected: every weak password refused; the conforming one accepted, so a refusal is the policy's, not the form's.
/// Evidence: request/response log (passwords and cookies redacted), one row per proposal (shape only).
/// Not probed: whether the operator can configure the policy (needs the vendor's configuration steps).
/// </summary>
[Requirement("TS33117-4.2.3.4.3.1")]
public sealed class PasswordStructure_4_2_3_4_3_1 : ConformanceTest
{
    [Test]
    public Task Weak_passwords_are_refused() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(24, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var (changer, whyNot) = await GuiPasswordChanger.StartAsync(t, client, access);
        if (changer is null) return whyNot!;
        var policy = access.PasswordChange!;
        const string Lower = "abcdefghijkmnpqrstuvwxyz", Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Digit = "23456789", Other = "-_.!#%+";
        string[] all = [Lower, Upper, Digit, Other];
        var weak = new List<(string Kind, string Password)>();
        if (policy.MinLength > 1) weak.Add(($"{policy.MinLength - 1} characters (one short of the minimum), all classes", GuiPasswordChanger.Make(policy.MinLength - 1, all)));
        if (policy.MinClasses > 1) weak.Add(($"{policy.MinLength + 4} characters from {policy.MinClasses - 1} classes (one too few)", GuiPasswordChanger.Make(policy.MinLength + 4, all[..(policy.MinClasses - 1)])));
        if (policy.MinClasses > 2) weak.Add(($"{policy.MinLength + 4} lower-case letters only", GuiPasswordChanger.Make(policy.MinLength + 4, Lower)));
        if (weak.Count == 0) return Decision.Inconclusive("the documented policy (minLength 1, minClasses 1) admits every password: nothing weaker to propose");
        var accepted = new List<string>();
        string? restore = null;
        try
        {
            foreach (var (kind, password) in weak)
            {
                var (outcome, _) = await changer.TryAsync(kind, password);
                if (outcome == PasswordChangeOutcome.NoAnswer) return Decision.Inconclusive($"POST {policy.Path} was not answered for the proposal '{kind}'");
                if (outcome == PasswordChangeOutcome.Accepted) accepted.Add(kind);
            }
            var (control, _) = await changer.TryAsync("conforming password (control)", changer.Conforming());
            var controlLogin = control == PasswordChangeOutcome.Accepted ? await changer.LoginWithCurrentAsync() : null;
            restore = await changer.RestoreAsync();
            t.Finding(new Finding($"weak passwords accepted by {policy.Path}", "none", accepted.Count == 0 ? "none" : string.Join("; ", accepted), accepted.Count == 0, "TS 33.117 4.2.3.4.3.1"));
            if (accepted.Count > 0)
                return Decision.Fail($"the GUI's password change at {policy.Path} accepted {accepted.Count} password(s) the documented policy forbids: {string.Join("; ", accepted)}{RestoreNote(restore)}");
            if (control != PasswordChangeOutcome.Accepted)
                return Decision.Inconclusive($"the weak passwords were refused, but so was a conforming one ({control}): the refusals cannot be told from a form the probe fills wrongly");
            if (controlLogin?.Outcome != GuiLoginOutcome.Accepted)
                return Decision.Inconclusive($"the GUI answered the conforming password as accepted, but it did not then log in ({controlLogin?.Detail}): the answers cannot be trusted");
            return Decision.Pass($"{weak.Count} password(s) weaker than the documented policy refused at {policy.Path}; a conforming one accepted and logs in (control){RestoreNote(restore)}");
        }
        finally
        {
            if (restore is null && changer.Changed) restore = await changer.RestoreAsync();
            if (restore is not null) t.Step($"WARNING: the lab account's password could not be set back to the PIXIT's ({restore}); set it back by hand before the next run");
            changer.Attach();
        }
    }));

    internal static string RestoreNote(string? restore) => restore is null ? "" : $" (the lab password was not set back: {restore})";
}
