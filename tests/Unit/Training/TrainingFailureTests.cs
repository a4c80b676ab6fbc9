using Xunit;
using static Flux.Tests.Unit.TrainingTests;

namespace Flux.Tests.Unit;

/// <summary>A run that fails, is cancelled or goes non-finite part way returns the steps it finished.</summary>
public class TrainingFailureTests
{
    private static readonly Dataset Data = Blobs(10, 1); // 3 batches of ⌈10 / 4⌉ per epoch
    private const int Epochs = 4, BatchSize = 4, Seed = 1;
    private static readonly Chain M0 = Model(1); // one build: parameters keep their identities in every run below

    /// <summary>The first <paramref name="steps"/> steps of the fold, by hand: batches of each epoch, gradient, step.</summary>
    private static (Chain Model, OptimiserState State, double[] Losses) ByHand(IOptimiser opt, int steps)
    {
        var model = M0;
        var state = opt.Init(model.Params());
        var losses = new List<double>();
        for (var epoch = 0; losses.Count < steps; epoch++)
            foreach (var batch in Data.Batches(BatchSize, Seed, epoch).Take(steps - losses.Count))
            {
                var current = model;
                var (value, grads) = Gradient.ValueAndGradient(() => Loss(current, batch.Features, batch.Targets), current.Params());
                (state, model) = opt.Step(state, model, grads);
                losses.Add(value);
            }
        return (model, state, [.. losses]);
    }

    private static void AssertIsTheRunOf(int steps, IOptimiser opt, TrainingResult<Chain> result)
    {
        var (model, state, losses) = ByHand(opt, steps);
        Assert.Equal(steps, result.Steps);
        Assert.Equal(losses, result.Losses.ToArray());
        Assert.Equal(model, result.Model);
        Assert.Equal(state, result.State);
    }

    /// <summary>A rule that throws at one step and otherwise is <see cref="Optimisers.ADAM"/>.</summary>
    private sealed class ThrowsAt(int step, Exception error) : IOptimiser
    {
        private readonly IOptimiser _inner = Optimisers.ADAM(0.05);
        public OptimiserState Init(Params ps) => _inner.Init(ps);
        public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) =>
            state.StepCount + 1 == step ? throw error : _inner.Update(state, ps, grads);
        public OptimiserState Restore(StateNode node) => _inner.Restore(node);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)] // the last batch of epoch 0
    [InlineData(5)] // mid epoch 1
    public void An_exception_from_the_loss_at_step_k_returns_the_k_minus_1_steps_before_it(int k)
    {
        var error = new InvalidOperationException("the loss broke");
        var calls = 0;
        var opt = Optimisers.ADAM(0.05);
        var result = Training.Train(M0, opt, (m, x, y) => ++calls == k ? throw error : Loss(m, x, y), Data, Epochs, BatchSize, Seed);
        Assert.Same(error, Assert.IsType<TrainingStop.FailedCase>(result.Stop).Error);
        Assert.Equal(TrainingStop.Failed(error), result.Stop);
        Assert.Equal("Failed: InvalidOperationException: the loss broke", result.Stop.ToString());
        AssertIsTheRunOf(k - 1, opt, result);
    }

    [Fact]
    public void An_exception_from_the_optimiser_step_returns_the_steps_before_it_and_resume_continues_from_them()
    {
        var error = new ArgumentException("the rule broke");
        var opt = new ThrowsAt(5, error);
        var result = Training.Train(M0, opt, Loss, Data, Epochs, BatchSize, Seed);
        Assert.Equal(TrainingStop.Failed(error), result.Stop);
        AssertIsTheRunOf(4, opt, result);

        var resumed = Training.Resume(result.Model, result.State, result.Steps, new ThrowsAt(7, error), Loss, Data, Epochs, BatchSize, Seed);
        Assert.Equal(TrainingStop.Failed(error), resumed.Stop);
        Assert.Equal(6, resumed.Steps);
        var six = ByHand(Optimisers.ADAM(0.05), 6);
        Assert.Equal(six.Model, resumed.Model);
        Assert.Equal(six.Losses[4..], resumed.Losses.ToArray());
    }

    private sealed class ThrowingProgress(long at, Exception error) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == at) throw error;
        }
    }

    [Fact]
    public void A_callback_that_throws_when_told_of_step_k_returns_step_k_which_had_completed()
    {
        var opt = Optimisers.ADAM(0.05);
        var error = new IOException("the progress sink broke");
        var fromProgress = Training.Train(M0, opt, Loss, Data, Epochs, BatchSize, Seed, new ThrowingProgress(4, error));
        Assert.Equal(TrainingStop.Failed(error), fromProgress.Stop);
        AssertIsTheRunOf(4, opt, fromProgress);

        var fromStop = Training.Train(M0, opt, Loss, Data, Epochs, BatchSize, Seed, stop: p => p.Step == 2 ? throw error : false);
        Assert.Equal(TrainingStop.Failed(error), fromStop.Stop);
        AssertIsTheRunOf(2, opt, fromStop);
    }

    [Fact]
    public void Cancellation_ends_the_run_before_the_next_step_with_the_steps_finished()
    {
        var opt = Optimisers.ADAM(0.05);
        using var source = new CancellationTokenSource();
        var progress = new Progress(p => { if (p.Step == 5) source.Cancel(); });
        var result = Training.Train(M0, opt, Loss, Data, Epochs, BatchSize, Seed, progress, cancellationToken: source.Token);
        Assert.Equal(TrainingStop.Cancelled, result.Stop);
        AssertIsTheRunOf(5, opt, result);

        var before = Training.Train(M0, opt, Loss, Data, Epochs, BatchSize, Seed, cancellationToken: source.Token);
        Assert.Equal(TrainingStop.Cancelled, before.Stop);
        Assert.Equal(M0, before.Model);
        Assert.Equal(0, before.Steps);

        var calls = 0;
        var thrown = Training.Train(M0, opt, (m, x, y) => ++calls == 3 ? throw new OperationCanceledException() : Loss(m, x, y), Data, Epochs, BatchSize, Seed);
        Assert.Equal(TrainingStop.Cancelled, thrown.Stop);
        AssertIsTheRunOf(2, opt, thrown);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void A_step_that_makes_a_parameter_non_finite_is_not_kept()
    {
        // A finite loss whose step overflows: η = 1e300 times gradients far above 1.
        var opt = Optimisers.SGD(1e300);
        Expr Huge(Chain m, Tensor x, Tensor y) => Loss(m, x, y) * 1e10;
        var m0 = M0;
        var result = Training.Train(m0, opt, Huge, Data, Epochs, BatchSize, Seed);
        var broken = Assert.IsType<TrainingStop.NonFiniteParameterCase>(result.Stop);
        Assert.Contains(broken.Parameter, m0.Params().Select(p => p.Name));
        Assert.Equal(0, result.Steps);
        Assert.Equal(m0, result.Model);
        Assert.All(result.Model.Params(), p => Assert.True(p.Value.IsFinite()));
        Assert.True(double.IsFinite(Assert.Single(result.Losses)));
        Assert.Equal($"NonFiniteParameter ({broken.Parameter})", result.Stop.ToString());
    }
}
