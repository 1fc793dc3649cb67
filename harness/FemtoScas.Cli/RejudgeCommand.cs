using FemtoScas.Reports.Comparison;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas rejudge DIR</c>: re-decides every case of a run whose decision is a function of what
/// the run stored, with this build's judgement code, and names every verdict that would differ.
/// Exit 0 when every re-judgeable verdict agrees, 1 when one differs or its stored observations can no
/// longer be judged, 2 unreadable input (the message names file and field).
/// </summary>
internal static class RejudgeCommand
{
    public const string Usage = "usage: rejudge DIR|JOURNAL   (a results folder or its journal.jsonl)";

    public static int Run(string[] args)
    {
        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine("femtoscas: " + Usage); return 2; }
        var result = Rejudgement.Run(args[0]);
        foreach (var c in result.Cases)
        {
            var line = c.Outcome switch
            {
                RejudgeOutcome.Differs => c.NewVerdict is null
                    ? $"DIFFERS: {c.TestName} ({c.Id}): {c.OldVerdict} -> not decided: {c.Why}"
                    : $"DIFFERS: {c.TestName} ({c.Id}): {c.OldVerdict} -> {c.NewVerdict}: {c.NewReason}\n         was: {c.OldReason}",
                RejudgeOutcome.Unreadable => $"UNSUPPORTED: {c.TestName} ({c.Id}): {c.OldVerdict} can no longer be re-decided: {c.Why}",
                RejudgeOutcome.ReasonChanged => $"same verdict, new reason: {c.TestName} ({c.Id}): {c.OldVerdict}: {c.NewReason}\n         was: {c.OldReason}",
                RejudgeOutcome.Agrees => $"agrees: {c.TestName} ({c.Id}): {c.OldVerdict}",
                _ => $"not re-judgeable: {c.TestName} ({c.Id}): {c.OldVerdict}: {c.Why}",
            };
            Console.WriteLine(line);
            foreach (var n in c.Notes) Console.WriteLine("         note: " + n);
        }
        int Count(RejudgeOutcome o) => result.Cases.Count(c => c.Outcome == o);
        Console.WriteLine($"rejudge: run {result.RunId}: {result.Cases.Count} case(s): {Count(RejudgeOutcome.Agrees) + Count(RejudgeOutcome.ReasonChanged)} agree" +
                          $" ({Count(RejudgeOutcome.ReasonChanged)} with a new reason), {Count(RejudgeOutcome.Differs)} differ, " +
                          $"{Count(RejudgeOutcome.Unreadable)} unsupported, {Count(RejudgeOutcome.NotRejudgeable)} not re-judgeable (need the live DUT)");
        return result.Agrees ? 0 : 1;
    }
}
