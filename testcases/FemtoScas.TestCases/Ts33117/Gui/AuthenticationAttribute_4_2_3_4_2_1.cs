using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.2.1 — accounts protected by an authentication attribute (local GUI), the part a black box can test.
/// Requirement: no account logs in without an authentication attribute.
/// Threat: an account without a password opens the GUI to anyone on the LAN.
/// Preconditions: PICS localGui; the PIXIT documents the login and every GUI account's user name (managementGui.accountNames).
/// Steps: for each documented user name, and for an empty user name, one login with an empty
/// password; as a control, the lab account with its password.
/// Expected: every empty-password login refused (no working session); the control accepted.
/// Evidence: request/response log (passwords and cookies redacted), one row per attempt.
/// Not probed: accounts the vendor does not document (the account database needs shell access).
/// </summary>
[Requirement("TS33117-4.2.3.4.2.1")]
public sealed class AuthenticationAttribute_4_2_3_4_2_1 : ConformanceTest
{
    [Test]
    public Task No_account_logs_in_without_a_password() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(40, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.AccountNames.Count == 0)
            return Decision.Inconclusive("the PIXIT documents no GUI account names (managementGui.accountNames): give every account the vendor documents");
        var (rows, opened, control, unanswered) = await GuiCase.TryLoginsAsync(t, client, access,
            access.AccountNames.Take(15).Append("").Select(name => (new GuiCredentials(name, ""), name.Length == 0 ? "(empty user name)" : name, "(empty password)")));
        if (unanswered is not null) return unanswered;
        t.Evidence.Table(new EvidenceTable("Logins without an authentication attribute (passwords not shown)", ["user", "credential", "outcome", "detail"], rows));
        t.Finding(new Finding("accounts that log in with an empty password", "none", opened.Count == 0 ? "none" : string.Join(", ", opened), opened.Count == 0, "TS 33.117 4.2.3.4.2.1"));
        if (opened.Count > 0) return Decision.Fail($"account(s) {string.Join(", ", opened)} log in to {client.Origin}{access.LoginPath} with an empty password");
        if (control!.Outcome != GuiLoginOutcome.Accepted)
            return Decision.Inconclusive($"the empty passwords were refused, but so was the lab's own account ({control.Detail}): the probe's login cannot be trusted");
        return Decision.Pass($"{rows.Count - 1} login(s) without a password refused at {access.LoginPath} (every documented account and an empty user name); the lab account logs in (control)");
    }));
}
