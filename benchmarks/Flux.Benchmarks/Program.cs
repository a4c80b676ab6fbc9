using BenchmarkDotNet.Running;
using Flux.Benchmarks;

// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- --filter '*'   (BenchmarkDotNet's switches)
// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- fashion [folder] [epochs]   (the end-to-end run)
return args is ["fashion", .. var rest] ? FashionRun.Run(rest) : Run(args);

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
