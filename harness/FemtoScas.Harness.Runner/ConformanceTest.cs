using System.Reflection;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// Base of every conformance test case. It decides applicability from PICS, opens the test's
/// evidence (step log, self-recorded pcapng, libpcap capture of the DUT where the process may
/// capture), runs the body under a guard timer, records the verdict in the journal and maps it
/// onto NUnit: PASS passes, FAIL fails, INCONCLUSIVE is inconclusive, NOT APPLICABLE is ignored,
/// ERROR is an NUnit error (never an assertion failure).
/// </summary>
[Category("Conformance")]
public abstract class ConformanceTest
{
    /// <summary>How long a body gets to stop after its guard fired before it is abandoned.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);

    protected async Task RunAsync(Func<TestCaseContext, Task<Decision>> body)
    {
        var suite = SuiteRun.Current
            ?? throw new HarnessErrorVerdictException("no conformance run is active: the test cases' set-up fixture did not start (see the first error of this run)");
        var test = TestContext.CurrentContext.Test;
        var id = RequirementId(test.MethodName);
        var testName = $"{GetType().Name}.{test.MethodName}";
        var started = DateTimeOffset.UtcNow;
        var progress = RunProgress.ForCurrentRun();
        var number = progress.Started(id, testName);

        if (!suite.Catalogue.TryGet(id, out var record))
        {
            Conclude(Decision.Error($"test names catalogue record '{id}', which does not exist"), null, null, progress, number, started);
            return;
        }

        var evidence = new TestEvidence(suite.ResultsDirectory, id, testName);
        // While the case runs: its current step every few seconds (bounded by the case's own guard timer).
        await using var heartbeat = new Timer(_ => progress.StillRunning(number, id, DateTimeOffset.UtcNow - started, evidence.LastStep),
            null, RunProgress.Heartbeat, RunProgress.Heartbeat);
        evidence.Step($"{record.Id} {record.Title} — {record.Spec} {record.DisplayClause}");
        evidence.Step($"DUT '{suite.Profile.Identity.Name}' ({suite.Profile.Kind}) at {suite.Profile.Pixit.DutAddress}" +
                      (suite.Profile.Faults.Count > 0 ? $", SimFemto faults: {string.Join(",", suite.Profile.Faults)}" : ""));

        if (Applicability.NotApplicable(suite.Catalogue.Conditions[id], suite.Profile.Pics) is { } na)
        {
            evidence.Step("not applicable: " + na.Reason);
            Conclude(na, suite, Result(record, testName, started, na, evidence), progress, number, started);
            return;
        }

        var decision = await Execute(suite, record, evidence, body).ConfigureAwait(false);
        evidence.Step($"verdict {decision.Verdict.Wire()}: {decision.Reason}");
        await heartbeat.DisposeAsync().ConfigureAwait(false);
        Conclude(decision, suite, Result(record, testName, started, decision, evidence), progress, number, started);
    }

    private static async Task<Decision> Execute(SuiteRun suite, RequirementRecord record, TestEvidence evidence, Func<TestCaseContext, Task<Decision>> body)
    {
        var pixit = suite.Profile.Pixit;
        using var recorder = new SelfRecorder(evidence.NewFile("harness-self-recorded.pcapng", "pcapng",
            "every datagram and stream byte the harness exchanged (payloads exact, IP/TCP/UDP headers reconstructed)"));
        LiveCapture? capture = null;
        if (pixit.CaptureInterface is { } itf)
        {
            var capturePath = evidence.NewFile("backhaul-capture.pcap", "pcap", $"libpcap capture on {itf} of host {pixit.DutAddress}");
            capture = LiveCapture.TryStart(itf, $"host {pixit.DutAddress}", capturePath, out var whyNot);
            evidence.Step(capture is null
                ? $"no libpcap capture of the DUT: {whyNot} (the verdict does not depend on it)"
                : $"libpcap capture started on {itf} with filter '{capture.Filter}'");
        }
        else
        {
            evidence.Step("no libpcap capture: the profile names no captureInterface");
        }

        using var guard = new CancellationTokenSource();
        var context = new TestCaseContext(suite, record, evidence, recorder, guard.Token);
        Decision decision;
        try
        {
            var work = Task.Run(() => body(context), guard.Token);
            var timer = Task.Delay(pixit.GuardTimeout);
            if (await Task.WhenAny(work, timer).ConfigureAwait(false) == timer)
            {
                await guard.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(work, Task.Delay(AbandonGrace)).ConfigureAwait(false);
                decision = Decision.Inconclusive($"guard timeout: no decision within {pixit.GuardTimeout.TotalSeconds:0} s (last step: {evidence.LastStep})");
            }
            else
            {
                decision = await work.ConfigureAwait(false);
            }
        }
        catch (DutSilentException ex)
        {
            decision = Decision.Inconclusive("the DUT did not answer: " + ex.Message);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            decision = Decision.Inconclusive($"guard timeout after {pixit.GuardTimeout.TotalSeconds:0} s (last step: {evidence.LastStep})");
        }
        catch (Exception ex)
        {
            // Anything else is the harness's or the environment's fault, never the DUT's.
            decision = Decision.Error($"{ex.GetType().Name}: {ex.Message}");
            evidence.AttachText("harness-error.txt", "error", "the harness exception behind the ERROR verdict", ex.ToString());
        }
        finally
        {
            // The base class, not each case, writes the key tables of every SA the case's roles made.
            context.WriteKeyTables();
            context.NoteWhenNoSegwRan();
            capture?.Stop();
            if (capture is not null) evidence.Step($"libpcap capture stopped: {capture.PacketCount} packets");
        }
        if (string.IsNullOrWhiteSpace(decision.Reason))
            decision = Decision.Error("the test case returned a verdict without a reason");
        return decision with { Reason = EvidenceText.Clean(decision.Reason) };
    }

    private static TestFinished Result(RequirementRecord record, string testName, DateTimeOffset started, Decision decision, TestEvidence evidence)
    {
        var finished = DateTimeOffset.UtcNow;
        return new TestFinished
        {
            Id = record.Id,
            TestName = testName,
            Verdict = decision.Verdict.Wire(),
            Reason = decision.Reason,
            StartedAt = started,
            FinishedAt = finished,
            DurationSeconds = Math.Round((finished - started).TotalSeconds, 3),
            Steps = evidence.Steps,
            Findings = evidence.Findings,
            Tables = evidence.Tables,
            CryptoProfiles = evidence.CryptoProfiles,
            Evidence = evidence.Seal(),
        };
    }

    private static void Conclude(Decision decision, SuiteRun? suite, TestFinished? result, RunProgress progress, int number, DateTimeOffset started)
    {
        if (suite is not null && result is not null) suite.Record(result);
        progress.Finished(number, result?.Id ?? "?", decision.Verdict.Wire(), DateTimeOffset.UtcNow - started);
        var line = $"{decision.Verdict.Wire()}: {decision.Reason}";
        TestContext.Out.WriteLine(line);
        switch (decision.Verdict)
        {
            case Verdict.Pass: return;
            case Verdict.Fail: Assert.Fail(line); break;
            case Verdict.Inconclusive: Assert.Inconclusive(line); break;
            case Verdict.NotApplicable: Assert.Ignore(line); break;
            default: throw new HarnessErrorVerdictException(line);
        }
    }

    private string RequirementId(string? methodName)
    {
        var method = methodName is null ? null : GetType().GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance);
        var attribute = method?.GetCustomAttribute<RequirementAttribute>() ?? GetType().GetCustomAttribute<RequirementAttribute>();
        return attribute?.Id ?? throw new HarnessErrorVerdictException($"{GetType().Name} has no [Requirement] attribute naming its catalogue record");
    }
}
