using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Flux.Benchmarks -- --filter '*'   (BenchmarkDotNet's switches)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
