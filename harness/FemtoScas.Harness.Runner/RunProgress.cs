using System.Globalization;
using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// Console progress of a conformance run: "case n of m", the case, elapsed time and an estimate of
/// what is left when each case starts; its verdict and duration when it ends; and while it runs, a
/// heartbeat every <see cref="Heartbeat"/> naming its current (last logged) step. Lines go to
/// NUnit's progress stream (<c>TestContext.Progress</c>), which <c>dotnet test</c> prints as they come.
/// <para>
/// m is counted, not guessed: the conformance test methods under the run's root suite that are
/// runnable and pass the run's filter (<c>dotnet test --filter</c>, as <c>femtoscas validate</c>
/// passes a configuration's <c>testCases</c>). NUnit gives the filter to its work items; the one
/// that runs the current test is read from the test worker (<see cref="SelectedFilter"/>). Where
/// that cannot be read (another NUnit dispatcher), m is the unfiltered count and the line says
/// "at most m".
/// </para>
/// </summary>
public sealed class RunProgress
{
    private static readonly Lock Gate = new();
    private static RunProgress? current;

    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly List<double> durations = [];
    private int number;

    private RunProgress(int total, bool exact)
    {
        Total = total;
        Exact = exact;
    }

    /// <summary>The number of conformance cases this run will execute (see the class summary).</summary>
    public int Total { get; }
    /// <summary>False when the run's filter could not be read and <see cref="Total"/> counts every conformance case of the assembly.</summary>
    public bool Exact { get; }

    /// <summary>How often a running case reports its current step: <c>Progress=steps</c> (set by ./femtoscas run on a terminal) every 5 s, otherwise every 30 s.</summary>
    public static TimeSpan Heartbeat { get; private set; } = TimeSpan.FromSeconds(30);

    /// <summary>The run's progress, counted on first use from the NUnit tree around the current test.</summary>
    public static RunProgress ForCurrentRun()
    {
        lock (Gate)
        {
            if (current is not null) return current;
            if (string.Equals(TestContext.Parameters.Get("Progress"), "steps", StringComparison.OrdinalIgnoreCase))
                Heartbeat = TimeSpan.FromSeconds(5);
            var context = TestExecutionContext.CurrentContext;
            var filter = SelectedFilter(context);
            var root = context.CurrentTest;
            while (root.Parent is Test parent) root = parent;
            current = new RunProgress(Count(root, filter ?? TestFilter.Empty), filter is not null);
            return current;
        }
    }

    /// <summary>Conformance test methods under <paramref name="suite"/> that are runnable and that <paramref name="filter"/> selects.</summary>
    internal static int Count(ITest suite, ITestFilter filter)
    {
        var n = 0;
        foreach (var child in suite.Tests)
        {
            if (child.IsSuite) n += Count(child, filter);
            else if (child.RunState == RunState.Runnable && filter.Pass(child)
                     && child.TypeInfo?.Type is { } type && typeof(ConformanceTest).IsAssignableFrom(type))
                n++;
        }
        return n;
    }

    /// <summary>
    /// The filter of the work item running the current test: NUnit keeps it on the work item
    /// (<c>WorkItem.Filter</c>, public), and the test worker holds the work item it runs in a private
    /// field. Null when either cannot be read.
    /// </summary>
    internal static ITestFilter? SelectedFilter(TestExecutionContext context)
    {
        var worker = context.TestWorker;
        if (worker is null) return null;
        var field = worker.GetType().GetField("_currentWorkItem", BindingFlags.Instance | BindingFlags.NonPublic);
        return field?.GetValue(worker) is NUnit.Framework.Internal.Execution.WorkItem item ? item.Filter : null;
    }

    /// <summary>A case starts: its number, the elapsed time and the estimate; returns its number.</summary>
    public int Started(string id, string testName)
    {
        int n;
        double? left;
        lock (Gate)
        {
            n = ++number;
            left = durations.Count == 0 ? null : durations.Average() * Math.Max(0, Total - n + 1);
        }
        var elapsed = DateTimeOffset.UtcNow - started;
        TestContext.Progress.WriteLine($"FemtoScas: [{Of(n)}] {id} {testName}: elapsed {Span(elapsed)}" +
            (left is { } s ? $", about {Span(TimeSpan.FromSeconds(s))} left" : ", no estimate before the first case ends"));
        return n;
    }

    /// <summary>A running case, every <see cref="Heartbeat"/>: its current step.</summary>
    public void StillRunning(int n, string id, TimeSpan running, string? lastStep) =>
        TestContext.Progress.WriteLine($"FemtoScas: [{Of(n)}] {id} running {Span(running)}; current step: {Shorten(lastStep ?? "(none yet)")}");

    /// <summary>A case ended: its verdict and duration (which feeds the estimate).</summary>
    public void Finished(int n, string id, string verdict, TimeSpan took)
    {
        lock (Gate) durations.Add(took.TotalSeconds);
        TestContext.Progress.WriteLine($"FemtoScas: [{Of(n)}] {id}: {verdict} in {Span(took)}");
    }

    private string Of(int n) => Exact ? $"case {n} of {Total}" : $"case {n} of at most {Total}";

    internal static string Span(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:00} min")
        : t.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s");

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";
}
