using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.Tests.IkeEngine;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Execution;

/// <summary>
/// A femto the harness cannot trigger: the tunnel step becomes operator-assisted. The lab's
/// prepared answer 'done' lets the attempt go on (an in-test IKE initiator plays the femto that a
/// person restarts once the question is asked); 'cannot', no answer or a silent femto give
/// INCONCLUSIVE naming the question; question and answer are evidence.
/// </summary>
[TestFixture, NonParallelizable]
[CancelAfter(60_000)]
public sealed class TunnelTriggerOperatorTests
{
    private string _dir = "";

    [Requirement("NRF-SEGW-AUTH")]
    private sealed class SegwAuthLike(Func<TestCaseContext, Task<Decision>> body) : ConformanceTest
    {
        public Task Go() => RunAsync(body);
    }

    /// <summary>
    /// Stands in for a physical femto and its operator: it cannot be triggered, automates nothing, and
    /// for the first <paramref name="restarts"/> restart questions it connects with the harness's own
    /// initiator to the SeGW the question names, a moment after the question — as a person would.
    /// </summary>
    private sealed class OperatorRestartedFemto(DutProfile profile, int restarts) : IDutController
    {
        private readonly List<Task> _femtos = [];
        public List<OperatorQuestion> Asked { get; } = [];
        public string Description => "operator-restarted femto (test double)";
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<bool> TryTriggerTunnelAsync(IPEndPoint segw, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<OperatorAnswer?> AutomateAsync(OperatorQuestion question, CancellationToken cancellationToken)
        {
            Asked.Add(question);
            if (_femtos.Count < restarts && question.Id.Contains($".{OperatorSteps.RestartTunnelId}.", StringComparison.Ordinal))
                _femtos.Add(Task.Run(() => ConnectAsync(new IPEndPoint(profile.Pixit.HarnessAddress, profile.Pixit.SegwIkePort!.Value)), CancellationToken.None));
            return Task.FromResult<OperatorAnswer?>(null);
        }

        private static async Task ConnectAsync(IPEndPoint segw)
        {
            await Task.Delay(300);
            using var femto = new IkeInitiator(IkeLab.Femto() with { ValidationTime = null, Random = Harness.Crypto.SystemRandomSource.Instance });
            var sa = await femto.ConnectAsync(segw);
            // A femto that authenticated the SeGW keeps the SA: it answers the liveness check and the Delete.
            if (sa.State == IkeSaState.Established) await femto.ServeAsync(TimeSpan.FromSeconds(4));
        }

        public async ValueTask DisposeAsync() => await Task.WhenAll(_femtos);
    }

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("femtoscas-optrigger-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A SimFemto-like profile on loopback whose harness SeGW listens on a fixed free port, with the given answers.</summary>
    private async Task<(SuiteRun Run, OperatorRestartedFemto Femto)> StartAsync(string? answers, int restarts, int restartSeconds = 10)
    {
        var root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var pixit = $"\"harnessAddress\": \"127.0.0.1\", \"segwIkePort\": {port}, \"tunnelRestartSeconds\": {restartSeconds},";
        if (answers is not null)
        {
            File.WriteAllText(Path.Combine(_dir, "answers.json"), $$"""
                { "schema": "femtoscas.operator-answers/1", "operator": "T. Tester, Lab Y", "answeredAt": "2026-11-23T10:00:00Z",
                  "answers": { {{answers}} } }
                """);
            pixit += " \"operatorAnswers\": \"answers.json\",";
        }

        var text = File.ReadAllText(Path.Combine(root, "fixtures", "duts", "simfemto.json"))
            .Replace("\"harnessAddress\": \"127.0.0.1\",", pixit, StringComparison.Ordinal)
            .Replace("\"guardTimeoutSeconds\": 300", "\"guardTimeoutSeconds\": 45", StringComparison.Ordinal)
            .Replace("\"captureInterface\": \"lo\",", "", StringComparison.Ordinal);
        var profile = Path.Combine(_dir, "profile.json");
        File.WriteAllText(profile, text);
        OperatorRestartedFemto? femto = null;
        var run = await SuiteRun.StartAsync(new RunParameters(profile, Path.Combine(_dir, "results"), [], Path.Combine(root, "fixtures", "requirements")),
            p => femto = new OperatorRestartedFemto(p, restarts), CancellationToken.None);
        return (run, femto!);
    }

    private TestFinished LastResult() => RunJournal.Read(Path.Combine(_dir, "results", JournalSchema.FileName)).Tests[^1];

    private string EvidenceText(TestFinished result, string fileName) =>
        File.ReadAllText(Path.Combine(_dir, "results", result.Evidence.Single(e => Path.GetFileName(e.Path) == fileName).Path));

    private static SegwAuthLike Trials() => new(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        return await trials.EvaluateAsync("segw-ecdsa", [], ["segw-expired"], "TS 33.320 5.2");
    });

    [Test]
    public async Task Operator_done_lets_each_certificate_trial_proceed_and_decide()
    {
        var (run, femto) = await StartAsync("\"restart-tunnel\": { \"choice\": \"done\", \"comment\": \"power-cycled\" }", restarts: int.MaxValue);
        await using (run)
        {
            Assert.DoesNotThrowAsync(Trials().Go);

            var result = LastResult();
            Assert.That(result.Verdict, Is.EqualTo("PASS"), result.Reason);
            Assert.That(femto.Asked.Select(q => q.Id), Is.EqualTo(new[] { "NRF-SEGW-AUTH.restart-tunnel.1", "NRF-SEGW-AUTH.restart-tunnel.2" }), "asked once per attempt");
            Assert.That(femto.Asked[1].Prompt, Does.Contain("Attempt 2 of 2: harness SeGW presenting segw-expired")
                .And.Contain($"127.0.0.1 UDP port {run.Profile.Pixit.SegwIkePort}"));
            var record = EvidenceText(result, "operator-NRF-SEGW-AUTH.restart-tunnel.2.json");
            Assert.That(record, Does.Contain("\"Choice\": \"done\"").And.Contain("\"AnsweredUnder\": \"restart-tunnel\"").And.Contain("T. Tester, Lab Y").And.Contain("Attempt 2 of 2"));
            Assert.That(result.Steps.Select(s => s.Text), Has.Some.Contains("after the operator's restart"));
            // Each SeGW the case started names its ports in the step log (open-evidence's decode-as reads them back).
            var ports = FemtoScas.Harness.Evidence.DecryptionGuide.ParsePorts(string.Join('\n', result.Steps.Select(s => s.Text)));
            Assert.That(ports.Ike, Does.Contain(run.Profile.Pixit.SegwIkePort), "the SeGW's IKE port, from the step log");
            Assert.That(result.Steps.Select(s => s.Text), Has.Exactly(2).StartsWith("SeGW ports: IKE udp/"), "one line per SeGW started");
        }
    }

    [Test]
    public async Task Operator_done_lets_the_tunnel_session_bring_the_tunnel_up()
    {
        var (run, femto) = await StartAsync("\"NRF-SEGW-AUTH.restart-tunnel\": { \"choice\": \"done\" }", restarts: int.MaxValue);
        await using (run)
        {
            var body = new SegwAuthLike(async t =>
            {
                await using var session = new TunnelSession(t);
                var tunnel = await session.BringUpAsync("segw-ecdsa");
                if (tunnel is not { Kind: TunnelOutcomeKind.Established, Sa: { } sa }) return Decision.Inconclusive($"{tunnel.Kind}: {tunnel.Sa?.Failure?.ToString() ?? tunnel.Why}");
                await tunnel.Segw.DeleteAsync(sa, t.CancellationToken);
                return Decision.Pass("tunnel up");
            });
            try { await body.Go(); } catch (ResultStateException) { }
            Assert.That(LastResult().Verdict, Is.EqualTo("PASS"), LastResult().Reason);
            Assert.That(femto.Asked.Single().Prompt, Does.Contain("Attempt 1: harness SeGW presenting segw-ecdsa"));
        }
    }

    [Test]
    public async Task Operator_cannot_gives_inconclusive_naming_the_question()
    {
        var (run, _) = await StartAsync("\"NRF-SEGW-AUTH.restart-tunnel\": { \"choice\": \"cannot\", \"comment\": \"no access to the femto's management\" }", restarts: 0);
        await using (run)
        {
            Assert.ThrowsAsync<InconclusiveException>(Trials().Go);

            var result = LastResult();
            Assert.That(result.Verdict, Is.EqualTo("INCONCLUSIVE"));
            Assert.That(result.Reason, Does.Contain("cannot trigger").And.Contain("NRF-SEGW-AUTH.restart-tunnel.1").And.Contain("not performed")
                .And.Contain("'cannot'").And.Contain("no access to the femto's management"));
            Assert.That(EvidenceText(result, "operator-NRF-SEGW-AUTH.restart-tunnel.1.json"), Does.Contain("\"Choice\": \"cannot\""));
        }
    }

    [Test]
    public async Task A_per_attempt_answer_overrides_the_general_one()
    {
        var (run, femto) = await StartAsync("""
            "NRF-SEGW-AUTH.restart-tunnel": { "choice": "done" }, "NRF-SEGW-AUTH.restart-tunnel.2": { "choice": "cannot", "comment": "femto locked up" }
            """, restarts: 1);
        await using (run)
        {
            Assert.ThrowsAsync<InconclusiveException>(Trials().Go);

            var result = LastResult();
            Assert.That(result.Reason, Does.Contain("segw-expired").And.Contain("NRF-SEGW-AUTH.restart-tunnel.2").And.Contain("femto locked up"));
            Assert.That(femto.Asked, Has.Count.EqualTo(2));
            Assert.That(result.Tables.Single().Rows[1][^1], Is.EqualTo("undecided"));
            Assert.That(result.Findings, Has.Count.EqualTo(1), "no finding for an attempt that never ran");
        }
    }

    [Test]
    public async Task Without_an_answer_the_trial_is_inconclusive_and_says_where_to_answer()
    {
        var (run, femto) = await StartAsync(answers: null, restarts: 0);
        await using (run)
        {
            Assert.ThrowsAsync<InconclusiveException>(Trials().Go);

            var result = LastResult();
            Assert.That(result.Reason, Does.Contain("NRF-SEGW-AUTH.restart-tunnel.1").And.Contain("no answer").And.Contain("operatorAnswers"));
            Assert.That(femto.Asked, Has.Count.EqualTo(1), "the trials stop after the positive control could not run");
            Assert.That(EvidenceText(result, "operator-NRF-SEGW-AUTH.restart-tunnel.1.json"), Does.Contain("\"answer\": null"));
        }
    }

    [Test]
    public async Task Done_but_no_IKE_SA_INIT_within_the_restart_bound_is_inconclusive()
    {
        var (run, _) = await StartAsync("\"restart-tunnel\": { \"choice\": \"done\" }", restarts: 0, restartSeconds: 1);
        await using (run)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAsync<InconclusiveException>(Trials().Go);

            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
            Assert.That(LastResult().Reason, Does.Contain("no IKE_SA_INIT reached the harness SeGW").And.Contain("within 1 s").And.Contain("tunnelRestartSeconds"));
        }
    }
}
