using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
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
}
