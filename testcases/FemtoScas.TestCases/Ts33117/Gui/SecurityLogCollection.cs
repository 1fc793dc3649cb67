using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
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
    /// <summary>Starts the collector, or the decision why the case cannot judge.</summary>
    public static (SyslogCollector? Collector, Decision? WhyNot) Start(TestCaseContext t, GuiAccess access)
    {
        if (access.SecurityLog is not { } securityLog)
            return (null, Decision.Inconclusive("the PIXIT documents no security log destination (managementGui.securityLog): point the DUT's syslog at the harness address and give the port"));
        var at = new IPEndPoint(t.Pixit.HarnessAddress, securityLog.SyslogPort);
        try
        {
            var collector = SyslogCollector.Start(at, maxMessages: 500);
            t.Step($"syslog collector listening on udp {at} (at most 500 datagrams kept)");
            return (collector, null);
        }
        catch (SocketException ex)
        {
            return (null, Decision.Inconclusive($"the syslog collector could not listen on udp {at}: {ex.SocketErrorCode} (another process holds the port?)"));
        }
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
        var text = string.Join('\n', received.Select(r => $"{r.ReceivedAt:O} from {r.From}: {(r.Problem is { } p ? "UNREADABLE (" + p + "): " : "")}{r.Raw}"));
        t.Evidence.AttachText("syslog-received.txt", "syslog", $"every syslog datagram the collector on udp {collector.EndPoint} received ({received.Count} kept, {collector.Dropped} beyond the bound)", text.Length == 0 ? "(nothing received)" : text);
    }
}
