using BenchmarkDotNet.Attributes;

namespace Flux.Benchmarks;

/// <summary>
/// w3: one ADAM step over 10,000,000 parameters from a given gradient (the optimiser alone). Each
/// iteration steps from the parameters and moments the previous one produced.
/// </summary>
[Config(typeof(FluxConfig))]
public class AdamStepBenchmark
{
    private const int Count = 10_000_000;
    private IOptimiser _adam = null!;
    private OptimiserState _state = null!;
    private Params _ps = null!;
    private Grads _grads = null!;

    [GlobalSetup]
    public void Setup()
    {
        var p = new Param("p", Tensor.Rand(new Seed(1), Count));
        _ps = Params.Of(p);
        _grads = Grads.Of((p, Tensor.Rand(new Seed(2), Count)));
        _adam = Optimisers.ADAM(eta: 0.001);
        _state = _adam.Init(_ps);
    }

    [Benchmark(Description = "w3 ADAM step over 10M parameters")]
    public Params Step()
    {
        (_state, _ps) = _adam.Step(_state, _ps, _grads);
        return _ps;
    }
}
