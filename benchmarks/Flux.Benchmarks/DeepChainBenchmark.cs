using BenchmarkDotNet.Attributes;
using static Flux.Ops;

namespace Flux.Benchmarks;

/// <summary>The gradient of a deep chain: 1,000 tanh layers on a 16-vector, so per-node overhead dominates.</summary>
[Config(typeof(FluxConfig))]
public class DeepChainBenchmark
{
    private Param _p = null!;

    [GlobalSetup]
    public void Setup() => _p = new Param("p", Tensor.Rand(new Seed(1), 16));

    [Benchmark(Description = "gradient of a 1000-deep tanh chain")]
    public Grads Gradient()
    {
        var p = _p;
        return Flux.Gradient.Of(() =>
        {
            Expr e = p;
            for (var i = 0; i < 1000; i++) e = Tanh(e * 0.9 + 0.1);
            return Sum(e);
        }, Params.Of(p));
    }
}
