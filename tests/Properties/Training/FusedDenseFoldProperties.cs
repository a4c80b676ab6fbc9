using FsCheck.Xunit;
using Xunit;
using Flux.Tests.Optimisation;
using Flux.Tests.Properties;

namespace Flux.Tests.Folding;

/// <summary>
/// Training through the fused dense node changes nothing: the fold (<see cref="Training.Resume{TModel}"/>,
/// with its buffer reuse) over a chain of <see cref="Dense"/> layers ends with bit for bit the model, state
/// and losses of the plain loop of pure steps over the same chain traced unfused,
/// <c>σ(Add(MatMul(W, x), b))</c>, for every activation, in both element types. W₁ (30×80) and the
/// batches (80×16) are large enough for the fold to lend and reuse their arrays.
/// </summary>
public class FusedDenseFoldProperties
{
    private const int Features = 80, Hidden = 30, Outputs = 5, Samples = 70, BatchSize = 16, Epochs = 2;

    /// <summary>The layer traced as the three unfused primitives (what Dense.Apply traced before it was fused).</summary>
    private sealed record UnfusedDense(Dense Layer) : ILayer
    {
        public Expr Apply(Expr x) => Layer.Activation.Apply(Ops.Add(Ops.MatMul(Layer.W, x), Layer.b));
        public Tensor Predict(Tensor x) => Layer.Activation.Apply(Layer.W.Value * x + Layer.b.Value);
        public Params Params() => Layer.Params();
        public IModel With(Params ps) => new UnfusedDense(Layer.With(ps));
    }

    private static Chain Model(int seed, Activation activation, ElementType type) => Layers.Chain(
        Layers.Dense(Features, Hidden, activation, seed: seed, elementType: type),
        Layers.Dense(Hidden, Outputs, activation, seed: seed + 1, elementType: type));

    private static Chain Unfused(Chain m) => Layers.Chain([.. m.Layers.Select(l => (ILayer)new UnfusedDense((Dense)l))]);

    private static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.Mse(m.Apply(x), y);

    [Property(MaxTest = 2)]
    public void The_fold_through_fused_layers_equals_the_plain_loop_through_unfused_ones(int seed)
    {
        foreach (var type in new[] { ElementType.Float64, ElementType.Float32 })
            foreach (var activation in FusedDenseProperties.Activations)
                foreach (var row in OptimiserTable.All.Where(r => r.Name is "SGD" or "ADAM"))
                {
                    var data = new Dataset(Tensor.Randn(new Seed(seed), Features, Samples), Tensor.Randn(new Seed(seed + 1), Outputs, Samples)).ToElementType(type);
                    var model = Model(seed, activation, type);
                    var state0 = row.Optimiser.Init(model.Params());
                    var what = $"{row.Name}, {activation}, {type.Name()}";
                    var expected = FoldProperties.PlainLoop(Unfused(model), row.Optimiser, data, Epochs, BatchSize, seed);
                    var actual = Training.Resume(model, state0, 0, row.Optimiser, Loss, data, Epochs, BatchSize, seed);

                    Assert.True(expected.Failure is null, $"{what}: the loop failed: {expected.Failure?.Message}");
                    Assert.Equal(TrainingStop.Completed, actual.Stop);
                    Assert.Equal(expected.Losses, actual.Losses);
                    for (var i = 0; i < model.Params().Count; i++)
                        Compare.Bits(expected.Model.Params()[i].Value, actual.Model.Params()[i].Value, $"{what}: {model.Params()[i].Name}");
                    Assert.True(expected.State.ToNode().Equals(actual.State.ToNode()), $"{what}: the states differ");
                }
    }
}
