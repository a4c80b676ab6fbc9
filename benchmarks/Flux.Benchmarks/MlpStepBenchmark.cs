using BenchmarkDotNet.Attributes;

namespace Flux.Benchmarks;

/// <summary>
/// w2: one training step of Dense(784, 128, relu) → Dense(128, 10) → softmax cross-entropy (from
/// logits) on a batch of 64, with ADAM (η = 0.001): forward, gradient, optimiser step. Each iteration
/// starts from the model and moments the previous one produced, as a training loop does, so what a
/// step allocates survives into the next and the collector pays for it as in a real run.
/// </summary>
[Config(typeof(FluxConfig))]
public class MlpStepBenchmark
{
    private Chain _model = null!;
    private IOptimiser _adam = null!;
    private OptimiserState _state = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = Layers.Chain(Layers.Dense(784, 128, Activation.Relu, seed: 1), Layers.Dense(128, 10, seed: 2));
        _adam = Optimisers.ADAM(eta: 0.001);
        _state = _adam.Init(_model);
        _x = Tensor.Rand(new Seed(3), 784, 64);
        _y = Labels.OneHot(Enumerable.Range(0, 64).Select(i => i * 7 % 10).ToArray(), 10);
    }

    [Benchmark(Description = "w2 MLP step (784-128-10, batch 64, ADAM)")]
    public Chain Step()
    {
        var model = _model;
        var grads = Gradient.Of(() => Losses.LogitCrossEntropy(model.Apply(_x), _y), model.Params());
        (_state, _model) = _adam.Step(_state, model, grads);
        return _model;
    }
}
