using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace Flux.Tests.Unit;

/// <summary>
/// The fold reuses the arrays of the parameters, state, gradients and batches it makes between its
/// first and last step. These tests pin what that may and may not touch: nothing a caller holds
/// changes, the callbacks can reach nothing that is reused, a model that gives out copies still
/// trains exactly, and a steady-state step allocates nothing in proportion to the model.
/// </summary>
public class FoldReuseTests(ITestOutputHelper output)
{
    private static Dataset Data(int features, int samples, int seed) =>
        new(Tensor.Randn(new Seed(seed), features, samples), Labels.OneHot([.. Enumerable.Range(0, samples).Select(j => j % 4)], 4));

    private static Chain Model(int features, int hidden, int seed) =>
        Layers.Chain(Layers.Dense(features, hidden, Activation.Relu, seed: seed), Layers.Dense(hidden, 4, seed: seed + 1), Layers.Softmax);

    private static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.CrossEntropy(m.Apply(x), y);

    private static double[][] Bits(IModel m) => [.. m.Params().Select(p => p.Value.ToArray())];

    private static double[][] Bits(OptimiserState s) => [.. s.ToNode().Slots.Select(x => x.Value.ToArray())];

    [Fact]
    public void A_result_the_caller_holds_never_changes_when_training_resumes_from_it()
    {
        var data = Data(60, 96, 1);
        var stopped = Training.Train(Model(60, 40, 2), Optimisers.ADAM(0.01), Loss, data, 3, 16, 7, stop: r => r.Step == 4);
        Assert.Equal(TrainingStop.Callback, stopped.Stop);
        var (model, state) = (Bits(stopped.Model), Bits(stopped.State));

        var resumed = Training.Resume(stopped.Model, stopped.State, stopped.Steps, Optimisers.ADAM(0.01), Loss, data, 3, 16, 7);
        var again = Training.Resume(stopped.Model, stopped.State, stopped.Steps, Optimisers.ADAM(0.01), Loss, data, 3, 16, 7);

        Assert.Equal(model, Bits(stopped.Model));
        Assert.Equal(state, Bits(stopped.State));
        Assert.Equal(resumed, again); // and the first resumed run was not disturbed by the second
        var whole = Training.Train(Model(60, 40, 2), Optimisers.ADAM(0.01), Loss, data, 3, 16, 7);
        Assert.Equal(whole.Model.Params().Select(p => p.Value), resumed.Model.Params().Select(p => p.Value));
    }

    [Fact]
    public void The_models_given_to_the_epoch_evaluation_are_the_callers_to_keep()
    {
        var data = Data(60, 96, 1);
        var validation = Data(60, 40, 9);
        var kept = new List<(Chain Model, double[][] Bits)>();
        double Evaluate(Chain m)
        {
            kept.Add((m, Bits(m)));
            return Metrics.Accuracy(m, validation);
        }
        var run = Training.Train(Model(60, 40, 2), Optimisers.ADAM(0.01), Loss, data, 4, 16, 7, evaluate: Evaluate);

        Assert.Equal(4, run.EpochScores.Length);
        Assert.All(kept, k => Assert.Equal(k.Bits, Bits(k.Model)));
        // The same scores from a run resumed epoch by epoch, which hands every model to its caller.
        var model = Model(60, 40, 2);
        var (state, step) = (Optimisers.ADAM(0.01).Init(model.Params()), 0L);
        for (var e = 0; e < 4; e++)
        {
            var part = Training.Resume(model, state, step, Optimisers.ADAM(0.01), Loss, data, e + 1, 16, 7);
            (model, state, step) = (part.Model, part.State, part.Steps);
            Assert.Equal(Metrics.Accuracy(model, validation), run.EpochScores[e]);
            Assert.Equal(Bits(model), kept[e].Bits);
        }
    }

    [Fact]
    public void The_epoch_evaluation_scores_the_evaluation_model_of_an_averaging_optimiser()
    {
        var data = Data(60, 96, 1);
        var validation = Data(60, 40, 9);
        var evaluated = new List<Chain>();
        var run = Training.Train(Model(60, 40, 2), new ScheduleFreeAdamW(eta: 0.01), Loss, data, 2, 16, 7,
            evaluate: m => { evaluated.Add(m); return Metrics.Accuracy(m, validation); });
        Assert.Equal(Metrics.Accuracy(run.EvaluationModel, validation), run.EpochScores[^1]);
        Assert.Equal(run.EvaluationModel.Params().Select(p => p.Value), evaluated[^1].Params().Select(p => p.Value)); // x, not y
        Assert.NotEqual(run.Model.Params()[0].Value, evaluated[^1].Params()[0].Value);
    }

    [Fact]
    public void The_callbacks_are_given_numbers_only_so_they_reach_nothing_the_fold_reuses()
    {
        var types = typeof(TrainingProgress).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType).ToArray();
        Assert.All(types, t => Assert.True(t.IsPrimitive || t == typeof(TimeSpan), $"TrainingProgress carries a {t.Name}"));
    }

    /// <summary>A model that hands out a fresh copy of its weights on every read.</summary>
    private sealed record Copying(Param W) : IModel
    {
        public Params Params() => Flux.Params.Of(W.With(Tensor.FromArray(W.Value.ToArray(), W.Shape.Dims)));
        public IModel With(Params ps) => new Copying(ps[0]);
    }

    [Fact]
    public void A_model_that_gives_out_copies_trains_exactly_as_the_plain_loop()
    {
        var data = new Dataset(Tensor.Randn(new Seed(3), 50, 40), Tensor.Randn(new Seed(4), 30, 40));
        var model = new Copying(new Param("W", Tensor.Randn(new Seed(5), 30, 50)));
        Expr L(Copying m, Tensor x, Tensor y) => Losses.Mse(m.W * x, y);
        var fold = Training.Train(model, Optimisers.ADAM(0.01), L, data, 2, 8, 9);

        var (state, m) = (Optimisers.ADAM(0.01).Init(model.Params()), model);
        for (var e = 0; e < 2; e++)
        {
            var order = data.Permutation(9, e);
            for (var b = 0; b < data.BatchCount(8); b++)
            {
                var batch = data.Batch(order, b, 8);
                var current = m;
                var grads = Gradient.Of(() => L(current, batch.Features, batch.Targets), current.Params());
                (state, m) = Optimisers.ADAM(0.01).Step(state, m, grads);
            }
        }
        Assert.Equal(m.W.Value, fold.Model.W.Value);
        Assert.Equal(state.ToNode(), fold.State.ToNode());
    }

    // Bytes allocated on this thread by one step, from the difference between runs of 24 and 8 steps.
    private static double BytesPerStep(int features)
    {
        var data = Data(features, 16 * 24, 3);
        long Run(int steps)
        {
            var model = Model(features, 32, 4);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var r = Training.Train(model, Optimisers.ADAM(0.001), Loss, data, 1, 16, 5, stop: p => p.Step == steps);
            Assert.Equal(steps, r.Steps);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Run(24); // warm-up: JIT and the kernels' first-use state
        return (Run(24) - Run(8)) / 16.0;
    }

    [Fact]
    public void A_steady_state_step_allocates_nothing_in_proportion_to_the_model()
    {
        // W₁ grows from 32×100 to 32×1600 (25,600 to 409,600 bytes, ×4 with ADAM's moments and the
        // gradient, plus a batch of 16 columns); the forward values (32×16) stay the same size.
        var (small, large) = (BytesPerStep(100), BytesPerStep(1600));
        output.WriteLine($"bytes per step: {small:F0} with 100 inputs, {large:F0} with 1600 inputs");
        Assert.True(large - small < 16_384, $"a step allocates {large:F0} bytes with 1600 inputs and {small:F0} with 100");
    }
}
