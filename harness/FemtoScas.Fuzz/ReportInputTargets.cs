using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Comparison;

namespace FemtoScas.Fuzz;

/// <summary>
/// Targets for the files the comparison, the expected-results gate and the documentation-review
/// verdicts read: a run journal (femtoscas diff), a lab's expected results (femtoscas.validation/1)
/// and a documentation-review answers file. Each may only end in a result or a DataFileException
/// that names the file it was given and a field.
/// </summary>
internal static class ReportInputTargets
{
    /// <summary>RunComparison.Load of the input as journal.jsonl, then the comparison with itself and both renderings.</summary>
    public static void RunJournal(byte[] input)
    {
        var dir = Path.Combine(FuzzLab.Scratch, "run");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, JournalSchema.FileName);
        File.WriteAllBytes(file, input);
        Targets.Loader(file, f =>
        {
            var journal = RunComparison.Load(f);
            var diff = RunComparison.Compare(journal, journal, "a", "b");
            if (!diff.Equal) throw new FuzzContractException("a journal compared with itself is not equal");
            DiffWriter.RenderJson(diff);
            DiffWriter.RenderHtml(diff);
        });
    }

    /// <summary>ExpectedResultsGate.LoadExpected of the input (the base configuration of a femtoscas.validation/1 file).</summary>
    public static void ExpectedResults(byte[] input) =>
        Targets.Loader(FuzzLab.WriteScratch("expected.json", input), f => ExpectedResultsGate.LoadExpected(f));

    /// <summary>DocumentationReviewFile.Load, then the check against the committed catalogue.</summary>
    public static void DocumentationReview(byte[] input) =>
        Targets.Loader(FuzzLab.WriteScratch("review.json", input), f => DocumentationReviewFile.Load(f).CheckAgainst(FuzzLab.Records));
}
