using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.5 — policy on consecutive failed login attempts (local GUI).
/// Requirement: after the documented number of consecutive failed logins the account is locked
/// (or further attempts delayed) for the documented time.
/// Threat: unlimited guessing of the account's password.
/// Preconditions: PICS localGui; the PIXIT documents the lab account and managementGui.lockout.
/// Steps: the documented count of logins with a wrong password; then the right password at once
/// (must be refused; INCONCLUSIVE if the host was too slow to send it within the lockout window);
/// then, after the documented lockout time, the right password again (must be accepted, which also
/// shows the refusal was the lockout and leaves the account usable).
/// Bounded: count + 4 requests, and the lockout time plus 20 s.
/// Evidence: request/response log (passwords redacted), attempt table, step log.
/// </summary>
[Requirement("TS33117-4.2.3.4.5")]
public sealed class ConsecutiveFailedLogins_4_2_3_4_5 : ConformanceTest
{
    [Test]
    public Task Account_locks_after_the_documented_failures() => RunAsync(t => GuiLockoutProbe.RunAsync(t, bruteForce: false));
}
