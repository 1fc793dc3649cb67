using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.3.3 — protection against brute-force and dictionary attacks (local GUI).
/// Requirement: password guessing through the login is throttled so a dictionary attack cannot run.
/// Threat: an attacker on the LAN tries a password list against the lab account.
/// Preconditions: PICS localGui; the PIXIT documents the lab account and managementGui.lockout.
/// Steps: a dictionary of wrong passwords, twice the documented lockout count, back to back, with
/// the right password sent straight after the documented count (must be refused: the lockout holds);
/// then the right password after the documented lockout time (must be accepted: the control). If the
/// host was too slow to send the right password within the lockout window, INCONCLUSIVE.
/// Expected: the guessing is stopped: the right password does not open a session during the run.
/// Evidence: request/response log (passwords redacted), attempt table, step log.
/// </summary>
[Requirement("TS33117-4.2.3.4.3.3")]
public sealed class BruteForceProtection_4_2_3_4_3_3 : ConformanceTest
{
    [Test]
    public Task Password_guessing_is_throttled() => RunAsync(t => GuiLockoutProbe.RunAsync(t, bruteForce: true));
}
