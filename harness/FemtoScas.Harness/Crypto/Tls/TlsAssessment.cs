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
/// Probing (<see cref="Probe"/>, against the live server) and deciding (<see cref="Decide"/>, a pure
/// function of the <see cref="Observations"/> and the profile) are apart, so a run's stored
/// observations can be decided again offline (<c>femtoscas rejudge</c>, judge tls-profile/1).
/// </summary>
public static class TlsAssessment
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table, IReadOnlyList<TlsHandshakeOutcome> Handshakes)
    {
        public IReadOnlyList<string> AcceptedVersions { get; init; } = [];
    }

    /// <summary>The server's answer to an offer of one version alone.</summary>
    public sealed record VersionProbe(string Version, bool Accepted, string? NegotiatedVersion, string Detail, bool Unreachable);

    /// <summary>The server's answer to an offer of one cipher suite alone, under a version it accepted.</summary>
    public sealed record SuiteProbe(string Version, string Suite, bool Accepted);

    /// <summary>OpenSSL s_client's view of one version (the second opinion).</summary>
    public sealed record OpensslVersion(string Version, bool Accepted, string? Cipher);

    /// <summary>Everything the decision reads: what the server answered, in probe order, and the second opinion when one was asked.</summary>
    public sealed record Observations(string Server, IReadOnlyList<VersionProbe> Versions, IReadOnlyList<SuiteProbe> Suites)
    {
        /// <summary>Null when no second opinion was taken (openssl missing, or the server unreachable).</summary>
        public IReadOnlyList<OpensslVersion>? Openssl { get; init; }
    }

    /// <summary>Probes and decides in one (no second opinion): <see cref="Probe"/> then <see cref="Decide"/>.</summary>
    public static Outcome Assess(IPEndPoint server, string? serverName, TlsProfile profile, TimeSpan timeout, SelfRecorder? recorder,
        Action<string> step, CancellationToken ct)
    {
        var (observed, handshakes) = Probe(server, serverName, profile, timeout, recorder, step, ct);
        return Decide(observed, profile) with { Handshakes = handshakes };
    }

    /// <summary>Offers each version alone, then each suite alone under each version the server accepted; stops at an unreachable server.</summary>
    public static (Observations Observed, IReadOnlyList<TlsHandshakeOutcome> Handshakes) Probe(IPEndPoint server, string? serverName, TlsProfile profile,
        TimeSpan timeout, SelfRecorder? recorder, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(step);
        var handshakes = new List<TlsHandshakeOutcome>();
        var versions = new List<VersionProbe>();
        var suites = new List<SuiteProbe>();
        foreach (var version in TlsVersionName.Probeable)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = TlsProber.Probe(server, version, null, serverName, timeout, recorder, ct);
            handshakes.Add(outcome);
            step($"offer {version} only: {outcome.Detail}");
            versions.Add(new VersionProbe(version, outcome.Accepted, outcome.NegotiatedVersion, outcome.Detail, outcome.Unreachable));
            if (outcome.Unreachable) return (new Observations(server.ToString(), versions, suites), handshakes);
        }
        foreach (var version in AcceptedVersions(versions))
        {
            foreach (var suite in CipherSuiteNames.OfferableFor(version))
            {
                ct.ThrowIfCancellationRequested();
                var outcome = TlsProber.Probe(server, version, [suite], serverName, timeout, recorder, ct);
                handshakes.Add(outcome);
                suites.Add(new SuiteProbe(version, CipherSuiteNames.Name(suite), outcome.Accepted));
            }
        }
        var accepted = AcceptedVersions(versions);
        step($"{handshakes.Count} handshakes: versions accepted: {(accepted.Count == 0 ? "none" : string.Join(", ", accepted))}");
        return (new Observations(server.ToString(), versions, suites), handshakes);
    }

    // A server that answers an offer of version X with another version did not accept X.
    private static List<string> AcceptedVersions(IEnumerable<VersionProbe> versions) =>
        [.. versions.Where(v => v.Accepted && v.NegotiatedVersion == v.Version).Select(v => v.Version)];

    /// <summary>
    /// The verdict, findings and table from <paramref name="observed"/> and <paramref name="profile"/> alone, the
    /// second opinion included when the observations carry one. Same input, same outcome: live and on re-judgement.
    /// </summary>
    public static Outcome Decide(Observations observed, TlsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(profile);
        var server = observed.Server;
        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var acceptedVersions = new List<string>();
        var badSuites = new List<string>();

        foreach (var probe in observed.Versions)
        {
            var version = probe.Version;
            if (probe.Unreachable)
                return new Outcome(Decision.Inconclusive($"the TLS server {server} did not accept a TCP connection: {probe.Detail}"), findings,
                    new EvidenceTable("TLS versions and cipher suites", ["version", "cipher suite", "server", "profile"], rows), []);
            var allowed = profile.AllowedVersions.Contains(version);
            var forbidden = profile.ForbiddenVersions.Contains(version);
            rows.Add([version, "(any offered)", probe.Accepted ? "accepted" : "refused", allowed ? "allowed" : forbidden ? "forbidden" : "not listed"]);
            var acceptedThis = probe.Accepted && probe.NegotiatedVersion == version;
            if (acceptedThis) acceptedVersions.Add(version);
            if (acceptedThis && !allowed)
                findings.Add(new Finding(version, "refused (" + profile.Reference + ")", "accepted: " + probe.Detail, false, profile.Reference));
            else if (!acceptedThis && forbidden)
                findings.Add(new Finding(version, "refused", "refused: " + probe.Detail, true, profile.Reference));
        }
        foreach (var v in profile.ForbiddenVersions.Where(v => !TlsVersionName.Probeable.Contains(v)))
            rows.Add([v, "", "not probed", "forbidden: the prober cannot offer it; see the nmap ssl-enum-ciphers output where nmap is installed"]);

        foreach (var probe in observed.Suites.Where(s => s.Accepted && acceptedVersions.Contains(s.Version)))
        {
            var ok = profile.IsSuiteAllowed(probe.Version, probe.Suite);
            rows.Add([probe.Version, probe.Suite, "accepted", ok ? "allowed" : "NOT ALLOWED"]);
            findings.Add(new Finding($"{probe.Version} {probe.Suite}", "an allowed cipher suite", "accepted", ok, profile.Reference));
            if (!ok) badSuites.Add($"{probe.Suite} ({probe.Version})");
        }

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
        var outcome = new Outcome(decision, findings, table, []) { AcceptedVersions = acceptedVersions };
        return observed.Openssl is { } openssl ? WithSecondOpinion(outcome, openssl, profile) : outcome;
    }

    /// <summary>
    /// Combines the prober's verdict with OpenSSL's view of the versions: a forbidden version
    /// either implementation got accepted fails the test; any disagreement is a finding.
    /// </summary>
    public static Outcome WithSecondOpinion(Outcome outcome, IReadOnlyList<OpensslCrossCheck.VersionCheck> openssl, TlsProfile profile) =>
        WithSecondOpinion(outcome, [.. openssl.Select(c => new OpensslVersion(c.Version, c.Accepted, c.Cipher))], profile);

    public static Outcome WithSecondOpinion(Outcome outcome, IReadOnlyList<OpensslVersion> openssl, TlsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(openssl);
        ArgumentNullException.ThrowIfNull(profile);
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
