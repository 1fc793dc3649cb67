using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.6.2 — role-based access control (local GUI), the part a black box can test.
/// Requirement: a user holding a limited role cannot use the functions of a more privileged role.
/// Threat: a hosting party's or installer's low-privilege account reaches the operator's functions
/// (configuration backup, security log) through the same GUI.
/// Preconditions: PICS localGui; the PIXIT documents a second account with a lower role, the pages
/// that role may open and the more privileged pages to request as it (managementGui.roleAccess; pages
/// only, since requesting a state-changing function as the wrong role could run it).
/// Steps: log in as the limited account and open one of its own pages (control that it is logged in);
/// request each documented privileged page with its session (at most 20); log out; log in as the lab
/// account (the privileged role) and request the same pages (control that they exist and work).
/// Expected: every privileged page refused to the limited account (any answer but 2xx), each opened
/// (2xx) by the lab account.
/// Evidence: request/response log (passwords and cookies redacted), one row per page and role.
/// Not covered: functions behind forms (POST), roles of shell or SSH accounts, and the role
/// assignment itself (who may grant a role), which needs the vendor's documentation.
/// </summary>
[Requirement("TS33117-4.2.3.4.6.2")]
public sealed class RoleBasedAccess_4_2_3_4_6_2 : ConformanceTest
{
    [Test]
    public Task A_limited_role_cannot_open_the_privileged_pages() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(50, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.RoleAccess is not { } role)
            return Decision.Inconclusive("the PIXIT documents no second account with a lower role (managementGui.roleAccess: role, account, allowed and forbidden pages); give one from the vendor's role documentation");
        var pages = role.Forbidden.Take(20).ToList();
        var lower = await GuiLogin.LoginAsync(client, access, role.Account, verify: false, t.CancellationToken);
        if (lower.Outcome == GuiLoginOutcome.NoAnswer) return GuiCase.Unreachable($"login of the {role.Role} account", lower);
        if (lower.Outcome != GuiLoginOutcome.Accepted) return Decision.Inconclusive($"the documented {role.Role} account '{role.Account.Username}' did not log in ({lower.Detail}): check the PIXIT's roleAccess.account");
        var own = await client.SendAsync("GET", role.Allowed[0], cookie: lower.CookieHeader, cancellationToken: t.CancellationToken);
        if (!own.Success) return Decision.Inconclusive($"the {role.Role} account's own page {role.Allowed[0]} answered {(own.Response is null ? own.Outcome + " " + own.Detail : own.Status)}: its session does not work, so a refusal would prove nothing");
        var asLower = new List<GuiExchange>();
        foreach (var page in pages) asLower.Add(await client.SendAsync("GET", page, cookie: lower.CookieHeader, cancellationToken: t.CancellationToken));
        await GuiLogin.LogoutAsync(client, access, lower, t.CancellationToken);

        var admin = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
        if (admin.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account (privileged role, control) did not log in", admin);
        var asAdmin = new List<GuiExchange>();
        foreach (var page in pages) asAdmin.Add(await client.SendAsync("GET", page, cookie: admin.CookieHeader, cancellationToken: t.CancellationToken));
        await GuiLogin.LogoutAsync(client, access, admin, t.CancellationToken);

        static string Answer(GuiExchange e) => e.Response is null ? $"{e.Outcome} {e.Detail}" : e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        t.Evidence.Table(new EvidenceTable($"Privileged pages requested as the {role.Role} '{role.Account.Username}' and as the lab account",
            ["page", $"as {role.Account.Username}", $"as {access.Account.Username} (control)"],
            [.. pages.Select((p, i) => (IReadOnlyList<string>)[p, Answer(asLower[i]), Answer(asAdmin[i])])]));
        var opened = pages.Where((p, i) => asLower[i].Success).Select((p, i) => p).ToList();
        var unanswered = pages.Where((p, i) => asLower[i].Response is null).ToList();
        var uncontrolled = pages.Where((p, i) => !asAdmin[i].Success).ToList();
        t.Finding(new Finding($"privileged pages the {role.Role} account opens", "none", opened.Count == 0 ? "none" : string.Join(", ", opened), opened.Count == 0, "TS 33.117 4.2.3.4.6.2"));
        if (opened.Count > 0)
            return Decision.Fail($"the {role.Role} account '{role.Account.Username}' opened {opened.Count} page(s) of the privileged role: {string.Join(", ", opened.Select(p => $"GET {p} answered {asLower[pages.IndexOf(p)].Status}"))}");
        if (unanswered.Count > 0) return Decision.Inconclusive($"the GUI did not answer {string.Join(", ", unanswered)} for the {role.Role} account");
        if (uncontrolled.Count > 0)
            return Decision.Inconclusive($"the lab account could not open {string.Join(", ", uncontrolled)} either: check the PIXIT's roleAccess.forbidden (a refusal to both roles shows nothing about roles)");
        return Decision.Pass($"the {role.Role} account '{role.Account.Username}' was refused all {pages.Count} privileged page(s) ({string.Join(", ", pages.Select((p, i) => $"{p} {asLower[i].Status}"))}) that the lab account opens; its own page {role.Allowed[0]} opens");
    }));
}
