using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>
/// Checks a TLS server against a <see cref="TlsProfile"/>: one handshake per protocol version
/// (offering every suite the prober knows for it), then, for each accepted version, one
/// handshake per cipher suite, so the evidence lists exactly what the server accepts.
/// </summary>
public static class TlsAssessment
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table, IReadOnlyList<TlsHandshakeOutcome> Handshakes)
    {
        public IReadOnlyList<string> AcceptedVersions { get; init; } = [];
    }

    public static Outcome Assess(IPEndPoint server, string? serverName, TlsProfile profile, TimeSpan timeout, SelfRecorder? recorder,
        Action<string> step, CancellationToken ct)
    {
        var handshakes = new List<TlsHandshakeOutcome>();
        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var acceptedVersions = new List<string>();
        var badSuites = new List<string>();

        foreach (var version in TlsVersionName.Probeable)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = TlsProber.Probe(server, version, null, serverName, timeout, recorder, ct);
            handshakes.Add(outcome);
            step($"offer {version} only: {outcome.Detail}");
            if (outcome.Unreachable)
                return new Outcome(Decision.Inconclusive($"the TLS server {server} did not accept a TCP connection: {outcome.Detail}"), findings,
                    new EvidenceTable("TLS versions and cipher suites", ["version", "cipher suite", "server", "profile"], rows), handshakes);
            var allowed = profile.AllowedVersions.Contains(version);
            var forbidden = profile.ForbiddenVersions.Contains(version);
            rows.Add([version, "(any offered)", outcome.Accepted ? "accepted" : "refused", allowed ? "allowed" : forbidden ? "forbidden" : "not listed"]);
            // A server that answers an offer of version X with another version did not accept X.
            var acceptedThis = outcome.Accepted && outcome.NegotiatedVersion == version;
            if (acceptedThis) acceptedVersions.Add(version);
            if (acceptedThis && !allowed)
                findings.Add(new Finding(version, "refused (" + profile.Reference + ")", "accepted: " + outcome.Detail, false, profile.Reference));
            else if (!acceptedThis && forbidden)
                findings.Add(new Finding(version, "refused", "refused: " + outcome.Detail, true, profile.Reference));
        }
        foreach (var v in profile.ForbiddenVersions.Where(v => !TlsVersionName.Probeable.Contains(v)))
            rows.Add([v, "", "not probed", "forbidden: the prober cannot offer it; see the nmap ssl-enum-ciphers output where nmap is installed"]);

        foreach (var version in acceptedVersions)
        {
            foreach (var suite in CipherSuiteNames.OfferableFor(version))
            {
                ct.ThrowIfCancellationRequested();
                var outcome = TlsProber.Probe(server, version, [suite], serverName, timeout, recorder, ct);
                handshakes.Add(outcome);
                if (!outcome.Accepted) continue;
                var name = CipherSuiteNames.Name(suite);
                var ok = profile.IsSuiteAllowed(version, name);
                rows.Add([version, name, "accepted", ok ? "allowed" : "NOT ALLOWED"]);
                findings.Add(new Finding($"{version} {name}", "an allowed cipher suite", "accepted", ok, profile.Reference));
                if (!ok) badSuites.Add($"{name} ({version})");
            }
        }
        step($"{handshakes.Count} handshakes: versions accepted: {(acceptedVersions.Count == 0 ? "none" : string.Join(", ", acceptedVersions))}");

        var table = new EvidenceTable("TLS versions and cipher suites", ["version", "cipher suite", "server", "profile"], rows);
        var badVersions = acceptedVersions.Where(v => !profile.AllowedVersions.Contains(v)).ToList();
        Decision decision;
        if (badVersions.Count > 0 || badSuites.Count > 0)
        {
            var parts = new List<string>();
            if (badVersions.Count > 0) parts.Add($"accepts forbidden protocol version(s) {string.Join(", ", badVersions)}");
            if (badSuites.Count > 0) parts.Add($"accepts cipher suite(s) outside the profile: {string.Join(", ", badSuites.Take(8))}{(badSuites.Count > 8 ? $" and {badSuites.Count - 8} more" : "")}");
            decision = Decision.Fail($"{server}: {string.Join("; ", parts)} ({profile.Name})");
        }
        else if (acceptedVersions.Count == 0)
        {
            decision = Decision.Fail($"{server} completed no TLS handshake with any version, so the management interface is not protected by TLS of the profile");
        }
        else
        {
            decision = Decision.Pass($"{server} accepts only {string.Join(", ", acceptedVersions)} with profile suites; refuses {string.Join(", ", profile.ForbiddenVersions.Where(TlsVersionName.Probeable.Contains))}");
        }
        return new Outcome(decision, findings, table, handshakes) { AcceptedVersions = acceptedVersions };
    }

    /// <summary>
    /// Combines the prober's verdict with OpenSSL's view of the versions: a forbidden version
    /// either implementation got accepted fails the test; any disagreement is a finding.
    /// </summary>
    public static Outcome WithSecondOpinion(Outcome outcome, IReadOnlyList<OpensslCrossCheck.VersionCheck> openssl, TlsProfile profile)
    {
        var findings = outcome.Findings.ToList();
        var rows = outcome.Table.Rows.ToList();
        var missed = new List<string>();
        foreach (var check in openssl)
        {
            var prober = outcome.AcceptedVersions.Contains(check.Version);
            rows.Add([check.Version, check.Cipher ?? "", check.Accepted ? "accepted (openssl)" : "refused (openssl)",
                prober == check.Accepted ? "agrees with the prober" : "DISAGREES with the prober"]);
            if (prober != check.Accepted)
                findings.Add(new Finding($"{check.Version} (second opinion)", $"prober: {(prober ? "accepted" : "refused")}",
                    $"openssl s_client: {(check.Accepted ? "accepted with " + check.Cipher : "refused")}", false, profile.Reference));
            if (check.Accepted && !prober && !profile.AllowedVersions.Contains(check.Version))
                missed.Add(check.Version);
        }
        var decision = missed.Count > 0
            ? Decision.Fail($"openssl s_client got forbidden version(s) {string.Join(", ", missed)} accepted, which the prober did not; " + outcome.Decision.Reason)
            : outcome.Decision;
        return outcome with { Decision = decision, Findings = findings, Table = outcome.Table with { Rows = rows } };
    }
}
