using System.Text.Json;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Execution;

/// <summary>
/// The base class maps every way a test case can end onto its verdict and NUnit outcome, and
/// records it in the journal: a silent DUT gives INCONCLUSIVE after the guard timer (never a
/// hang), a harness fault gives ERROR, a false PICS claim gives NOT APPLICABLE.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ConformanceTestBaseTests
{
    private string results = "";
    private SuiteRun? run;

    [Requirement("TS33117-4.4.2")]
    private sealed class PortScanLike(Func<TestCaseContext, Task<Decision>> body) : ConformanceTest
    {
        public Task Go() => RunAsync(body);
    }

    [Requirement("TS33117-4.2.3.2.4")]
    private sealed class TlsLike(Func<TestCaseContext, Task<Decision>> body) : ConformanceTest
    {
        public Task Go() => RunAsync(body);
    }

    [Requirement("NO-SUCH-RECORD")]
    private sealed class Unknown : ConformanceTest
    {
        public Task Go() => RunAsync(_ => Task.FromResult(Decision.Pass("never")));
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        var root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        results = Path.Combine(Path.GetTempPath(), $"femtoscas-base-{Guid.NewGuid():N}");
        Directory.CreateDirectory(results);
        // The SimFemto profile with a 5 s guard, no capture, and no local GUI / management TLS.
        var text = File.ReadAllText(Path.Combine(root, "fixtures", "duts", "simfemto.json"))
            .Replace("\"guardTimeoutSeconds\": 300", "\"guardTimeoutSeconds\": 5", StringComparison.Ordinal)
            .Replace("\"captureInterface\": \"lo\",", "", StringComparison.Ordinal)
            .Replace("\"localGui\": true", "\"localGui\": false", StringComparison.Ordinal)
            .Replace("\"managementTls\": true", "\"managementTls\": false", StringComparison.Ordinal);
        var profile = Path.Combine(results, "profile.json");
        File.WriteAllText(profile, text);
        run = await SuiteRun.StartAsync(new RunParameters(profile, results, [], Path.Combine(root, "fixtures", "requirements")),
            p => new OperatorPreparedDut(p), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (run is not null) await run.DisposeAsync();
        Directory.Delete(results, recursive: true);
    }

    private TestFinished LastResult()
    {
        var journal = RunJournal.Read(Path.Combine(results, JournalSchema.FileName));
        return journal.Tests[^1];
    }

    [Test]
    public void A_silent_DUT_gives_inconclusive_after_the_guard_timer()
    {
        var body = new PortScanLike(async t =>
        {
            t.Step("waiting for an answer that never comes");
            await Task.Delay(Timeout.Infinite, t.CancellationToken);
            return Decision.Pass("unreachable");
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAsync<InconclusiveException>(body.Go);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        var result = LastResult();
        Assert.That(result.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(result.Reason, Does.Contain("guard timeout").And.Contain("waiting for an answer"));
    }

    [Test]
    public void A_body_that_ignores_cancellation_is_abandoned_not_waited_for()
    {
        var body = new PortScanLike(async _ =>
        {
            await Task.Delay(TimeSpan.FromMinutes(10));
            return Decision.Pass("too late");
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAsync<InconclusiveException>(body.Go);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        Assert.That(LastResult().Verdict, Is.EqualTo("INCONCLUSIVE"));
    }

    [Test]
    public void A_harness_fault_is_an_error_not_a_DUT_failure()
    {
        var body = new PortScanLike(_ => throw new HarnessEnvironmentException("reader gone"));
        var ex = Assert.ThrowsAsync<HarnessErrorVerdictException>(body.Go);
        Assert.That(ex!.Message, Does.Contain("ERROR").And.Contain("reader gone"));
        var result = LastResult();
        Assert.That(result.Verdict, Is.EqualTo("ERROR"));
        Assert.That(result.Evidence.Select(e => e.Kind), Does.Contain("error"));
    }

    [Test]
    public void A_fail_is_an_assertion_failure_with_its_reason_and_hashed_evidence()
    {
        var body = new PortScanLike(t =>
        {
            t.Evidence.AttachText("note.txt", "note", "a note", "observed tcp/23 open");
            return Task.FromResult(Decision.Fail("tcp/23 open"));
        });
        var ex = Assert.ThrowsAsync<AssertionException>(body.Go);
        Assert.That(ex!.Message, Does.Contain("FAIL: tcp/23 open"));
        var result = LastResult();
        Assert.That(result.Verdict, Is.EqualTo("FAIL"));
        var note = result.Evidence.Single(e => e.Kind == "note");
        var bytes = File.ReadAllBytes(Path.Combine(results, note.Path));
        Assert.That(note.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
    }

    /// <summary>
    /// An attended run: the question no controller or answers file answers is asked on the (piped) terminal;
    /// the answer reaches the case, its evidence (source: live) and operator-answers-live.json.
    /// </summary>
    [Test]
    [CancelAfter(30_000)]
    public void An_open_operator_question_is_asked_live_and_recorded()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        var client = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, pipe.ClientSafePipeHandle);
        var screen = new StringWriter();
        var console = LiveOperatorConsole.Start(TextWriter.Synchronized(screen), client, TimeSpan.FromSeconds(3));
        using var scope = LiveOperatorConsole.Override(console);
        var question = new OperatorQuestion("TEST.live-question", "Is the femto's LED green?", ["yes", "no"]);
        var typing = Task.Run(async () =>
        {
            await Task.Delay(500);
            using var w = new StreamWriter(pipe) { AutoFlush = true };
            await w.WriteLineAsync("no");
        });
        var body = new PortScanLike(async t =>
        {
            var answer = await t.AskOperatorAsync(question);
            return answer is null ? Decision.Inconclusive("no answer") : Decision.Fail("LED " + answer.Choice);
        });
        Assert.ThrowsAsync<AssertionException>(body.Go);
        typing.Wait();
        var result = LastResult();
        Assert.That(result.Reason, Is.EqualTo("LED no"));
        var record = result.Evidence.Single(e => e.Path.EndsWith("operator-TEST.live-question.json", StringComparison.Ordinal));
        Assert.That(File.ReadAllText(Path.Combine(results, record.Path)), Does.Contain("operator (live, on the terminal)"));
        var live = OperatorAnswerFile.Load(Path.Combine(results, LiveOperatorConsole.AnswersFileName));
        Assert.That(live.Answer(question)?.Choice, Is.EqualTo("no"));
        Assert.That(screen.ToString(), Does.Contain("Is the femto's LED green?"));
    }

    [Test]
    public void A_false_PICS_claim_gives_not_applicable_naming_it()
    {
        var ran = false;
        var body = new TlsLike(_ => { ran = true; return Task.FromResult(Decision.Pass("x")); });
        var ex = Assert.Throws<IgnoreException>(() => body.Go().GetAwaiter().GetResult());
        Assert.That(ran, Is.False);
        Assert.That(ex!.Message, Does.Contain("localGui=false"));
        Assert.That(LastResult().Verdict, Is.EqualTo("NOT_APPLICABLE"));
    }

    [Test]
    public void A_pass_passes_and_secrets_in_steps_and_reasons_are_masked()
    {
        var body = new PortScanLike(t =>
        {
            t.Step("K is 465B5CE8B199B49FAA5F0A2EE238A6BC");
            return Task.FromResult(Decision.Pass("ok, K=46 5b 5c e8 b1 99 b4 9f aa 5f 0a 2e e2 38 a6 bc"));
        });
        Assert.DoesNotThrowAsync(body.Go);
        var result = LastResult();
        Assert.That(result.Verdict, Is.EqualTo("PASS"));
        var json = JsonSerializer.Serialize(result, JournalJson.Options);
        Assert.That(json, Does.Not.Contain("465b5ce8").IgnoreCase.And.Not.Contain("46 5b 5c"));
        Assert.That(File.ReadAllText(Path.Combine(results, result.Evidence.Single(e => e.Kind == "step-log").Path)),
            Does.Contain(SecretRegistry.Placeholder).And.Not.Contain("465B5CE8"));
    }

    [Test]
    public void A_test_naming_an_unknown_record_is_an_error()
    {
        var ex = Assert.ThrowsAsync<HarnessErrorVerdictException>(new Unknown().Go);
        Assert.That(ex!.Message, Does.Contain("NO-SUCH-RECORD"));
    }

    [Test]
    public void The_base_class_writes_the_key_tables_once_for_the_SAs_roles_handed_over()
    {
        var body = new PortScanLike(t =>
        {
            // A role that made no keyed SA (the DUT never got past IKE_SA_INIT) still leaves the tables, empty.
            t.KeepKeys([]);
            t.KeepKeys([]);
            return Task.FromResult(Decision.Pass("keys handed over"));
        });
        body.Go().GetAwaiter().GetResult();

        var result = LastResult();
        var tables = result.Evidence.Where(e => e.Kind == "key-table").Select(e => Path.GetFileName(e.Path)).ToList();
        Assert.That(tables, Is.EquivalentTo(new[] { "ikev2_decryption_table", "esp_sa" }), "written once, both tables");
        Assert.That(File.ReadAllText(Path.Combine(results, result.Evidence.First(e => e.Kind == "key-table").Path)), Does.StartWith("# Written by FemtoScas"));
        Assert.That(result.Steps.Select(s => s.Text), Has.One.StartsWith("Wireshark key tables written for 0 IKE SA(s)"));
        var readme = result.Evidence.Single(e => e.Kind == "readme");
        Assert.That(Path.GetFileName(readme.Path), Is.EqualTo("README.txt"), "beside the key tables, hashed like them");
        Assert.That(File.ReadAllText(Path.Combine(results, readme.Path)), Does.Contain("./femtoscas open-evidence RESULTS/" + Path.GetDirectoryName(readme.Path)!.Replace('\\', '/') + " --print"));
    }

    [Test]
    public void No_key_tables_when_no_role_handed_over_an_SA()
    {
        var body = new PortScanLike(_ => Task.FromResult(Decision.Pass("no tunnel in this case")));
        body.Go().GetAwaiter().GetResult();
        Assert.That(LastResult().Evidence.Where(e => e.Kind == "key-table"), Is.Empty);
        Assert.That(LastResult().Steps.Select(s => s.Text), Has.One.StartsWith("SeGW ports: none"), "the step log says there is no SeGW port to decode");
    }
}

/// <summary>A lone surrogate from a DUT must not make a journal line unreadable.</summary>
[TestFixture]
public sealed class EvidenceTextTests
{
    [Test]
    public void Lone_surrogates_become_replacement_characters_and_pairs_survive()
    {
        Assert.That(EvidenceText.Clean("banner \ud800 end"), Is.EqualTo("banner \uFFFD end"));
        Assert.That(EvidenceText.Clean("pair \ud83d\ude00 ok"), Is.EqualTo("pair \ud83d\ude00 ok"));
        var json = System.Text.Json.JsonSerializer.Serialize(new StepEntry(DateTimeOffset.UnixEpoch, EvidenceText.Clean("x\udc00y")), JournalJson.Options);
        Assert.That(System.Text.Json.JsonSerializer.Deserialize<StepEntry>(json, JournalJson.Options)!.Text, Is.EqualTo("x\uFFFDy"));
    }
}
