using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Roles.Syslog;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// What the two logging cases share: the bounded syslog collector on the harness address and port
/// the PIXIT documents (managementGui.securityLog), the time window check, and the evidence (every
/// datagram received, printable).
/// </summary>
internal static partial class SecurityLogCollection
{
    /// <summary>Starts the collector the PIXIT's transport calls for (UDP, or TLS when securityLog has a "tls" part), or the decision why the case cannot judge.</summary>
    public static (SyslogCollector? Collector, Decision? WhyNot) Start(TestCaseContext t, GuiAccess access)
    {
        if (access.SecurityLog is not { } securityLog)
            return (null, Decision.Inconclusive("the PIXIT documents no security log destination (managementGui.securityLog): point the DUT's syslog at the harness address and give the port"));
        if (securityLog.Tls is { } tls) return StartTls(t, tls);
        return Listen(t, SyslogTransport.Udp, new IPEndPoint(t.Pixit.HarnessAddress, securityLog.SyslogPort), null);
    }

    /// <summary>
    /// The TLS collector (RFC 5425) on the PIXIT's port, with a fresh certificate for the documented
    /// collector name issued by the test PKI's operator root A (the root the lab installs in the DUT).
    /// </summary>
    public static (SyslogCollector? Collector, Decision? WhyNot) StartTls(TestCaseContext t, GuiSyslogTls tls)
    {
        var pki = TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the TLS syslog collector has no certificate"));
        var credentials = TlsServerCredentials.Issued(tls.ServerName, pki["root-a"].CertificateDer, pki["root-a"].PrivateKeyPkcs8);
        t.Step($"TLS syslog collector certificate: {credentials.Subject}, issued by the test PKI's root-a");
        return Listen(t, SyslogTransport.Tls, new IPEndPoint(t.Pixit.HarnessAddress, tls.Port), credentials);
    }

    /// <summary>A plain collector (UDP or TCP) on <paramref name="port"/>: where a DUT's cleartext copy of its log would arrive.</summary>
    public static (SyslogCollector? Collector, Decision? WhyNot) StartPlain(TestCaseContext t, SyslogTransport transport, int port) =>
        Listen(t, transport, new IPEndPoint(t.Pixit.HarnessAddress, port), null);

    private static (SyslogCollector? Collector, Decision? WhyNot) Listen(TestCaseContext t, SyslogTransport transport, IPEndPoint at, TlsServerCredentials? tls)
    {
        var name = transport.ToString().ToLowerInvariant();
        try
        {
            var collector = transport == SyslogTransport.Udp ? SyslogCollector.Start(at, maxMessages: 500) : SyslogCollector.StartStream(at, tls, maxMessages: 500);
            t.Step($"syslog collector listening on {collector.Where} (at most 500 messages kept)");
            return (collector, null);
        }
        catch (SocketException ex)
        {
            return (null, Decision.Inconclusive($"the syslog collector could not listen on {name} {at}: {ex.SocketErrorCode} (another process holds the port?)"));
        }
    }

    /// <summary>
    /// One login of the lab account's user with a random wrong password (a security event every DUT logs):
    /// the window it happened in, or the decision when the GUI did not answer or, wrongly, let it in.
    /// </summary>
    public static async Task<(DateTimeOffset From, DateTimeOffset To, Decision? WhyNot)> FailedLoginAsync(TestCaseContext t, GuiHttpClient client, GuiAccess access)
    {
        var wrong = GuiPasswordChanger.Make(20, "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789");
        SecretRegistry.Register(wrong);
        var from = DateTimeOffset.UtcNow;
        var failed = await GuiLogin.LoginAsync(client, access, new GuiCredentials(access.Account.Username, wrong), verify: false, t.CancellationToken).ConfigureAwait(false);
        if (failed.Outcome == GuiLoginOutcome.NoAnswer) return (from, DateTimeOffset.UtcNow, GuiCase.Unreachable("the failed login", failed));
        if (failed.Outcome == GuiLoginOutcome.Accepted) return (from, DateTimeOffset.UtcNow, Decision.Inconclusive("a login with a random wrong password was accepted: see TS33117-4.2.3.4.2.1 and the lockout cases"));
        return (from, DateTimeOffset.UtcNow, null);
    }

    /// <summary>Whether the message's own timestamp lies in the window, widened by the documented clock skew.</summary>
    public static bool InWindow(SyslogMessage m, DateTimeOffset from, DateTimeOffset to, GuiSecurityLog policy) =>
        m.Timestamp is { } ts && ts >= from - policy.ClockSkew && ts <= to + policy.ClockSkew;

    /// <summary>Whether <paramref name="text"/> holds <paramref name="token"/> as a word of its own (not inside a longer name).</summary>
    public static bool HasWord(string text, string token) =>
        Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(token)}(?![\w-])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Words a log line uses for a failed attempt.</summary>
    [GeneratedRegex(@"fail|denied|refused|reject|invalid|unsuccessful|wrong", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex FailureWords();

    /// <summary>Words a log line uses for a login.</summary>
    [GeneratedRegex(@"log ?in|logon|logged in|sign ?in|authenticat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex LoginWords();

    /// <summary>Words a log line uses for a logout.</summary>
    [GeneratedRegex(@"log ?out|logoff|logged out|sign ?out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex LogoutWords();

    public static void Attach(TestCaseContext t, SyslogCollector collector)
    {
        var received = collector.Received;
        var text = string.Join('\n', received.Select(r => $"{r.ReceivedAt:O} {r.Transport.ToString().ToLowerInvariant()}{(r.Protection is { } p ? " (" + p + ")" : "")} from {r.From}: {(r.Problem is { } why ? "UNREADABLE (" + why + "): " : "")}{r.Raw}"));
        var connections = collector.Connections.Select(c => $"connection from {c.From} at {c.At:O}: {(c.Tls is { } h ? h.Detail + (h.Version is null ? "" : $", {h.Version} {h.Suite}") : "plain TCP")}{(c.Ended is { } e ? "; not read further: " + e : "")}").ToList();
        var file = $"syslog-received-{collector.Transport.ToString().ToLowerInvariant()}-{collector.EndPoint.Port}.txt";
        t.Evidence.AttachText(file, "syslog", $"every syslog message the collector on {collector.Where} received ({received.Count} kept, {collector.Dropped} beyond the bound)",
            string.Join('\n', connections.Append(text.Length == 0 ? "(nothing received)" : text).Where(l => l.Length > 0)));
    }
}
