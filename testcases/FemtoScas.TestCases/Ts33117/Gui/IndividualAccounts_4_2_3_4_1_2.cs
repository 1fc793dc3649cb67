using System.Diagnostics;
using System.Security.Cryptography;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Roles.Syslog;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.1.2 — accounts identify users unambiguously (local GUI), the part a black box can test.
/// Requirement: the product supports individual accounts so that every action can be traced to one user.
/// Threat: actions done through a shared or confused identity cannot be attributed to the person who did them.
/// Preconditions: PICS localGui; the PIXIT documents two accounts (the lab account and roleAccess.account)
/// and the access log destination (managementGui.securityLog).
/// Steps: log in with both accounts so that both sessions are live at once; each requests a page both
/// roles may open (roleAccess.allowed[0]) carrying a random token, the second account first; when a session
/// idled past the PIXIT's inactivity timeout before its request (the DUT rightly ended it), both log in
/// again, at most three times; both log out; the access log is collected as TS33117-4.2.5.2.1 does.
/// Expected: the two sessions differ, and the access log names, for each token, the account whose session
/// sent it and not the other one.
/// Nothing received, or no message for a token, is INCONCLUSIVE (TS33117-4.2.5.2.1 judges what is logged).
/// Evidence: the request-to-message table, every message received, the request/response log (redacted).
/// Not covered: the minimum number of accounts a user database must hold (creating accounts needs a
/// vendor-specific GUI function) and shell accounts.
/// </summary>
[Requirement("TS33117-4.2.3.4.1.2")]
public sealed class IndividualAccounts_4_2_3_4_1_2 : ConformanceTest
{
    private sealed record Request(string User, string Other, string Token, int Status);

    /// <summary>Login pairs tried when a session idles past the PIXIT's inactivity timeout before its request (4 requests each, within the probe's 16).</summary>
    private const int MaxAttempts = 3;

    [Test]
    public Task Each_accounts_actions_are_attributed_to_it() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(16, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.RoleAccess is not { } role)
            return Decision.Inconclusive("the PIXIT documents one GUI account only: give a second one (managementGui.roleAccess) so that two users can act side by side");
        var (collector, whyNot) = SecurityLogCollection.Start(t, access);
        if (collector is null) return whyNot!;
        await using var collectorLifetime = collector;
        try
        {
            var (a, b) = (access.Account, role.Account);
            GuiLoginResult first, second;
            var requests = new List<Request>();
            for (var attempt = 1; ; attempt++)
            {
                first = await GuiLogin.LoginAsync(client, access, a, verify: false, t.CancellationToken);
                if (first.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable($"the lab account '{a.Username}' did not log in", first);
                var firstUsed = Stopwatch.StartNew();
                second = await GuiLogin.LoginAsync(client, access, b, verify: false, t.CancellationToken);
                if (second.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable($"the second account '{b.Username}' did not log in", second);
                var secondUsed = Stopwatch.StartNew();
                if (first.CookieHeader == second.CookieHeader)
                    return Decision.Fail($"the accounts '{a.Username}' and '{b.Username}' were given the same session: their actions cannot be told apart");
                requests.Clear();
                string? expired = null;
                foreach (var (session, user, other, idle) in new[] { (second, b.Username, a.Username, secondUsed), (first, a.Username, b.Username, firstUsed) })
                {
                    var token = "femtoscas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                    var idled = idle.Elapsed;
                    var e = await client.SendAsync("GET", $"{role.Allowed[0]}{(role.Allowed[0].Contains('?', StringComparison.Ordinal) ? "&" : "?")}probe={token}", cookie: session.CookieHeader, cancellationToken: t.CancellationToken);
                    if (!e.Success)
                    {
                        var refused = $"'{user}' could not open {role.Allowed[0]} ({(e.Response is null ? e.Outcome + " " + e.Detail : e.Status)}), a page both roles may open by the PIXIT";
                        // Both sessions must be live at once: one that idled past the PIXIT's inactivity timeout (a slow login of the
                        // other account) was ended by the DUT as it should be; both log in again, a bounded number of times.
                        if (access.InactivityTimeout is not { } limit || idled <= limit) return Decision.Inconclusive(refused);
                        expired = $"{refused} after its session idled {idled.TotalSeconds:0.0} s, beyond the PIXIT's inactivity timeout of {limit.TotalSeconds:0.#} s";
                        break;
                    }
                    requests.Add(new Request(user, other, token, e.Status));
                }
                if (expired is null) break;
                if (attempt == MaxAttempts) return Decision.Inconclusive($"{expired}, in each of {MaxAttempts} attempts: the two sessions were never live at once");
                t.Step($"{expired}: both accounts log in again (attempt {attempt + 1} of {MaxAttempts})");
            }
            await GuiLogin.LogoutAsync(client, access, first, t.CancellationToken);
            await GuiLogin.LogoutAsync(client, access, second, t.CancellationToken);

            SyslogMessage? MessageOf(IReadOnlyList<ReceivedSyslog> received, Request r) =>
                received.Select(x => x.Message).OfType<SyslogMessage>().FirstOrDefault(m => m.Searchable.Contains(r.Token, StringComparison.Ordinal));
            var received = await collector.WaitAsync(got => requests.All(r => MessageOf(got, r) is not null), access.SecurityLog!.Delivery, t.CancellationToken);
            var judged = requests.Select(r => (R: r, M: MessageOf(received, r))).ToList();
            string Names(SyslogMessage m, Request r) =>
                SecurityLogCollection.HasWord(m.Searchable, r.User) && !SecurityLogCollection.HasWord(m.Searchable, r.Other) ? "its own user only"
                : SecurityLogCollection.HasWord(m.Searchable, r.Other) ? $"'{r.Other}'" : "no user";
            t.Evidence.Table(new EvidenceTable("Requests of two live sessions and the access log message for each", ["session of", "token", "message", "names"],
                [.. judged.Select(x => (IReadOnlyList<string>)[x.R.User, x.R.Token, x.M is { } m ? SyslogMessage.Printable(m.Searchable, 200) : "NONE", x.M is { } n ? Names(n, x.R) : "-"])]));
            if (received.Count == 0)
                return Decision.Inconclusive($"no syslog message at all reached {collector.Where}: the access log is needed to see whom the GUI attributes each action to");
            var missing = judged.Where(x => x.M is null).Select(x => x.R.User).ToList();
            if (missing.Count > 0)
                return Decision.Inconclusive($"no access log message for the request of {string.Join(", ", missing.Select(u => $"'{u}'"))} (TS33117-4.2.5.2.1 judges what the access log records)");
            var wrong = judged.Where(x => Names(x.M!, x.R) != "its own user only").Select(x => $"the request of '{x.R.User}' was logged with {Names(x.M!, x.R)}").ToList();
            t.Finding(new Finding("actions attributed to the account that did them", "each to its own user", wrong.Count == 0 ? "each to its own user" : string.Join("; ", wrong), wrong.Count == 0, "TS 33.117 4.2.3.4.1.2"));
            if (wrong.Count > 0) return Decision.Fail($"two accounts logged in at once are not told apart: {string.Join("; ", wrong)}");
            return Decision.Pass($"'{a.Username}' and '{b.Username}' held distinct sessions at once and the access log ({collector.Where}) attributed each one's request to that account alone");
        }
        finally
        {
            SecurityLogCollection.Attach(t, collector);
        }
    }));
}
