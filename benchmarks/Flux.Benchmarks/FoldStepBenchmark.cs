using BenchmarkDotNet.Attributes;

namespace Flux.Benchmarks;

/// <summary>
/// w2 and w3 as the training fold runs them, the way a user trains: the fold owns the arrays of the
/// parameters, state, gradients and batches it replaces and reuses them, so its steady state
/// allocates nothing in proportion to the model. The state is carried from one invocation to the
/// next, as in <see cref="MlpStepBenchmark"/> and <see cref="AdamStepBenchmark"/>, which time the
/// public pure step (a step a caller holds, so nothing can be reused).
/// </summary>
[Config(typeof(FluxConfig))]
public class FoldStepBenchmark
{
    private const int Batches = 50, BatchSize = 64;
    private Chain _model = null!;
    private IOptimiser _adam = null!;
    private OptimiserState _state = null!;
    private Dataset _data = null!;
    private long _step;

    [GlobalSetup(Target = nameof(MlpStep))]
    public void SetupMlp() => SetupMlp(ElementType.Float64);

    [GlobalSetup(Target = nameof(MlpStepFloat32))]
    public void SetupMlpFloat32() => SetupMlp(ElementType.Float32);

    private void SetupMlp(ElementType type)
    {
        _model = Layers.Chain(Layers.Dense(784, 128, Activation.Relu, seed: 1, elementType: type), Layers.Dense(128, 10, seed: 2, elementType: type));
        _adam = Optimisers.ADAM(eta: 0.001);
        _state = _adam.Init(_model);
        _data = new Dataset(Tensor.Rand(new Seed(3), 784, Batches * BatchSize),
            Labels.OneHot([.. Enumerable.Range(0, Batches * BatchSize).Select(i => i * 7 % 10)], 10)).ToElementType(type);
    }

    /// <summary>One epoch of 50 batches of 64 through the fold; BenchmarkDotNet divides by 50.</summary>
    [Benchmark(Description = "w2 MLP step in the training fold (784-128-10, batch 64, ADAM)", OperationsPerInvoke = Batches)]
    public Chain MlpStep() => Epoch();

    /// <summary>The same in float32, beside PyTorch's float32 step.</summary>
    [Benchmark(Description = "w2f32 MLP step in the training fold, float32 (784-128-10, batch 64, ADAM)", OperationsPerInvoke = Batches)]
    public Chain MlpStepFloat32() => Epoch();

    private Chain Epoch()
    {
        var epoch = (int)(_step / Batches);
        var run = Training.Resume(_model, _state, _step, _adam, static (m, x, y) => Losses.LogitCrossEntropy(m.Apply(x), y), _data, epoch + 1, BatchSize, seed: 1);
        (_model, _state, _step) = (run.Model, run.State, run.Steps);
        return _model;
    }

    private const int Count = 10_000_000;
    private Params _ps = null!;
    private Grads _grads = null!;
    private FoldBuffers _buffers = null!;

    [GlobalSetup(Target = nameof(AdamStep))]
    public void SetupAdam() => SetupAdam(ElementType.Float64);

    [GlobalSetup(Target = nameof(AdamStepFloat32))]
    public void SetupAdamFloat32() => SetupAdam(ElementType.Float32);

    private void SetupAdam(ElementType type)
    {
        var p = new Param("p", Tensor.Rand(new Seed(1), Count).ToElementType(type));
        _ps = Params.Of(p);
        _grads = Grads.Of((p, Tensor.Rand(new Seed(2), Count).ToElementType(type)));
        _adam = Optimisers.ADAM(eta: 0.001);
        _state = _adam.Init(_ps);
        _buffers = new FoldBuffers();
    }

    /// <summary>The fold's optimiser phase alone: the step with its outputs lent, then the arrays it replaced taken back.</summary>
    [Benchmark(Description = "w3 ADAM step over 10M parameters in the training fold")]
    public Params AdamStep() => AdamPhase();

    /// <summary>The same in float32: half the bytes through memory.</summary>
    [Benchmark(Description = "w3f32 ADAM step over 10M float32 parameters in the training fold")]
    public Params AdamStepFloat32() => AdamPhase();

    private Params AdamPhase()
    {
        var (state, ps) = (_state, _ps);
        (_state, _ps) = _buffers.Lending(() => _adam.Step(state, ps, _grads));
        _buffers.Reclaim(() => _ps, _state);
        return _ps;
    }
}
