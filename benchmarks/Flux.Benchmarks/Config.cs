using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Flux.Benchmarks;

/// <summary>Medians with the memory diagnoser; a short job so the whole suite fits a shared two-core machine.</summary>
public sealed class FluxConfig : ManualConfig
{
    public FluxConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(9));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
    }
}
