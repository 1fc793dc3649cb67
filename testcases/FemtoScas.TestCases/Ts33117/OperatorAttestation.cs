using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// A TS 33.117 record decided by one operator-assisted step: the question is asked (answered by the
/// DUT controller where it can observe the DUT itself, else by the lab's answers file), and each
/// choice maps to conforming, not conforming, or undecided. No answer is INCONCLUSIVE naming the
/// question; the answer, who gave it and its attachment go into the evidence (operator-&lt;id&gt;.json).
/// </summary>
internal static class OperatorAttestation
{
    public sealed record Meaning(bool? Conforms, string Says);

    public static async Task<Decision> JudgeAsync(TestCaseContext t, OperatorQuestion question, string subject, string expected, string clause, IReadOnlyDictionary<string, Meaning> meanings)
    {
        var answer = await t.AskOperatorAsync(question).ConfigureAwait(false);
        if (answer is null)
            return Decision.Inconclusive($"no answer to {question.Id}: give it in the PIXIT's operatorAnswers file (template fixtures/duts/operator-answers.template.json)");
        var detail = $"{answer.AnsweredBy}{(answer.Comment is { } c ? ": " + c : "")}";
        if (!meanings.TryGetValue(answer.Choice, out var meaning))
            return Decision.Inconclusive($"the answer '{answer.Choice}' to {question.Id} is not one of its choices");
        t.Step($"{question.Id}: '{answer.Choice}' ({detail})");
        t.Finding(new Finding(subject, expected, answer.Choice, meaning.Conforms ?? false, clause));
        return meaning.Conforms switch
        {
            true => Decision.Pass($"{meaning.Says} ({detail})"),
            false => Decision.Fail($"{meaning.Says} ({detail})"),
            null => Decision.Inconclusive($"{meaning.Says} ({detail})"),
        };
    }
}
