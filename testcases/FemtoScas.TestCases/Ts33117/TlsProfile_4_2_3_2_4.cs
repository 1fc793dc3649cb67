using System.Net;
using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.2.3.2.4 — protection of data in transfer, for the femto's management interface,
/// judged against the TS 33.210 TLS profile (fixtures/crypto-profiles/ts33210-tls.json).
/// Requirement: the interface speaks only TLS versions and cipher suites of the profile.
/// Threat: a downgrade to a broken protocol version or suite exposes management traffic.
/// Preconditions: PICS localGui or managementTls; the PIXIT gives the port (and host name).
/// Steps: offer each TLS version alone; for each accepted version, offer each cipher suite alone.
/// Expected: forbidden versions refused, only profile suites accepted. Evidence: the
/// version/suite table, every handshake in the self-recorded pcapng, libpcap capture where permitted,
/// observations.json (judge tls-profile/1: the answers, the second opinion, the profile) that the
/// verdict is decided from and <c>femtoscas rejudge</c> decides again.
/// </summary>
[Requirement("TS33117-4.2.3.2.4")]
public sealed class TlsProfile_4_2_3_2_4 : ConformanceTest
{
    [Test]
    public Task Management_interface_meets_the_TLS_profile() => RunAsync(async t =>
    {
        var gui = t.Pixit.ManagementGui ?? throw new HarnessEnvironmentException("the profile gives no managementGui port");
        var profilePath = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json");
        var profile = TlsProfile.Load(profilePath);
        var endpoint = new IPEndPoint(t.Pixit.DutAddress, gui.Port);
        t.Step($"probe TLS on {endpoint} (SNI {gui.HostName ?? "none"}) against '{profile.Name}' ({profile.Reference}, confidence {profile.Confidence})");
        var (observed, _) = TlsAssessment.Probe(endpoint, gui.HostName, profile, t.Pixit.ResponseTimeout, t.Recorder, t.Step, t.CancellationToken);
        if (OpensslCrossCheck.IsInstalled && TlsAssessment.Decide(observed, profile).Decision.Verdict != Verdict.Inconclusive)
        {
            var checks = await OpensslCrossCheck.CheckAsync(endpoint, gui.HostName, TimeSpan.FromSeconds(20), t.CancellationToken);
            t.Evidence.AttachText("openssl-s_client.txt", "tool-output", "OpenSSL s_client per TLS version: version, command lines, raw output",
                string.Join("\n", checks.Select(c => c.Run.EvidenceText())));
            t.Step("second opinion, openssl s_client: " + string.Join(", ", checks.Select(c => $"{c.Version} {(c.Accepted ? "accepted" : "refused")}")));
            observed = observed with { Openssl = [.. checks.Select(c => new TlsAssessment.OpensslVersion(c.Version, c.Accepted, c.Cipher))] };
        }
        else
        {
            t.Step("no second opinion: openssl is not installed");
        }
        // Decided from the record it writes (femtoscas rejudge replays the same record with the same code).
        var record = ObservationRecord.Write(t.Evidence, TlsProfileReplay.Judge, TlsProfileReplay.Record(observed, profile));
        var decided = ReplayJudges.Decide(record);
        foreach (var f in decided.Findings) t.Finding(f);
        foreach (var table in decided.Tables) t.Evidence.Table(table);
        return decided.Decision;
    });
}
