using System.IO.Pipes;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Runner;
using NUnit.Framework;
using NUnit.Framework.Internal;

namespace FemtoScas.Harness.Tests.Execution;

/// <summary>
/// The attended run's live operator questions (<see cref="LiveOperatorConsole"/>) over a pipe in place
/// of the terminal: an answer by name or number, a bounded wait that ends as no answer, answers that
/// are no choice, and the live answers file read back by the prepared-answers loader. And the run
/// progress's count: NUnit's filter of the running work item can be read on this NUnit version.
/// </summary>
[TestFixture]
public sealed class LiveConsoleAndProgressTests
{
    private static readonly OperatorQuestion Question = new("NRF-RADIO-OFF.before-tunnel", "Does a UE see the femto's cell?", ["yes", "no"]);

    private static (LiveOperatorConsole Console, StreamWriter Typing, StringWriter Screen, AnonymousPipeServerStream Pipe) Terminal(TimeSpan timeout)
    {
        var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var client = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var screen = new StringWriter();
        var console = LiveOperatorConsole.Start(TextWriter.Synchronized(screen), client, timeout);
        return (console, new StreamWriter(pipe) { AutoFlush = true }, screen, pipe);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task AnAnswerByNumberOrNameIsTheChoice()
    {
        var (console, typing, screen, pipe) = Terminal(TimeSpan.FromSeconds(10));
        using (pipe)
        {
            var asked = console.AskAsync("NRF-RADIO-OFF", Question, CancellationToken.None);
            await Task.Delay(200);
            await typing.WriteLineAsync("2");
            var answer = await asked;
            Assert.That(answer?.Choice, Is.EqualTo("no"));
            Assert.That(answer!.Automated, Is.False);
            Assert.That(answer.AnsweredBy, Does.StartWith("operator at the terminal"));

            asked = console.AskAsync("NRF-RADIO-OFF", Question, CancellationToken.None);
            await Task.Delay(200);
            await typing.WriteLineAsync("  YES ");
            Assert.That((await asked)?.Choice, Is.EqualTo("yes"));
            Assert.That(screen.ToString(), Does.Contain("Does a UE see the femto's cell?").And.Contain("[1] yes  [2] no").And.Contain("recorded: NRF-RADIO-OFF.before-tunnel = yes"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task NoAnswerInTimeIsNoAnswerNotAHang()
    {
        var (console, _, screen, pipe) = Terminal(TimeSpan.FromSeconds(1));
        using (pipe)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var answer = await console.AskAsync("NRF-RADIO-OFF", Question, CancellationToken.None);
            Assert.That(answer, Is.Null);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(screen.ToString(), Does.Contain("no answer within 1.0 s"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task ThreeAnswersThatAreNoChoiceAreNoAnswer()
    {
        var (console, typing, screen, pipe) = Terminal(TimeSpan.FromSeconds(10));
        using (pipe)
        {
            var asked = console.AskAsync("NRF-RADIO-OFF", Question, CancellationToken.None);
            await Task.Delay(200);
            foreach (var wrong in new[] { "maybe", "3", new string('x', 5000) }) await typing.WriteLineAsync(wrong);
            Assert.That(await asked, Is.Null);
            Assert.That(screen.ToString(), Does.Contain("'maybe' is not one of the choices (1 of 3)").And.Contain("(3 of 3)"));
        }
    }

    [Test]
    public void ALiveAnswerIsWrittenAsAPreparedAnswersFileTheNextRunCanTake()
    {
        var results = Directory.CreateTempSubdirectory("femtoscas-live-").FullName;
        try
        {
            var (console, _, _, pipe) = Terminal(TimeSpan.FromSeconds(1));
            using (pipe)
            {
                console.Record(results, Question, new OperatorAnswer("no", "operator at the terminal (lab)", false, "answered live on the terminal", null, DateTimeOffset.UtcNow));
                var file = OperatorAnswerFile.Load(Path.Combine(results, LiveOperatorConsole.AnswersFileName));
                Assert.That(file.Answer(Question)?.Choice, Is.EqualTo("no"));
                Assert.That(file.Operator, Is.EqualTo("operator at the terminal (lab)"));
            }
        }
        finally { Directory.Delete(results, recursive: true); }
    }

    [Test]
    public void TheFilterOfTheRunningWorkItemIsReadableAndSelectsThisTest()
    {
        var context = TestExecutionContext.CurrentContext;
        var filter = RunProgress.SelectedFilter(context);
        Assert.That(filter, Is.Not.Null, "NUnit's test worker no longer exposes its work item: RunProgress would count 'at most m'");
        Assert.That(filter!.Pass(context.CurrentTest), Is.True);
    }
}
