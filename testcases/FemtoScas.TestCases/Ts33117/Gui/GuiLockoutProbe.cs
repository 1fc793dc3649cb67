using System.Security.Cryptography;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// The failed-login run shared by TS33117-4.2.3.4.5 (the documented count) and TS33117-4.2.3.4.3.3
/// (a dictionary of twice that many): wrong passwords, the right one during the lockout, the right
/// one after it. Bounded by the PIXIT's lockout policy.
/// </summary>
internal static class GuiLockoutProbe
{
    public static Task<Decision> RunAsync(TestCaseContext t, bool bruteForce)
    {
        var policy = t.Pixit.ManagementGui?.Access?.Lockout;
        var wrong = policy is null ? 0 : (bruteForce ? 2 : 1) * policy.FailedAttempts;
        var bounds = new GuiProbeBounds(wrong + 4, GuiCase.RequestTimeout, (policy?.Duration ?? TimeSpan.Zero) + GuiCase.Budget);
        return GuiCase.RunAsync(t, bounds, async (client, access) =>
        {
            if (policy is null) return Decision.Inconclusive("the PIXIT documents no lockout policy (managementGui.lockout: failedAttempts, lockoutSeconds)");
            var rows = new List<IReadOnlyList<string>>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var lockedAt = TimeSpan.Zero;
            GuiLoginResult? during = null;
            var duringStart = TimeSpan.Zero;
            // The right password comes straight after the N-th failure, inside the lockout window;
            // a dictionary run then goes on with N more guesses while the lockout holds.
            for (var i = 1; i <= wrong; i++)
            {
                var guess = new GuiCredentials(access.Account.Username, $"wrong-{i}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
                var attempt = await GuiLogin.LoginAsync(client, access, guess, verify: true, t.CancellationToken);
                rows.Add([i.ToString(), "wrong password", attempt.Outcome.ToString(), attempt.Detail]);
                if (attempt.Outcome == GuiLoginOutcome.NoAnswer) return Finish(t, rows, GuiCase.Unreachable($"wrong-password login {i}", attempt));
                if (attempt.Outcome == GuiLoginOutcome.Accepted) return Finish(t, rows, Decision.Fail($"a wrong password logged in to '{access.Account.Username}' at {access.LoginPath}"));
                if (i != policy.FailedAttempts) continue;
                lockedAt = clock.Elapsed;
                duringStart = clock.Elapsed;
                during = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
                rows.Add([$"{i}+", $"right password, {(duringStart - lockedAt).TotalMilliseconds:0} ms after failure {i}", during.Outcome.ToString(), during.Detail]);
                if (during.Outcome != GuiLoginOutcome.Refused) break;
            }
            if (during is null) return Finish(t, rows, Decision.Inconclusive("the right password was never tried (no failed attempt reached the documented count)"));
            if (during.Outcome == GuiLoginOutcome.Accepted)
            {
                await GuiLogin.LogoutAsync(client, access, during, t.CancellationToken);
                if (duringStart - lockedAt >= policy.Duration)
                    return Finish(t, rows, Decision.Inconclusive($"the right password was sent {(duringStart - lockedAt).TotalSeconds:0.#} s after the {policy.FailedAttempts}-th failure, beyond the documented lockout of {policy.Duration.TotalSeconds:0.#} s: the host was too slow to observe the lockout"));
                t.Finding(new Finding($"right password straight after {policy.FailedAttempts} consecutive failed logins", "refused (locked)", "accepted", false, "TS 33.117 4.2.3.4.5"));
                return Finish(t, rows, Decision.Fail($"no lockout: after {policy.FailedAttempts} consecutive failed logins to '{access.Account.Username}' at POST {access.LoginPath} (the documented count), the right password still logs in"));
            }
            if (during.Outcome == GuiLoginOutcome.NoAnswer) return Finish(t, rows, GuiCase.Unreachable("the login during the lockout", during));
            t.Step($"the right password is refused after {policy.FailedAttempts} failures ({wrong} guesses in all); waiting out the documented lockout of {policy.Duration.TotalSeconds:0.#} s");
            await Task.Delay(policy.Duration + TimeSpan.FromMilliseconds(500), t.CancellationToken);
            var after = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
            rows.Add([(wrong + 2).ToString(), $"right password, after {policy.Duration.TotalSeconds + 0.5:0.#} s", after.Outcome.ToString(), after.Detail]);
            if (after.Outcome == GuiLoginOutcome.Accepted) await GuiLogin.LogoutAsync(client, access, after, t.CancellationToken);
            t.Finding(new Finding($"right password straight after {policy.FailedAttempts} consecutive failed logins", "refused (locked)", "refused", true, "TS 33.117 4.2.3.4.5"));
            return Finish(t, rows, after.Outcome == GuiLoginOutcome.Accepted
                ? Decision.Pass($"after {policy.FailedAttempts} consecutive failed logins the right password is refused ({wrong} guesses in all), and accepted again {policy.Duration.TotalSeconds + 0.5:0.#} s later (documented lockout {policy.Duration.TotalSeconds:0.#} s)")
                : Decision.Inconclusive($"the right password was refused during the lockout, but also {policy.Duration.TotalSeconds + 0.5:0.#} s later ({after.Detail}): the refusal cannot be told from a broken login"));
        });
    }

    private static Decision Finish(TestCaseContext t, List<IReadOnlyList<string>> rows, Decision d)
    {
        t.Evidence.Table(new EvidenceTable("Login attempts (passwords not shown)", ["#", "attempt", "outcome", "detail"], rows));
        return d;
    }
}
