using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FemtoScas.Harness;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;
using FemtoScas.Reports.Comparison;

namespace FemtoScas.Reports.Tests.Comparison;

/// <summary>
/// <c>femtoscas rejudge</c> over a run folder: a stored observation re-decided by the current code
/// agrees; a doctored observation changes the verdict and is named; a record that no longer reads is
/// unsupported; PICS applicability is re-decided from the journal; cases with no record are listed as
/// not re-judgeable with why, never as agreeing.
/// </summary>
[TestFixture]
public sealed class RejudgementTests
{
    private const string ObservationsPath = "evidence/TS33117-4.2.3.2.2/PortScanning.Only_documented_ports_are_open/observations.json";

    private static PortScanAssessment.Input Scan(params int[] open) => new(
        [.. Enumerable.Range(1, 1024).Select(p => new PortState("tcp", p, open.Contains(p) ? PortStatus.Open : PortStatus.Closed, open.Contains(p) ? "accepted" : "refused"))],
        [], null, null, null, [new DocumentedService("tcp", 443, "local GUI")]);

    private static byte[] Record(PortScanAssessment.Input input) => Encoding.UTF8.GetBytes(
        new JsonObject { ["schema"] = ObservationRecord.Schema, ["judge"] = PortScanReplay.Judge, ["input"] = PortScanReplay.Record(input) }.ToJsonString());

    /// <summary>A synthetic run with one port-scan case decided live from <paramref name="live"/>, its record in the evidence.</summary>
    private static SyntheticRun Run(PortScanAssessment.Input live, Func<RunStarted, RunStarted>? start = null)
    {
        var bytes = Record(live);
        var decision = PortScanAssessment.Assess(live).Decision;
        var run = new SyntheticRun(start: start, extra: w => w.Append(SyntheticRun.Test("TS33117-4.2.3.2.2", "PortScanning.Only_documented_ports_are_open",
            decision.Verdict.Wire(), decision.Reason, 7,
            evidence: [new EvidenceFile(ObservationsPath, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, ObservationRecord.Kind, "observations")])));
        var path = Path.Combine(run.Directory, ObservationsPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return run;
    }

    private static RejudgedCase PortScanCase(Rejudgement r) => r.Cases.Single(c => c.TestName == "PortScanning.Only_documented_ports_are_open");

    [Test]
    public void An_untouched_run_agrees_and_lists_what_cannot_be_re_judged()
    {
        using var run = Run(Scan(443));
        var r = Rejudgement.Run(run.Directory);

        Assert.That(r.Agrees, Is.True);
        Assert.That(PortScanCase(r).Outcome, Is.EqualTo(RejudgeOutcome.Agrees));
        Assert.That(PortScanCase(r).NewVerdict, Is.EqualTo("PASS"));
        var error = r.Cases.Single(c => c.Id == "NRF-CAG");
        Assert.That((error.Outcome, error.Why), Is.EqualTo((RejudgeOutcome.NotRejudgeable, "ERROR is a harness or environment fault, decided by no judgement")));
        var live = r.Cases.Single(c => c.TestName == "Ts33545.DeviceAuth.UntrustedSegw");
        Assert.That(live.Outcome, Is.EqualTo(RejudgeOutcome.NotRejudgeable));
        Assert.That(live.Why, Does.Contain("needs the live DUT"));
        // NOT APPLICABLE is re-decided from the journal's PICS: same verdict, the reason the run would write now.
        var na = r.Cases.Single(c => c.Id == "NRF-IPV6");
        Assert.That((na.Outcome, na.NewVerdict), Is.EqualTo((RejudgeOutcome.ReasonChanged, "NOT_APPLICABLE")));
        Assert.That(na.NewReason, Does.StartWith("PICS condition 'ipv6' is false for this DUT"));
        Assert.That(r.Cases.Count(c => c.Outcome == RejudgeOutcome.NotRejudgeable), Is.EqualTo(r.Cases.Count - 2), "nothing else is counted as agreeing");
    }

    [Test]
    public void A_doctored_observation_changes_the_verdict_and_is_named()
    {
        using var run = Run(Scan(443));
        // The stored scan now shows telnet open: the current judgement must FAIL what the run PASSed.
        File.WriteAllBytes(Path.Combine(run.Directory, ObservationsPath), Record(Scan(443, 23)));
        var r = Rejudgement.Run(run.Directory);

        Assert.That(r.Agrees, Is.False);
        var c = PortScanCase(r);
        Assert.That((c.Outcome, c.OldVerdict, c.NewVerdict), Is.EqualTo((RejudgeOutcome.Differs, "PASS", "FAIL")));
        Assert.That(c.NewReason, Does.StartWith("undocumented open port(s): tcp/23"));
        Assert.That(c.Notes.Single(), Does.Contain("changed after the run"));
    }

    [Test]
    public void A_record_that_no_longer_reads_leaves_the_verdict_unsupported()
    {
        using var run = Run(Scan(443));
        File.WriteAllText(Path.Combine(run.Directory, ObservationsPath), "{\"schema\":\"femtoscas.observations/1\",\"judge\":\"port-scan/1\",\"input\":{\"dutTcp\":7}}");
        var r = Rejudgement.Run(run.Directory);

        Assert.That(r.Agrees, Is.False);
        Assert.That(PortScanCase(r).Outcome, Is.EqualTo(RejudgeOutcome.Unreadable));
        Assert.That(PortScanCase(r).Why, Does.Contain("field 'input.dutTcp'"));
    }

    [Test]
    public void A_case_ruled_out_by_PICS_that_now_applies_differs()
    {
        using var run = Run(Scan(443), start: s => s with { Pics = new Dictionary<string, bool>(s.Pics) { ["ipv6"] = true } });
        var r = Rejudgement.Run(run.Directory);

        var na = r.Cases.Single(c => c.Id == "NRF-IPV6");
        Assert.That((na.Outcome, na.NewVerdict), Is.EqualTo((RejudgeOutcome.Differs, (string?)null)));
        Assert.That(na.Why, Does.Contain("now true"));
        Assert.That(r.Agrees, Is.False);
    }

    // TLS profile (TS 33.117 4.2.3.2.4), judge tls-profile/1: the record carries the answers and the profile in force.
    private const string TlsPath = "evidence/NRF-LATE/TlsProfile_4_2_3_2_4.Management_interface_meets_the_TLS_profile/observations.json";
    private const string TlsTest = "TlsProfile_4_2_3_2_4.Management_interface_meets_the_TLS_profile";

    private static Harness.Crypto.Tls.TlsProfile Profile() => Harness.Crypto.Tls.TlsProfile.Load(
        Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", "ts33210-tls.json"));

    /// <summary>A server that accepts TLS 1.2 and 1.3 with profile suites; <paramref name="tls10"/> also TLS 1.0, <paramref name="opensslTls11"/> has OpenSSL get TLS 1.1.</summary>
    private static Harness.Crypto.Tls.TlsAssessment.Observations Tls(bool tls10 = false, bool opensslTls11 = false) =>
        new("127.0.0.2:8443",
            [
                new("TLS 1.0", tls10, tls10 ? "TLS 1.0" : null, tls10 ? "accepted TLS 1.0" : "handshake_failure", false),
                new("TLS 1.1", false, null, "handshake_failure", false),
                new("TLS 1.2", true, "TLS 1.2", "accepted TLS 1.2", false),
                new("TLS 1.3", true, "TLS 1.3", "accepted TLS 1.3", false),
            ],
            [
                new("TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true),
                new("TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false),
                new("TLS 1.3", "TLS_AES_128_GCM_SHA256", true),
                .. tls10 ? new[] { new Harness.Crypto.Tls.TlsAssessment.SuiteProbe("TLS 1.0", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", true) } : [],
            ])
        {
            Openssl = [new("TLS 1.1", opensslTls11, opensslTls11 ? "ECDHE-RSA-AES128-SHA" : null), new("TLS 1.2", true, "ECDHE-RSA-AES128-GCM-SHA256")],
        };

    private static byte[] TlsRecord(Harness.Crypto.Tls.TlsAssessment.Observations observed) => Encoding.UTF8.GetBytes(
        new JsonObject { ["schema"] = ObservationRecord.Schema, ["judge"] = TlsProfileReplay.Judge, ["input"] = TlsProfileReplay.Record(observed, Profile()) }.ToJsonString());

    private static SyntheticRun TlsRun(Harness.Crypto.Tls.TlsAssessment.Observations live)
    {
        var bytes = TlsRecord(live);
        var decision = Harness.Crypto.Tls.TlsAssessment.Decide(live, Profile()).Decision;
        var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", TlsTest, decision.Verdict.Wire(), decision.Reason, 7,
            evidence: [new EvidenceFile(TlsPath, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, ObservationRecord.Kind, "observations")])));
        var path = Path.Combine(run.Directory, TlsPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return run;
    }

    [Test]
    public void The_TLS_profile_case_is_re_judged_from_its_stored_answers()
    {
        using var run = TlsRun(Tls());
        var agreed = Rejudgement.Run(run.Directory).Cases.Single(c => c.TestName == TlsTest);
        Assert.That((agreed.Outcome, agreed.NewVerdict), Is.EqualTo((RejudgeOutcome.Agrees, "PASS")));

        // The stored answers now say the server accepted TLS 1.0: FAIL, naming it.
        File.WriteAllBytes(Path.Combine(run.Directory, TlsPath), TlsRecord(Tls(tls10: true)));
        var flipped = Rejudgement.Run(run.Directory).Cases.Single(c => c.TestName == TlsTest);
        Assert.That((flipped.Outcome, flipped.OldVerdict, flipped.NewVerdict), Is.EqualTo((RejudgeOutcome.Differs, "PASS", "FAIL")));
        Assert.That(flipped.NewReason, Does.Contain("accepts forbidden protocol version(s) TLS 1.0").And.Contain("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (TLS 1.0)"));
        Assert.That(flipped.Notes.Single(), Does.Contain("changed after the run"));

        // The second opinion is part of the record: OpenSSL now got TLS 1.1 accepted, which the prober did not.
        File.WriteAllBytes(Path.Combine(run.Directory, TlsPath), TlsRecord(Tls(opensslTls11: true)));
        var second = Rejudgement.Run(run.Directory).Cases.Single(c => c.TestName == TlsTest);
        Assert.That((second.Outcome, second.NewVerdict), Is.EqualTo((RejudgeOutcome.Differs, "FAIL")));
        Assert.That(second.NewReason, Does.StartWith("openssl s_client got forbidden version(s) TLS 1.1 accepted"));
    }

    [Test]
    public void A_TLS_record_naming_an_unknown_suite_is_unsupported_naming_the_field()
    {
        using var run = TlsRun(Tls());
        var path = Path.Combine(run.Directory, TlsPath);
        File.WriteAllText(path, File.ReadAllText(path).Replace("TLS_AES_128_GCM_SHA256\",\"accepted", "TLS_NO_SUCH_SUITE\",\"accepted", StringComparison.Ordinal));
        var c = Rejudgement.Run(run.Directory).Cases.Single(x => x.TestName == TlsTest);
        Assert.That(c.Outcome, Is.EqualTo(RejudgeOutcome.Unreadable));
        Assert.That(c.Why, Does.Contain("input.suites[2].suite").And.Contain("TLS_NO_SUCH_SUITE"));
    }
}
