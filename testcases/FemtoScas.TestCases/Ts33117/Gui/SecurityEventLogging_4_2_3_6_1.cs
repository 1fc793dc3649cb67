using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Roles.Syslog;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.6.1 — security event logging, the events the local GUI can provoke.
/// Requirement: security events are logged with time, user and outcome.
/// Threat: an attacker's failed guesses and logins leave no trace the operator can see.
/// Preconditions: PICS localGui; the PIXIT documents the login and where the DUT sends its security
/// log (managementGui.securityLog: syslog over UDP to the harness address, delivery and clock skew).
/// Steps: start a bounded syslog collector; log in with a wrong password (one failure), then with the
/// lab account, then log out; wait at most the documented delivery time for the messages.
/// Expected: for each event a message naming the user, with its own timestamp within the event's
/// window (± documented skew), what happened (login or logout words) and the outcome (failure words
/// for the failed login, none for the others).
/// Nothing received at all is INCONCLUSIVE (the log may go elsewhere), a missing event FAILs.
/// Evidence: every datagram received, the event-to-message table, request/response log (redacted).
/// Not provoked here: account and privilege changes, configuration changes and restarts (no
/// documented GUI function for them; a restart is not the harness's to cause).
/// </summary>
[Requirement("TS33117-4.2.3.6.1")]
public sealed class SecurityEventLogging_4_2_3_6_1 : ConformanceTest
{
    private sealed record Event(string Name, string User, bool Failure, DateTimeOffset From, DateTimeOffset To);

    [Test]
    public Task Logins_and_failed_logins_are_logged() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(10, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var (collector, whyNot) = SecurityLogCollection.Start(t, access);
        if (collector is null) return whyNot!;
        await using var _ = collector;
        try
        {
            var user = access.Account.Username;
            var events = new List<Event>();
            var (failedFrom, failedTo, notFailed) = await SecurityLogCollection.FailedLoginAsync(t, client, access);
            if (notFailed is not null) return notFailed;
            events.Add(new Event("failed login", user, true, failedFrom, failedTo));
            var from = DateTimeOffset.UtcNow;
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
            if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
            events.Add(new Event("successful login", user, false, from, DateTimeOffset.UtcNow));
            from = DateTimeOffset.UtcNow;
            await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
            events.Add(new Event("logout", user, false, from, DateTimeOffset.UtcNow));

            var policy = access.SecurityLog!;
            // Each event is matched to a message of its own: the failed one first, so the same message cannot serve two events.
            IReadOnlyList<(Event E, ReceivedSyslog? M)> Match(IReadOnlyList<ReceivedSyslog> received)
            {
                var used = new HashSet<ReceivedSyslog>();
                var result = new List<(Event, ReceivedSyslog?)>();
                foreach (var e in events)
                {
                    var m = received.FirstOrDefault(r => r.Message is { } msg && !used.Contains(r) && SecurityLogCollection.HasWord(msg.Searchable, e.User)
                        && SecurityLogCollection.InWindow(msg, e.From, e.To, policy) && SecurityLogCollection.FailureWords().IsMatch(msg.Searchable) == e.Failure
                        && SecurityLogCollection.LogoutWords().IsMatch(msg.Searchable) == (e.Name == "logout")
                        && (e.Name == "logout" || SecurityLogCollection.LoginWords().IsMatch(msg.Searchable)));
                    if (m is not null) used.Add(m);
                    result.Add((e, m));
                }
                return result;
            }
            var received = await collector.WaitAsync(r => Match(r).All(x => x.M is not null), policy.Delivery, t.CancellationToken);
            var matched = Match(received);
            t.Evidence.Table(new EvidenceTable("Security events provoked and the log message found for each", ["event", "user", "window (UTC)", "message (timestamp, text)"],
                [.. matched.Select(x => (IReadOnlyList<string>)[x.E.Name, x.E.User, $"{x.E.From:HH:mm:ss.fff}-{x.E.To:HH:mm:ss.fff}",
                    x.M is { Message: { } m } ? $"{m.Timestamp:O} {SyslogMessage.Printable(m.Searchable, 200)}" : "NONE"])]));
            var missing = matched.Where(x => x.M is null).Select(x => x.E.Name).ToList();
            t.Finding(new Finding("security events without a log message (user, time, outcome)", "none", missing.Count == 0 ? "none" : string.Join(", ", missing), missing.Count == 0, "TS 33.117 4.2.3.6.1"));
            if (received.Count == 0)
                return Decision.Inconclusive($"no syslog message at all reached {collector.Where} within {policy.Delivery.TotalSeconds:0} s: check the DUT's log destination (the PIXIT's securityLog) before judging");
            if (missing.Count > 0)
                return Decision.Fail($"no security log message recorded the {string.Join(" and the ", missing)} of user '{access.Account.Username}' with its time and outcome ({received.Count} message(s) received at {collector.Where})");
            return Decision.Pass($"the failed login, the login and the logout of '{access.Account.Username}' were each logged with user, timestamp and outcome (syslog to {collector.Where})");
        }
        finally
        {
            SecurityLogCollection.Attach(t, collector);
        }
    }));
}
