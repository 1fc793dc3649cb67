using System.Net;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// One message a collector took, as the judgement needs it: from where, whether it was a readable syslog
/// message, whether it records the provoked event, and the TLS version and suite that protected it (null: none).
/// </summary>
public sealed record LoggedMessage(IPAddress From, bool Readable, bool RecordsEvent, string? TlsVersion = null, string? TlsSuite = null);

/// <summary>What one collector took during the case: where it listened and every message it kept.</summary>
public sealed record CollectedLog(string Where, IReadOnlyList<LoggedMessage> Received);

/// <summary>
/// TS 33.117 4.2.3.6.2 (log transfer to centralized storage): a provoked security event must reach the
/// central collector over a protected transport, here syslog over TLS (RFC 5425) with a version and suite
/// the TS 33.210 TLS profile allows, and no syslog message of the DUT may arrive in clear text (UDP or
/// TCP on the documented plain port) while it is watched. Pure: the case collects, this decides.
/// </summary>
public static class LogTransferJudgement
{
    /// <param name="eventName">What was provoked ("failed login of 'lab-operator'").</param>
    /// <param name="dut">The DUT's address: plain messages from elsewhere are listed, not judged.</param>
    /// <param name="secure">The TLS collector's messages.</param>
    /// <param name="failedHandshakes">What went wrong in each TLS handshake with the collector that failed (explains an empty collector).</param>
    /// <param name="plain">The plain collectors' messages.</param>
    /// <param name="profile">The TS 33.210 TLS profile.</param>
    public static Decision Decide(string eventName, IPAddress dut, CollectedLog secure, IReadOnlyList<string> failedHandshakes,
        IReadOnlyList<CollectedLog> plain, TlsProfile profile)
    {
        var cleartext = plain.Select(c => (c.Where, Messages: c.Received.Where(r => r.Readable && r.From.Equals(dut)).ToList()))
            .Where(c => c.Messages.Count > 0).ToList();
        if (cleartext.Count > 0)
        {
            var withEvent = cleartext.SelectMany(c => c.Messages).Any(r => r.RecordsEvent);
            return Decision.Fail($"the DUT sent its log in clear text: {string.Join("; ", cleartext.Select(c => $"{c.Messages.Count} syslog message(s) on {c.Where}"))}"
                + $"{(withEvent ? $", the {eventName} among them" : "")}; its log transfer must be protected (syslog over TLS, RFC 5425)");
        }
        var hit = secure.Received.FirstOrDefault(r => r.RecordsEvent);
        if (hit is null)
        {
            if (failedHandshakes.Count > 0)
                return Decision.Inconclusive($"{failedHandshakes.Count} TLS handshake(s) with the collector on {secure.Where} failed ({failedHandshakes[0]}) and no message arrived in clear text: "
                    + "check the DUT trusts the test PKI's operator root and the documented collector name");
            if (secure.Received.Count > 0)
                return Decision.Inconclusive($"{secure.Received.Count} message(s) arrived over TLS on {secure.Where} but none recorded the {eventName} (TS33117-4.2.3.6.1 judges what is logged)");
            return Decision.Inconclusive($"no syslog message reached {secure.Where} or the plain collectors ({string.Join(", ", plain.Select(p => p.Where))}): check the DUT's log destination (the PIXIT's securityLog) before judging");
        }
        if (hit.TlsVersion is not { } version || hit.TlsSuite is not { } suite)
            return Decision.Inconclusive($"the {eventName} arrived on {secure.Where} without a recorded TLS version and suite");
        if (!profile.AllowedVersions.Contains(version) || !profile.IsSuiteAllowed(version, suite))
            return Decision.Fail($"the {eventName} reached {secure.Where} over {version} {suite}, outside the TS 33.210 TLS profile");
        return Decision.Pass($"the {eventName} reached the central collector on {secure.Where} over {version} {suite} (within the TS 33.210 TLS profile); "
            + $"nothing arrived in clear text on {string.Join(" or ", plain.Select(p => p.Where))}");
    }
}
