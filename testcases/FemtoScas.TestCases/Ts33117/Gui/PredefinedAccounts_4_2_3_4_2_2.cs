using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.2.2 — predefined accounts deleted or disabled (local GUI), the part a black box can test.
/// Requirement: accounts the product ships with are deleted or disabled unless the vendor documents why one must stay.
/// Threat: a vendor's installer or support account, with a secret printed in a manual, opens the GUI.
/// How it differs from TS33117-4.2.3.4.2.3 (same probe, <see cref="GuiCase.TryLoginsAsync"/>): that case
/// tries the documented default secret of accounts that stay (e.g. admin/admin: the account remains, its
/// password must have been changed); this one tries the accounts that must not exist at all on a
/// configured DUT (managementGui.predefinedAccounts), with every factory secret the vendor documents
/// for them. A black box cannot tell "disabled" from "secret changed": an account it cannot log in to
/// with any documented secret passes here, and the account list itself is left to the vendor's
/// documentation (what remains is named in the catalogue record).
/// Preconditions: PICS localGui; the PIXIT lists the predefined accounts with their documented
/// secrets; the lab account is not among them (the profile loader refuses that).
/// Steps: log in with each listed account and secret, at most one attempt fewer than the documented
/// lockout threshold per account (so the probe never locks anything it does not mean to) and 16 in
/// all; as a control, log in with the lab account.
/// Expected: every attempt refused (no working session); the control accepted.
/// Evidence: request/response log (passwords and cookies redacted), one row per attempt.
/// </summary>
[Requirement("TS33117-4.2.3.4.2.2")]
public sealed class PredefinedAccounts_4_2_3_4_2_2 : ConformanceTest
{
    [Test]
    public Task Predefined_accounts_do_not_log_in() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(40, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.PredefinedAccounts.Count == 0)
            return Decision.Inconclusive("the PIXIT lists no predefined accounts (managementGui.predefinedAccounts): give the vendor's predefined accounts with their documented factory secrets, or record by review that there are none");
        var perAccount = access.Lockout is { } lockout ? Math.Max(1, lockout.FailedAttempts - 1) : 3;
        var attempts = access.PredefinedAccounts.GroupBy(a => a.Username, StringComparer.Ordinal).SelectMany(g => g.Take(perAccount)).Take(16).ToList();
        var left = access.PredefinedAccounts.Count - attempts.Count;
        if (left > 0) t.Step($"{left} documented secret(s) not tried: at most {perAccount} per account (below the lockout threshold) and 16 in all");
        var (rows, accepted, control, unanswered) = await GuiCase.TryLoginsAsync(t, client, access, attempts.Select(a => (a, a.Username, "(documented factory secret)")));
        if (unanswered is not null) return unanswered;
        t.Evidence.Table(new EvidenceTable("Logins of the vendor's predefined accounts (passwords not shown)", ["user", "credential", "outcome", "detail"], rows));
        var opened = accepted.Distinct(StringComparer.Ordinal).ToList();
        t.Finding(new Finding("predefined accounts that log in", "none (deleted or disabled)", opened.Count == 0 ? "none" : string.Join(", ", opened), opened.Count == 0, "TS 33.117 4.2.3.4.2.2"));
        if (opened.Count > 0)
            return Decision.Fail($"the predefined account(s) {string.Join(", ", opened)} are enabled: they log in to {client.Origin}{access.LoginPath} with the vendor's documented factory secret");
        if (control!.Outcome != GuiLoginOutcome.Accepted)
            return Decision.Inconclusive($"the predefined accounts were refused, but so was the lab's own account ({control.Detail}): the probe's login cannot be trusted");
        return Decision.Pass($"{attempts.Count} login(s) of {attempts.Select(a => a.Username).Distinct(StringComparer.Ordinal).Count()} predefined account(s) with their documented secrets refused at {access.LoginPath}; the lab account logs in (control)");
    }));
}
