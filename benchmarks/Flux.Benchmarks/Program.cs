using BenchmarkDotNet.Running;
using Flux.Benchmarks;

// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- --filter '*'   (BenchmarkDotNet's switches)
// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- fashion [folder] [epochs]   (the end-to-end run)
// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- profile [float32]   (where a w2 step's time goes)
return args switch
{
    ["fashion", .. var rest] => FashionRun.Run(rest),
    ["profile", .. var rest] => StepProfile.Run(rest),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
