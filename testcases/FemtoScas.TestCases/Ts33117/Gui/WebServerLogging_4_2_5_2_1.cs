using System.Security.Cryptography;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Roles.Syslog;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.5.2.1 — web server logging (local GUI).
/// Requirement: every access to the web server is logged with time, source, user, requested resource and result.
/// Threat: attacks on the GUI leave no trace the operator can follow.
/// Preconditions: PICS localGui; the PIXIT documents the login and where the DUT sends its logs
/// (managementGui.securityLog).
/// Steps: start a bounded syslog collector; request a path with a random token without a session,
/// log in, request the first documented page with a random query token and a random unknown path with
/// the session, log out; wait at most the documented delivery time.
/// Expected: for each token request a message naming the resource (token), the harness address
/// (source), the status code it was answered with, a timestamp in the request's window (± skew), and
/// for the requests with a session the user. Nothing received at all is INCONCLUSIVE.
/// Evidence: every datagram received, the request-to-message table, request/response log (redacted).
/// </summary>
[Requirement("TS33117-4.2.5.2.1")]
public sealed class WebServerLogging_4_2_5_2_1 : ConformanceTest
{
    private sealed record Probe(string Target, int Status, string? User, DateTimeOffset From, DateTimeOffset To);

    [Test]
    public Task Every_access_is_logged() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(10, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var (collector, whyNot) = SecurityLogCollection.Start(t, access);
        if (collector is null) return whyNot!;
        await using var _ = collector;
        try
        {
            static string Token() => "femtoscas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var probes = new List<Probe>();
            async Task<bool> Get(string target, GuiLoginResult? session)
            {
                var from = DateTimeOffset.UtcNow;
                var e = await client.SendAsync("GET", target, cookie: session?.CookieHeader, cancellationToken: t.CancellationToken);
                if (e.Response is null) return false;
                probes.Add(new Probe(target, e.Status, session is null ? null : access.Account.Username, from, DateTimeOffset.UtcNow));
                return true;
            }
            if (!await Get("/" + Token(), null)) return Decision.Inconclusive("the GUI did not answer the first request");
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, t.CancellationToken);
            if (login.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account did not log in", login);
            var page = access.Pages[0];
            if (!await Get($"{page}{(page.Contains('?', StringComparison.Ordinal) ? "&" : "?")}probe={Token()}", login) || !await Get("/" + Token(), login))
                return Decision.Inconclusive("the GUI did not answer a request with the session");
            await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);

            var policy = access.SecurityLog!;
            // The source the DUT saw: the address the probes' connections left from (on loopback the kernel's choice, which need
            // not be the PIXIT's harness address), else the harness address.
            var sources = client.LocalAddresses.Select(a => a.ToString()).DefaultIfEmpty(t.Pixit.HarnessAddress.ToString()).ToList();
            var source = string.Join(" or ", sources);
            // What a message says about one request: the fields it lacks (empty: all there).
            IReadOnlyList<string> Lacks(Probe p, SyslogMessage m)
            {
                var text = m.Searchable;
                var lacks = new List<string>();
                if (!SecurityLogCollection.InWindow(m, p.From, p.To, policy)) lacks.Add("time");
                if (!sources.Any(a => SecurityLogCollection.HasWord(text, a))) lacks.Add("source");
                if (!SecurityLogCollection.HasWord(text, p.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))) lacks.Add("result");
                if (p.User is { } u && !SecurityLogCollection.HasWord(text, u)) lacks.Add("user");
                return lacks;
            }
            string TokenOf(Probe p) => p.Target[(p.Target.LastIndexOf("femtoscas-", StringComparison.Ordinal))..];
            IReadOnlyList<(Probe P, SyslogMessage? M, IReadOnlyList<string> Lacks)> Judge(IReadOnlyList<ReceivedSyslog> received) =>
                [.. probes.Select(p =>
                {
                    var candidates = received.Select(r => r.Message).OfType<SyslogMessage>().Where(m => m.Searchable.Contains(TokenOf(p), StringComparison.Ordinal)).ToList();
                    var best = candidates.OrderBy(m => Lacks(p, m).Count).FirstOrDefault();
                    return (p, best, best is null ? (IReadOnlyList<string>)["resource (no message names it)"] : Lacks(p, best));
                })];
            var received = await collector.WaitAsync(r => Judge(r).All(x => x.Lacks.Count == 0), policy.Delivery, t.CancellationToken);
            var judged = Judge(received);
            t.Evidence.Table(new EvidenceTable("Requests and their access log messages", ["request", "status", "user", "message", "fields missing"],
                [.. judged.Select(x => (IReadOnlyList<string>)[$"GET {x.P.Target}", x.P.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), x.P.User ?? "-",
                    x.M is { } m ? $"{m.Timestamp:O} {SyslogMessage.Printable(m.Searchable, 200)}" : "NONE", x.Lacks.Count == 0 ? "none" : string.Join(", ", x.Lacks)])]));
            var bad = judged.Where(x => x.Lacks.Count > 0).Select(x => $"GET {x.P.Target} ({string.Join(", ", x.Lacks)})").ToList();
            t.Finding(new Finding("web requests whose access log message lacks a field", "none", bad.Count == 0 ? "none" : string.Join("; ", bad), bad.Count == 0, "TS 33.117 4.2.5.2.1"));
            if (received.Count == 0)
                return Decision.Inconclusive($"no syslog message at all reached {collector.Where} within {policy.Delivery.TotalSeconds:0} s: check the DUT's log destination (the PIXIT's securityLog) before judging");
            if (bad.Count > 0)
                return Decision.Fail($"the web server's access log does not record {bad.Count} of {judged.Count} request(s) with time, source, user, resource and result: {string.Join("; ", bad)}");
            return Decision.Pass($"each of {judged.Count} requests was logged with time, source {source}, user (with a session), resource and status (syslog to {collector.Where})");
        }
        finally
        {
            SecurityLogCollection.Attach(t, collector);
        }
    }));
}
