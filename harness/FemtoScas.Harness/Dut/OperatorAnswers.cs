using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// A step of a test case that the wire cannot show: a person looks (a spectrum analyser, the
/// vendor's documentation, a tampered image on a real femto) and answers one of
/// <see cref="Choices"/>, optionally with an attachment (photo, screenshot, document extract).
/// <see cref="Id"/> is stable so a lab can prepare answers before the run.
/// </summary>
public sealed record OperatorQuestion(string Id, string Prompt, IReadOnlyList<string> Choices, string? AttachmentRequest = null)
{
    /// <summary>
    /// More general ids, most specific first, whose prepared answer applies when none is given under
    /// <see cref="Id"/>: a step asked once per attempt (restart the femto's tunnel) can then be
    /// answered per attempt, per test case or once for the whole run.
    /// </summary>
    public IReadOnlyList<string> FallbackIds { get; init; } = [];

    /// <summary>
    /// The values the prompt was built from (the public-key fingerprint it names, say), by name: a DUT
    /// controller that automates the step checks the same thing the person is asked about.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The answer to an <see cref="OperatorQuestion"/> and where it came from: a named operator (from the
/// lab's answers file) or the DUT controller's automation (SimFemto), with what it observed.
/// <see cref="AnsweredUnder"/> is the answers-file id that gave it (the question's own id or one of
/// its <see cref="OperatorQuestion.FallbackIds"/>); null for an automated answer.
/// </summary>
public sealed record OperatorAnswer(string Choice, string AnsweredBy, bool Automated, string? Comment, string? AttachmentPath, DateTimeOffset AnsweredAt, string? AnsweredUnder = null);

/// <summary>
/// The lab's prepared answers (schema femtoscas.operator-answers/1), referenced by PIXIT
/// operatorAnswers. The file names the operator and the date, and per question id the choice, a
/// comment and an optional attachment (relative to the file). A question's own id is looked up
/// first, then its fallback ids (<see cref="OperatorQuestion.FallbackIds"/>). Unknown fields and choices that are
/// not offered are errors naming the file and field, found before any test runs a step.
/// </summary>
/// <example>
/// { "schema": "femtoscas.operator-answers/1", "operator": "J. Doe, Lab X", "answeredAt": "2026-11-20T10:00:00Z",
///   "answers": { "NRF-RADIO-OFF.before-tunnel": { "choice": "no", "comment": "UE scan: no cell", "attachment": "scan.png" } } }
/// </example>
public sealed class OperatorAnswerFile
{
    public const string Schema = "femtoscas.operator-answers/1";
    private readonly Dictionary<string, (string Choice, string? Comment, string? Attachment)> _answers;

    private OperatorAnswerFile(string file, string operatorName, DateTimeOffset answeredAt, Dictionary<string, (string, string?, string?)> answers)
    {
        File = file;
        Operator = operatorName;
        AnsweredAt = answeredAt;
        _answers = answers;
    }

    public string File { get; }
    public string Operator { get; }
    public DateTimeOffset AnsweredAt { get; }

    public static OperatorAnswerFile Load(string file)
    {
        var text = JsonObjectReader.ReadText(file, "the operator answers");
        using var document = JsonObjectReader.Parse(file, text);
        var r = new JsonObjectReader(file, "", document.RootElement);
        if (r.String("schema") != Schema) throw new DataFileException(file, "schema", $"expected '{Schema}'");
        var operatorName = r.String("operator");
        if (!DateTimeOffset.TryParse(r.String("answeredAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            throw new DataFileException(file, "answeredAt", "not an ISO 8601 date and time");
        var answers = new Dictionary<string, (string, string?, string?)>(StringComparer.Ordinal);
        var all = r.Object("answers");
        foreach (var id in all.FieldNames())
        {
            var a = all.Object(id);
            var attachment = a.OptionalString("attachment") is { } relative ? Path.GetFullPath(relative, Path.GetDirectoryName(Path.GetFullPath(file))!) : null;
            if (attachment is not null && !System.IO.File.Exists(attachment))
                throw new DataFileException(file, a.FieldPath("attachment"), $"no such file: {attachment}");
            answers[id] = (a.String("choice"), a.OptionalString("comment"), attachment);
            a.RejectUnknown();
        }

        r.RejectUnknown();
        return new OperatorAnswerFile(file, operatorName, at, answers);
    }

    /// <summary>
    /// The prepared answer to <paramref name="question"/> under its own id or, failing that, the first
    /// of its fallback ids the file answers; null when the lab gave none.
    /// </summary>
    public OperatorAnswer? Answer(OperatorQuestion question)
    {
        foreach (var id in question.FallbackIds.Prepend(question.Id))
        {
            if (!_answers.TryGetValue(id, out var a)) continue;
            if (!question.Choices.Contains(a.Choice, StringComparer.Ordinal))
                throw new DataFileException(File, $"answers.{id}.choice", $"'{a.Choice}' is not one of {string.Join(", ", question.Choices.Select(c => $"'{c}'"))}");
            return new OperatorAnswer(a.Choice, Operator, false, a.Comment, a.Attachment, AnsweredAt, id);
        }

        return null;
    }
}
