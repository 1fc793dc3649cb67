using System.Security.Cryptography;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports.Comparison;

/// <summary>How a stored verdict fares when re-decided offline.</summary>
public enum RejudgeOutcome
{
    /// <summary>The current code decides the same verdict for the same reason.</summary>
    Agrees,
    /// <summary>Same verdict, but the reason would now read differently (not a verdict change).</summary>
    ReasonChanged,
    /// <summary>The current code decides another verdict.</summary>
    Differs,
    /// <summary>The stored observations cannot be read back (changed, truncated, from another version): the verdict is unsupported.</summary>
    Unreadable,
    /// <summary>The decision needs the live DUT: listed with why, never counted as agreeing.</summary>
    NotRejudgeable,
}

/// <summary>One case of a re-judged run: its stored verdict, the verdict the current code decides (null when it cannot), and notes.</summary>
public sealed record RejudgedCase(string TestName, string Id, string OldVerdict, string OldReason, string? NewVerdict, string? NewReason,
    RejudgeOutcome Outcome, string? Why, IReadOnlyList<string> Notes);

/// <summary>
/// <c>femtoscas rejudge DIR</c>: re-decides, with the judgement code of this FemtoScas build, every case
/// of a run whose decision is a function of what the run stored (the PICS and catalogue in the
/// journal for applicability; the observation records, <see cref="ObservationRecord"/>, and the
/// captures they name), and compares with the journal's verdicts. A replay mode for reviewers and a
/// regression check for judgement changes.
/// </summary>
public sealed record Rejudgement(string Journal, string RunId, IReadOnlyList<RejudgedCase> Cases)
{
    /// <summary>True when no re-judgeable verdict differs and every stored observation record reads back.</summary>
    public bool Agrees => Cases.All(c => c.Outcome is not (RejudgeOutcome.Differs or RejudgeOutcome.Unreadable));

    public static Rejudgement Run(string dirOrJournal)
    {
        var journal = RunComparison.Load(dirOrJournal);
        var full = Path.GetFullPath(dirOrJournal);
        var journalPath = Directory.Exists(full) ? Path.Combine(full, JournalSchema.FileName) : full;
        var results = Path.GetDirectoryName(journalPath)!;
        var records = journal.Start.Catalogue.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var cases = journal.Tests.Select(t => Case(t, results, records, journal.Start.Pics)).ToList();
        return new Rejudgement(journalPath, journal.Start.RunId, cases);
    }

    private static RejudgedCase Case(TestFinished t, string results, IReadOnlyDictionary<string, RequirementRecord> records, IReadOnlyDictionary<string, bool> pics)
    {
        RejudgedCase Result(RejudgeOutcome outcome, Decision? now, string? why, IReadOnlyList<string>? notes = null) =>
            new(t.TestName, t.Id, t.Verdict, t.Reason, now?.Verdict.Wire(), now?.Reason, outcome, why, notes ?? []);

        // Applicability is decided from the PICS and the catalogue record the journal stored.
        if (!records.TryGetValue(t.Id, out var record))
            return Result(RejudgeOutcome.NotRejudgeable, null, $"the journal's catalogue has no record '{t.Id}', so its PICS condition is unknown");
        PicsCondition condition;
        try { condition = PicsCondition.Parse(record.Pics); }
        catch (FormatException e) { return Result(RejudgeOutcome.Unreadable, null, $"the stored PICS condition '{record.Pics}' no longer parses: {e.Message}"); }
        var notApplicable = Applicability.NotApplicable(condition, pics);
        var wasNotApplicable = t.Verdict == Verdict.NotApplicable.Wire();
        if (notApplicable is not null) return Compare(t, notApplicable, []);
        if (wasNotApplicable)
            return Result(RejudgeOutcome.Differs, null, $"PICS condition '{condition.Text}' is now true for the stored PICS: the case applies and needs a live run");

        var observations = t.Evidence.Where(e => e.Kind == ObservationRecord.Kind).ToList();
        if (observations.Count == 0)
            return Result(RejudgeOutcome.NotRejudgeable, null, WhyNot(t, record));
        if (Inside(results, observations[0].Path) is not { } path)
            return Result(RejudgeOutcome.Unreadable, null, $"the journal places the observation record outside the results folder: '{observations[0].Path}'");
        var notes = new List<string>();
        foreach (var e in t.Evidence.Where(e => e.Kind is ObservationRecord.Kind or "pcap"))
            if (Inside(results, e.Path) is { } file && Changed(file, e.Sha256) is { } change) notes.Add($"{e.Path} {change}");
        try
        {
            var now = ReplayJudges.Decide(path).Decision;
            return Compare(t, now with { Reason = EvidenceText.Clean(now.Reason) }, notes);
        }
        catch (DataFileException e)
        {
            return Result(RejudgeOutcome.Unreadable, null, "the observation record cannot be judged: " + e.Message, notes);
        }
    }

    private static RejudgedCase Compare(TestFinished t, Decision now, IReadOnlyList<string> notes)
    {
        var outcome = now.Verdict.Wire() != t.Verdict ? RejudgeOutcome.Differs
            : now.Reason != t.Reason ? RejudgeOutcome.ReasonChanged
            : RejudgeOutcome.Agrees;
        return new(t.TestName, t.Id, t.Verdict, t.Reason, now.Verdict.Wire(), now.Reason, outcome, null, notes);
    }

    /// <summary>Why a case without an observation record cannot be re-decided offline.</summary>
    private static string WhyNot(TestFinished t, RequirementRecord record)
    {
        if (t.Verdict == Verdict.Error.Wire()) return "ERROR is a harness or environment fault, decided by no judgement";
        return record.Automation switch
        {
            AutomationLevel.OperatorAssisted => "its decision needs the live DUT and the operator's answers during the exchange; the case stores no observation record to replay",
            AutomationLevel.DocumentationReview => "a documentation-review verdict comes from the lab's review, not from observations",
            _ => "its decision needs the live DUT (it probes and decides within the exchange); the case stores no observation record to replay",
        };
    }

    /// <summary>The full path of a journal's evidence path when it lies inside <paramref name="results"/>; null when it points outside.</summary>
    private static string? Inside(string results, string relative)
    {
        var root = Path.GetFullPath(results) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(results, relative));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>"changed after the run" when the file's SHA-256 is no longer the journal's, "missing" when it is gone; null when intact.</summary>
    private static string? Changed(string path, string sha256)
    {
        if (!File.Exists(path)) return "is missing";
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s)) == sha256 ? null : "changed after the run (its SHA-256 is not the journal's); re-judged as it is now";
    }
}
