using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// Operator-assisted questions asked live on the terminal of an attended run. <c>./femtoscas run</c>
/// sets the run parameter <c>LiveConsole=tty</c> only when its standard input is a terminal; the test
/// host then opens <c>/dev/tty</c> (its controlling terminal, since <c>dotnet test</c> does not pass
/// standard input on). A question comes after the DUT controller and the PIXIT's prepared answers
/// file, which stays the unattended way; it waits at most <see cref="Timeout"/> (run parameter
/// <c>OperatorTimeoutSeconds</c>, default 300, at most 3600) and then counts as no answer
/// (the case decides INCONCLUSIVE). Nothing is asked in CI: no parameter, or no terminal, no question.
/// Each live answer is written into the case's evidence (by <see cref="TestCaseContext.AskOperatorAsync"/>)
/// and into <c>operator-answers-live.json</c> in the results folder, a femtoscas.operator-answers/1
/// file the next run can take as its prepared answers.
/// </summary>
public sealed class LiveOperatorConsole
{
    public const string AnswersFileName = "operator-answers-live.json";
    private const int MaxLineLength = 1024;
    private const int MaxAttempts = 3;

    private static readonly Lock Gate = new();
    private static LiveOperatorConsole? current;
    private static bool resolved;
    private static LiveOperatorConsole? overridden;

    /// <summary>For the runner's own tests: a console over pipes in place of the terminal, until the returned scope ends.</summary>
    internal static IDisposable Override(LiveOperatorConsole console)
    {
        lock (Gate) overridden = console;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) overridden = null;
        }
    }

    private readonly TextWriter terminal;
    private readonly ChannelReader<string> lines;
    private readonly JsonObject answers = new();

    private LiveOperatorConsole(TextWriter terminal, ChannelReader<string> lines, TimeSpan timeout)
    {
        this.terminal = terminal;
        this.lines = lines;
        Timeout = timeout;
    }

    /// <summary>How long one question waits for an answer.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The console of this run, or null when the run is unattended (no <c>LiveConsole=tty</c>) or the
    /// terminal cannot be opened (the reason goes to <paramref name="note"/> once).
    /// </summary>
    public static LiveOperatorConsole? ForRun(Func<string, string?> parameter, Action<string> note)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(note);
        lock (Gate)
        {
            if (overridden is not null) return overridden;
            if (resolved) return current;
            resolved = true;
            if (!string.Equals(parameter("LiveConsole"), "tty", StringComparison.OrdinalIgnoreCase)) return null;
            var seconds = int.TryParse(parameter("OperatorTimeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 1, 3600) : 300;
            try
            {
                var output = new StreamWriter(new FileStream("/dev/tty", FileMode.Open, FileAccess.Write), new UTF8Encoding(false)) { AutoFlush = true };
                var input = new FileStream("/dev/tty", FileMode.Open, FileAccess.Read);
                current = Start(output, input, TimeSpan.FromSeconds(seconds));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                note($"no live operator questions: the terminal cannot be opened ({e.Message}); prepared answers only");
            }
            return current;
        }
    }

    /// <summary>
    /// A console over any pair of streams (the terminal, or a test's pipes): one background reader turns
    /// input into lines (each cut at 1024 characters), so a question that timed out leaves no blocked read behind.
    /// </summary>
    internal static LiveOperatorConsole Start(TextWriter output, Stream input, TimeSpan timeout)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        var reader = new Thread(() =>
        {
            try
            {
                using var text = new StreamReader(input, Encoding.UTF8);
                var line = new StringBuilder();
                int c;
                while ((c = text.Read()) >= 0)
                {
                    if (c == '\n')
                    {
                        channel.Writer.TryWrite(line.ToString().Trim());
                        line.Clear();
                    }
                    else if (line.Length < MaxLineLength && c != '\r') line.Append((char)c);
                }
            }
            catch (IOException) { /* the terminal went away: no more answers */ }
            finally { channel.Writer.TryComplete(); }
        }) { IsBackground = true, Name = "femtoscas live operator console" };
        reader.Start();
        return new LiveOperatorConsole(output, channel.Reader, timeout);
    }

    /// <summary>
    /// Asks <paramref name="question"/> (for case <paramref name="caseId"/>) and waits for one of its
    /// choices, by name or number; null after <see cref="Timeout"/>, three answers that are no choice,
    /// or the end of the terminal's input. Lines typed before the question are discarded.
    /// </summary>
    public async Task<OperatorAnswer?> AskAsync(string caseId, OperatorQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        while (lines.TryRead(out _)) { }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var choices = string.Join("  ", question.Choices.Select((c, i) => $"[{i + 1}] {c}"));
        await terminal.WriteLineAsync($"\nFemtoScas {caseId}: operator-assisted step {question.Id}\n  {question.Prompt}\n  {choices}\n" +
            $"  answer within {RunProgress.Span(Timeout)} (name or number; nothing = no answer, the case is INCONCLUSIVE):").ConfigureAwait(false);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            string line;
            try
            {
                line = await lines.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await terminal.WriteLineAsync($"  no answer within {RunProgress.Span(Timeout)}: {question.Id} stays unanswered").ConfigureAwait(false);
                return null;
            }
            catch (ChannelClosedException)
            {
                return null;
            }
            var choice = Match(line, question.Choices);
            if (choice is not null)
            {
                var answer = new OperatorAnswer(choice, $"operator at the terminal ({Environment.UserName})", false, "answered live on the terminal", null, DateTimeOffset.UtcNow);
                await terminal.WriteLineAsync($"  recorded: {question.Id} = {choice}").ConfigureAwait(false);
                return answer;
            }
            await terminal.WriteLineAsync($"  '{line}' is not one of the choices ({attempt} of {MaxAttempts})").ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>The choice a typed line names: its text (any case) or its 1-based number; null otherwise.</summary>
    internal static string? Match(string line, IReadOnlyList<string> choices)
    {
        var text = line.Trim();
        if (text.Length == 0) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count) return choices[n - 1];
        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Adds a live answer to <see cref="AnswersFileName"/> in <paramref name="resultsDirectory"/> (rewritten whole), in the
    /// format of the PIXIT's operatorAnswers file, so a later unattended run can be given the same answers.
    /// </summary>
    public void Record(string resultsDirectory, OperatorQuestion question, OperatorAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        lock (Gate)
        {
            answers[question.Id] = new JsonObject { ["choice"] = answer.Choice, ["comment"] = answer.Comment };
            var file = new JsonObject
            {
                ["schema"] = OperatorAnswerFile.Schema,
                ["operator"] = answer.AnsweredBy,
                ["answeredAt"] = answer.AnsweredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["answers"] = answers.DeepClone(),
            };
            File.WriteAllText(Path.Combine(resultsDirectory, AnswersFileName), file.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }
}
