using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FemtoScas.Benchmarks;

/// <summary>
/// One short job for the whole suite, so a full run stays within a few minutes on a 2-core
/// host: 1 launch, 2 warm-up and 5 measured iterations, in process (no per-job project build,
/// which on a shared 2-core machine costs more than the measurements). Figures are therefore
/// indicative (wider error bars than BenchmarkDotNet's default job), not publication grade.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public const int WarmupIterations = 2;
    public const int MeasuredIterations = 5;

    public BenchConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.OperationsPerSecond, new ThroughputColumn());
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
        WithOptions(ConfigOptions.JoinSummary);
    }
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
