using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Roles.Syslog;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.6.2 — log transfer to centralized storage.
/// Requirement: the product sends its security log to a central store over a protected transport.
/// Threat: security events read or altered on the way (the hosting party's LAN is untrusted), or an
/// attacker's traces dropped before they reach the operator.
/// Preconditions: PICS localGui (the event is provoked there); the PIXIT documents the DUT's log
/// transfer over TLS (managementGui.securityLog.tls: syslog over TLS, RFC 5425, to the harness address
/// on the documented port, the collector named as documented; the lab installed the test PKI's
/// operator root in the DUT) and the cleartext syslogPort a plain copy would go to.
/// Steps: start the TLS collector (certificate for the documented name from operator root A) and plain
/// UDP and TCP collectors on the syslogPort; log in once with a random wrong password, then with the lab
/// account (control, and its failure count reset) and out; wait at most the documented delivery time.
/// Expected: a message recording the failed login arrives over TLS, with a version and suite of the
/// TS 33.210 TLS profile (recorded), and no syslog message of the DUT arrives in clear text (a FAIL
/// naming the port). Nothing anywhere, or only failed handshakes, is INCONCLUSIVE.
/// Evidence: every message each collector took (transport, TLS version and suite), the TLS connections
/// with their handshake outcome, the request/response log (redacted).
/// Not covered: where the DUT stores the log when the collector is unreachable (buffering), and
/// collectors other than syslog (a vendor's own log protocol is judged by review).
/// </summary>
[Requirement("TS33117-4.2.3.6.2")]
public sealed class LogTransfer_4_2_3_6_2 : ConformanceTest
{
    [Test]
    public Task Security_log_reaches_the_central_store_over_tls_only() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(6, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.SecurityLog is not { } policy)
            return Decision.Inconclusive("the PIXIT documents no security log destination (managementGui.securityLog): configure the DUT's log transfer to the harness address and document it");
        if (policy.Tls is not { } tls)
            return Decision.Inconclusive("the PIXIT documents the DUT's security log over UDP only (managementGui.securityLog has no \"tls\" part): configure its transfer over TLS (RFC 5425) to the harness and document port and collector name; a DUT that offers no protected transport at all is for the lab to record by review");
        var (secure, whyNot) = SecurityLogCollection.StartTls(t, tls);
        if (secure is null) return whyNot!;
        await using var secureLifetime = secure;
        var (udp, whyNotUdp) = SecurityLogCollection.StartPlain(t, SyslogTransport.Udp, policy.SyslogPort);
        if (udp is null) return whyNotUdp!;
        await using var udpLifetime = udp;
        var (tcp, whyNotTcp) = SecurityLogCollection.StartPlain(t, SyslogTransport.Tcp, policy.SyslogPort);
        if (tcp is null) return whyNotTcp!;
        await using var tcpLifetime = tcp;
        try
        {
            var (from, to, notFailed) = await SecurityLogCollection.FailedLoginAsync(t, client, access);
            if (notFailed is not null) return notFailed;
            var user = access.Account.Username;
            bool IsEvent(SyslogMessage m) => SecurityLogCollection.HasWord(m.Searchable, user) && SecurityLogCollection.FailureWords().IsMatch(m.Searchable)
                && SecurityLogCollection.InWindow(m, from, to, policy);
            // Control: the lab account logs in (so the refusal was of the wrong password) and its failure count is reset.
            var control = await GuiLogin.LoginAsync(client, access, access.Account, verify: false, t.CancellationToken);
            if (control.Outcome != GuiLoginOutcome.Accepted) return GuiCase.Unreachable("the lab account (control) did not log in", control);
            await GuiLogin.LogoutAsync(client, access, control, t.CancellationToken);
            bool Arrived(IReadOnlyList<ReceivedSyslog> r) => r.Any(x => x.Message is { } m && IsEvent(m));
            // Wait for the event on any collector, then a little longer so a second copy sent the other way arrives too.
            await secure.WaitAsync(seen => Arrived(secure.Received) || Arrived(udp.Received) || Arrived(tcp.Received), policy.Delivery, t.CancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(500), t.CancellationToken);

            var profile = TlsProfile.Load(Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json"));
            CollectedLog Of(SyslogCollector c) => new(c.Where, [.. c.Received.Select(r => new LoggedMessage(r.From.Address, r.Message is not null, r.Message is { } m && IsEvent(m), r.TlsVersion, r.TlsSuite))]);
            t.Evidence.Table(new EvidenceTable("Log collectors during the failed login", ["collector", "messages", "connections (TLS handshake)", "the failed login recorded"],
                [.. new[] { secure, udp, tcp }.Select(c => (IReadOnlyList<string>)[c.Where, c.Received.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    c.Transport == SyslogTransport.Udp ? "-" : string.Join("; ", c.Connections.Select(k => $"{k.From}: {(k.Tls is { } h ? h.Detail + (h.Version is null ? "" : $" ({h.Version} {h.Suite})") : "plain")}")),
                    c.Received.FirstOrDefault(r => r.Message is { } m && IsEvent(m)) is { } hit ? $"yes{(hit.Protection is { } p ? ", over " + p : ", in clear text")}" : "no"])]));
            var failedHandshakes = secure.Connections.Where(c => c.Tls is { Stream: null }).Select(c => $"{c.From}: {c.Tls!.Detail}").ToList();
            var decision = LogTransferJudgement.Decide($"failed login of '{user}'", t.Pixit.DutAddress, Of(secure), failedHandshakes, [Of(udp), Of(tcp)], profile);
            t.Finding(new Finding("security log transfer protected (syslog over TLS, no cleartext copy)", "TLS within the TS 33.210 profile, nothing in clear text",
                decision.Reason, decision.Verdict == Verdict.Pass, "TS 33.117 4.2.3.6.2"));
            return decision;
        }
        finally
        {
            SecurityLogCollection.Attach(t, secure);
            SecurityLogCollection.Attach(t, udp);
            SecurityLogCollection.Attach(t, tcp);
        }
    }));
}
