using System.Diagnostics;

namespace Flux;

/// <summary>
/// Flux's <c>train!</c> as a pure fold: over epochs and shuffled mini-batches,
/// <c>(model, state) → gradient of the batch loss → optimiser step → (model', state')</c>.
/// Nothing is mutated; the result holds the final model, the final state and the loss history.
/// A run that fails or is cancelled part way still returns the steps it finished, with the reason
/// (<see cref="TrainingStop"/>).
/// </summary>
/// <remarks>
/// Epoch e visits the batches of <see cref="Dataset.Batches(int, int, int)"/> with (seed, e), gathered
/// one at a time (only the current batch is held, never a shuffled copy of the dataset), so the
/// same model, optimiser, data and seed give the same result bit for bit, and a run resumed from
/// step s with <see cref="Resume{TModel}"/> continues exactly as the uninterrupted run would.
/// Between its first and last step the fold reuses the arrays of the values only it sees (batches,
/// gradients, and the parameters and optimiser state it replaces), so a steady-state step
/// allocates nothing in proportion to the model; the results are bit for bit those of the
/// step-by-step loop of <see cref="Gradient.ValueAndGradient(Func{Expr}, Params)"/> and
/// <see cref="OptimiserExtensions.Step{TModel}(IOptimiser, OptimiserState, TModel, Grads)"/>. The
/// model and batch that the loss receives are lent for that call: keep what it computes from them,
/// not the model or batch themselves.
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
    /// <param name="cancellationToken">Checked before every step; once cancelled, training ends with <see cref="TrainingStop.Cancelled"/>.</param>
    /// <param name="evaluate">Scores the model at the end of every epoch (e.g. <c>m =&gt; Metrics.Accuracy(m, validation)</c>), into <see cref="TrainingResult{TModel}.EpochScores"/>: the evaluation model (<see cref="TrainingResult{TModel}.EvaluationModel"/>), which is the caller's to keep.</param>
    /// <returns>The run's result; see <see cref="Resume{TModel}"/> for how a failure mid-run is returned.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> below 0, or <paramref name="batchSize"/> below 1.</exception>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    public static TrainingResult<TModel> Train<TModel>(
        TModel model, IOptimiser optimiser, Func<TModel, Tensor, Tensor, Expr> loss, Dataset data,
        int epochs, int batchSize, int seed,
        IProgress<TrainingProgress>? progress = null, Func<TrainingProgress, bool>? stop = null,
        CancellationToken cancellationToken = default, Func<TModel, double>? evaluate = null)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimiser);
        return Resume(model, optimiser.Init(model.Params()), 0, optimiser, loss, data, epochs, batchSize, seed, progress, stop, cancellationToken, evaluate);
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
    /// <param name="cancellationToken">Checked before every step; once cancelled, training ends with <see cref="TrainingStop.Cancelled"/>.</param>
    /// <param name="evaluate">Scores the model at the end of every epoch, after the epoch's last step and before its progress report, into <see cref="TrainingResult{TModel}.EpochScores"/>: the evaluation model (an average's or schedule-free's <c>x</c> where the optimiser keeps one, else the model), which is the caller's to keep.</param>
    /// <returns>
    /// The model and state after the last step that completed, the losses of this call's steps, and
    /// why it ended. Nothing thrown during the run escapes: an exception from the loss, the
    /// gradient, the optimiser (e.g. a model whose <c>With</c> does not return a
    /// <typeparamref name="TModel"/>), <paramref name="progress"/> or <paramref name="stop"/> ends it with
    /// <see cref="TrainingStop.Failed"/> carrying the exception (an
    /// <see cref="OperationCanceledException"/> with <see cref="TrainingStop.Cancelled"/>). A failure in
    /// the loss or the optimiser at step k returns the k − 1 steps before it; a failure in a callback
    /// told of step k returns step k, which had completed. A step that would make a parameter NaN or
    /// infinite is not kept (<see cref="TrainingStop.NonFiniteParameter"/>).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> or <paramref name="step"/> below 0, or <paramref name="batchSize"/> below 1.</exception>
    /// <exception cref="ArgumentException">The dataset is empty.</exception>
    public static TrainingResult<TModel> Resume<TModel>(
        TModel model, OptimiserState state, long step, IOptimiser optimiser, Func<TModel, Tensor, Tensor, Expr> loss, Dataset data,
        int epochs, int batchSize, int seed,
        IProgress<TrainingProgress>? progress = null, Func<TrainingProgress, bool>? stop = null,
        CancellationToken cancellationToken = default, Func<TModel, double>? evaluate = null)
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
        var epochMeans = ImmutableArray.CreateBuilder<double>();
        var scores = ImmutableArray.CreateBuilder<double>();
        TrainingResult<TModel> Result(TrainingStop why) =>
            new(model, state, history.ToImmutable(), step, why) { EpochLosses = epochMeans.ToImmutable(), EpochScores = scores.ToImmutable() };
        var buffers = new FoldBuffers();
        try
        {
            var firstEpoch = (int)Math.Min(step / perEpoch, epochs);
            for (var epoch = firstEpoch; epoch < epochs; epoch++)
            {
                var order = data.Permutation(seed, epoch); // the batches are gathered one at a time from it
                var (epochSum, epochCount) = (0.0, 0);
                for (var b = (int)(step - (long)epoch * perEpoch); b < perEpoch; b++)
                {
                    if (cancellationToken.IsCancellationRequested) return Result(TrainingStop.Cancelled);
                    var batch = buffers.Lending(() => data.Batch(order, b, batchSize));
                    var current = model;
                    var (value, grads) = Gradient.ValueAndGradient(() => loss(current, batch.Features, batch.Targets), current.Params(), buffers.Pool);
                    if (!double.IsFinite(value))
                    {
                        history.Add(value);
                        return Result(TrainingStop.NonFiniteLoss);
                    }

                    var (before, held) = (state, model);
                    var (nextState, nextModel) = buffers.Lending(() => optimiser.Step(optimiser.Observe(before, value), held, grads)); // told the batch loss first (ReduceOnPlateau); every other rule ignores it
                    if (FirstNonFinite(nextModel) is { } broken)
                    {
                        history.Add(value);
                        return Result(TrainingStop.NonFiniteParameter(broken.Name));
                    }
                    (state, model) = (nextState, nextModel);
                    history.Add(value);
                    step++;
                    (epochSum, epochCount) = (epochSum + value, epochCount + 1);
                    buffers.Reclaim(model, state);
                    if (b == perEpoch - 1)
                    {
                        epochMeans.Add(epochSum / epochCount);
                        if (evaluate is not null)
                        {
                            var evaluated = state.EvaluationModel(model); // an average's or schedule-free's x where the optimiser keeps one
                            buffers.Release(evaluated); // the evaluation may keep the model, so its arrays are never reused
                            scores.Add(evaluate(evaluated));
                        }
                    }

                    var report = new TrainingProgress(epoch, b, perEpoch, step, value, clock.Elapsed);
                    progress?.Report(report);
                    if (stop?.Invoke(report) == true)
                        return Result(TrainingStop.Callback);
                }
            }
            return Result(TrainingStop.Completed);
        }
        catch (OperationCanceledException)
        {
            return Result(TrainingStop.Cancelled);
        }
        catch (Exception e)
        {
            return Result(TrainingStop.Failed(e));
        }
    }

    // The first parameter (in the model's order) holding a NaN or an infinity, if any.
    private static Param? FirstNonFinite(IModel model)
    {
        foreach (var p in model.Params())
            if (!p.Value.IsFinite()) return p;
        return null;
    }
}
