using System.Collections.Immutable;
using System.Diagnostics;

namespace Flux;

/// <summary>
/// Flux's <c>train!</c> as a pure fold: over epochs and shuffled mini-batches,
/// <c>(model, state) → gradient of the batch loss → optimiser step → (model', state')</c>.
/// Nothing is mutated; the result holds the final model, the final state and the loss history.
/// </summary>
/// <remarks>
/// Epoch e visits the batches of <see cref="Dataset.Batches(int, int, int)"/> with (seed, e), so the
/// same model, optimiser, data and seed give the same result bit for bit, and a run resumed from
/// step s with <see cref="Resume{TModel}"/> continues exactly as the uninterrupted run would.
/// </remarks>
public static class Training
{
    /// <summary>
    /// Trains <paramref name="model"/> for <paramref name="epochs"/> epochs from a fresh optimiser
    /// state.
    /// </summary>
    /// <param name="model">The initial model.</param>
    /// <param name="optimiser">The update rule.</param>
    /// <param name="loss">The loss of a model on a batch (features × batch, targets × batch), e.g. <c>(m, x, y) =&gt; Losses.CrossEntropy(m.Apply(x), y)</c>.</param>
    /// <param name="data">The training samples.</param>
    /// <param name="epochs">Number of passes over the data, 0 or more.</param>
    /// <param name="batchSize">Samples per batch (the last batch of an epoch may be smaller).</param>
    /// <param name="seed">Seed of the per-epoch shuffles.</param>
    /// <param name="progress">Told after every step (wrap it in <see cref="Throttle.Progress{T}"/> to report less often).</param>
    /// <param name="stop">Asked after every step; returning true ends training there (early stopping).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> below 0, or <paramref name="batchSize"/> below 1.</exception>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    /// <exception cref="InvalidOperationException">The model's <c>With</c> did not return a <typeparamref name="TModel"/>.</exception>
    public static TrainingResult<TModel> Train<TModel>(
        TModel model, IOptimiser optimiser, Func<TModel, Tensor, Tensor, Expr> loss, Dataset data,
        int epochs, int batchSize, int seed,
        IProgress<TrainingProgress>? progress = null, Func<TrainingProgress, bool>? stop = null)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimiser);
        return Resume(model, optimiser.Init(model.Params()), 0, optimiser, loss, data, epochs, batchSize, seed, progress, stop);
    }

    /// <summary>
    /// Continues a run after <paramref name="step"/> steps from <paramref name="model"/> and
    /// <paramref name="state"/> (e.g. from a checkpoint), up to the end of epoch
    /// <paramref name="epochs"/> − 1. With the same data, batch size and seed, the result equals
    /// the uninterrupted run's bit for bit; its history holds only the steps run here.
    /// </summary>
    /// <param name="model">The model after <paramref name="step"/> steps.</param>
    /// <param name="state">The optimiser state after <paramref name="step"/> steps.</param>
    /// <param name="step">Steps already taken, 0 or more; past the end, nothing runs.</param>
    /// <param name="optimiser">The update rule (the one that made <paramref name="state"/>).</param>
    /// <param name="loss">The loss of a model on a batch.</param>
    /// <param name="data">The training samples, as in the interrupted run.</param>
    /// <param name="epochs">Total number of epochs of the whole run.</param>
    /// <param name="batchSize">Samples per batch, as in the interrupted run.</param>
    /// <param name="seed">Seed of the per-epoch shuffles, as in the interrupted run.</param>
    /// <param name="progress">Told after every step.</param>
    /// <param name="stop">Asked after every step; returning true ends training there.</param>
    public static TrainingResult<TModel> Resume<TModel>(
        TModel model, OptimiserState state, long step, IOptimiser optimiser, Func<TModel, Tensor, Tensor, Expr> loss, Dataset data,
        int epochs, int batchSize, int seed,
        IProgress<TrainingProgress>? progress = null, Func<TrainingProgress, bool>? stop = null)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Train: the number of epochs must be 0 or more.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Train: the batch size must be 1 or more.");
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "Train: the step count must be 0 or more.");
        if (data.Count == 0) throw new ArgumentException("Train: the dataset has no samples.", nameof(data));

        var clock = Stopwatch.StartNew();
        var perEpoch = data.BatchCount(batchSize);
        var history = ImmutableArray.CreateBuilder<double>();
        var firstEpoch = (int)Math.Min(step / perEpoch, epochs);
        for (var epoch = firstEpoch; epoch < epochs; epoch++)
        {
            var batches = data.Batches(batchSize, seed, epoch);
            for (var b = (int)(step - (long)epoch * perEpoch); b < perEpoch; b++)
            {
                var batch = batches[b];
                var current = model;
                var (value, grads) = Gradient.ValueAndGradient(() => loss(current, batch.Features, batch.Targets), current.Params());
                history.Add(value);
                if (!double.IsFinite(value))
                    return new(model, state, history.ToImmutable(), step, TrainingStop.NonFiniteLoss);

                (state, model) = optimiser.Step(state, model, grads);
                step++;

                var report = new TrainingProgress(epoch, b, perEpoch, step, value, clock.Elapsed);
                progress?.Report(report);
                if (stop?.Invoke(report) == true)
                    return new(model, state, history.ToImmutable(), step, TrainingStop.Callback);
            }
        }
        return new(model, state, history.ToImmutable(), step, TrainingStop.Completed);
    }
}
