using BenchmarkDotNet.Attributes;
using static Flux.Ops;

namespace Flux.Benchmarks;

/// <summary>
/// w1: the seed's linear-regression step — loss, gradient of W and b, SGD update with η = 0.1. Each
/// iteration starts from the parameters the previous one produced, as a training loop does.
/// </summary>
[Config(typeof(FluxConfig))]
public class SeedStepBenchmark
{
    private Param _W = null!, _b = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _W = new Param("W", Tensor.Rand(new Seed(1), 2, 5));
        _b = new Param("b", Tensor.Rand(new Seed(2), 2));
        _x = Tensor.Rand(new Seed(3), 5);
        _y = Tensor.Rand(new Seed(4), 2);
    }

    [Benchmark(Description = "w1 seed step (gradient + SGD)")]
    public Param Step()
    {
        Param W = _W, b = _b;
        var g = Gradient.Of(() => Sum(Square(W * _x + b - _y)), Params.Of(W, b));
        (_W, _b) = (W.Update(-0.1 * g[W]), b.Update(-0.1 * g[b]));
        return _W;
    }
}
