using FsCheck.Xunit;
using Xunit;
using Flux.Tests.Optimisation;

namespace Flux.Tests.Folding;

/// <summary>
/// The training fold reuses the arrays of the values only it sees; these properties say that the
/// reuse is invisible. For every row of the optimiser table and random seeds, the fold's model,
/// state and losses are bit for bit those of the plain loop of pure steps, on a model whose weights
/// and batches are large enough to be reused, and the caller's model and state are untouched.
/// </summary>
public class FoldProperties
{
    private const int Features = 80, Hidden = 30, Outputs = 5, Samples = 70, BatchSize = 16, Epochs = 2;

    private static Dataset Data(int seed) =>
        new(Tensor.Randn(new Seed(seed), Features, Samples), Tensor.Randn(new Seed(seed + 1), Outputs, Samples));

    // W₁ (30×80) and the batches (80×16) are above the pool's threshold; W₂ and the biases are not.
    internal static Chain Model(int seed) =>
        Layers.Chain(Layers.Dense(Features, Hidden, Activation.Tanh, seed: seed), Layers.Dense(Hidden, Outputs, seed: seed + 1));

    private static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.Mse(m.Apply(x), y);

    /// <summary>The fold written out with the public pure functions: what the fold must equal.</summary>
    internal static (Chain Model, OptimiserState State, List<double> Losses, Exception? Failure) PlainLoop(
        Chain model, IOptimiser optimiser, Dataset data, int epochs, int batchSize, int seed)
    {
        var state = optimiser.Init(model.Params());
        var losses = new List<double>();
        try
        {
            for (var e = 0; e < epochs; e++)
            {
                var order = data.Permutation(seed, e);
                for (var b = 0; b < data.BatchCount(batchSize); b++)
                {
                    var batch = data.Batch(order, b, batchSize);
                    var current = model;
                    var (value, grads) = Gradient.ValueAndGradient(() => Loss(current, batch.Features, batch.Targets), current.Params());
                    (state, model) = optimiser.Step(optimiser.Observe(state, value), model, grads);
                    losses.Add(value);
                }
            }
        }
        catch (Exception e) { return (model, state, losses, e); }
        return (model, state, losses, null);
    }

    [Property(MaxTest = 3)]
    public void TheFoldEqualsThePlainLoopBitForBitForEveryRow(int seed) => FoldEqualsPlainLoop(seed, ElementType.Float64);

    [Property(MaxTest = 2)]
    public void TheFoldEqualsThePlainLoopBitForBitForEveryRowInFloat32(int seed) => FoldEqualsPlainLoop(seed, ElementType.Float32);

    private static void FoldEqualsPlainLoop(int seed, ElementType type)
    {
        var data = Data(seed).ToElementType(type);
        foreach (var row in OptimiserTable.All)
        {
            var model = Model(seed).ToElementType(type);
            var state0 = row.Optimiser.Init(model.Params());
            var before = Snapshot.Of(model, state0);
            var expected = PlainLoop(model, row.Optimiser, data, Epochs, BatchSize, seed);
            var actual = Training.Resume(model, state0, 0, row.Optimiser, Loss, data, Epochs, BatchSize, seed);

            Assert.True(expected.Failure is null == (actual.Stop == TrainingStop.Completed), $"{row.Name}: the loop {(expected.Failure is null ? "completed" : "failed: " + expected.Failure.Message)}, the fold ended with {actual.Stop}");
            Assert.Equal(expected.Losses, actual.Losses);
            for (var i = 0; i < model.Params().Count; i++)
                Compare.Bits(expected.Model.Params()[i].Value, actual.Model.Params()[i].Value, $"{row.Name}: {model.Params()[i].Name}");
            Assert.True(expected.State.ToNode().Equals(actual.State.ToNode()), $"{row.Name}: the states differ");
            Assert.True(before.Matches(model, state0), $"{row.Name}: the fold changed the caller's model or state");
        }
    }
}

/// <summary>A deep copy of the bits of a model's parameters and of a state's neutral form, to check later that they never changed.</summary>
internal sealed record Snapshot(Tensor[] Params, StateNode State)
{
    public static Snapshot Of(IModel model, OptimiserState state) =>
        new([.. model.Params().Select(p => Copy(p.Value))], Copy(state.ToNode()));

    // Compared through Equals, which reads a Float32 tensor's own floats (not a widened copy made earlier).
    public bool Matches(IModel model, OptimiserState state)
    {
        var ps = model.Params();
        for (var i = 0; i < ps.Count; i++)
            if (!ps[i].Value.Equals(Params[i])) return false;
        return Copy(state.ToNode()).Equals(State);
    }

    private static Tensor Copy(Tensor t) => t.ElementType == ElementType.Float32
        ? Tensor.FromSingleArray(t.ToSingleArray(), t.Shape.Dims)
        : Tensor.FromArray(t.ToArray(), t.Shape.Dims);

    // The node with every slot's tensor copied, so later reuse of the original arrays would show as a difference.
    private static StateNode Copy(StateNode node) => node with
    {
        Slots = [.. node.Slots.Select(s => s with { Value = Copy(s.Value) })],
        Children = [.. node.Children.Select(Copy)],
    };
}
