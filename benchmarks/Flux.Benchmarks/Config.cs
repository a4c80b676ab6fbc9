using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Flux.Benchmarks;

/// <summary>
/// Medians with the memory diagnoser, under two garbage-collector settings: .NET's defaults, and
/// the throughput settings a numerical program sets (a 64 MB gen0 budget and a 16 MB large-object
/// threshold). Every step of an immutable library allocates fresh arrays for new parameters and
/// state; with the defaults, arrays above 85 KB go to the large-object heap and each few steps
/// pay for a full collection. A short job keeps the suite within a shared two-core machine.
/// </summary>
public sealed class FluxConfig : ManualConfig
{
    public FluxConfig()
    {
        var job = Job.ShortRun.WithWarmupCount(3).WithIterationCount(9);
        AddJob(job.WithId("default-gc"));
        AddJob(job.WithId("tuned-gc").WithEnvironmentVariables(
            new EnvironmentVariable("DOTNET_GCgen0size", "0x4000000"),
            new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x1000000")));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
    }
}
