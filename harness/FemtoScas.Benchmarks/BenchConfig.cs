using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FemtoScas.Benchmarks;

/// <summary>
/// Columns, memory diagnoser, console log and GitHub-markdown export shared by every class.
/// It adds no job: each class names its own (<see cref="ShortJobAttribute"/> or
/// <see cref="SlowOperationJobAttribute"/>), because jobs from a global config and from a
/// class attribute add up and the port scan must not run under both.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.OperationsPerSecond, new ThroughputColumn());
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
    }
}

/// <summary>
/// The short job, so a full run stays within a few minutes on a 2-core host: 1 launch, 2
/// warm-up and 5 measured iterations (BenchmarkDotNet's pilot stage picks the invocations per
/// iteration), in process (no per-job project build, which on a shared 2-core machine costs
/// more than the measurements). Figures are indicative, with wider error bars than
/// BenchmarkDotNet's default job.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortJobAttribute : Attribute, IConfigSource
{
    public const int WarmupIterations = 2;
    public const int MeasuredIterations = 5;

    public ShortJobAttribute()
    {
        Config = ManualConfig.CreateEmpty().AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithId("Short"));
    }

    public IConfig Config { get; }
}

/// <summary>
/// A job for benchmarks whose single operation takes seconds (a full port scan): one invocation
/// per iteration, one warm-up, three measured iterations, no pilot stage.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SlowOperationJobAttribute : Attribute, IConfigSource
{
    public SlowOperationJobAttribute()
    {
        Config = ManualConfig.CreateEmpty().AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Slow"));
    }

    public IConfig Config { get; }
}
