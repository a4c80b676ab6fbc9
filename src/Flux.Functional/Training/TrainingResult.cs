namespace Flux;

/// <summary>
/// The outcome of the training fold: the final model and optimiser state, the loss of every step
/// taken, the total step count and why it ended. Feed <see cref="Model"/>, <see cref="State"/>
/// and <see cref="Steps"/> to <see cref="Training.Resume{TModel}"/> (or a checkpoint) to go on.
/// </summary>
/// <param name="Model">The model after the last completed step (the input model when none completed).</param>
/// <param name="State">The optimiser state after the last completed step.</param>
/// <param name="Losses">
/// The loss of each step this call completed, in order (each measured before its step); after
/// <see cref="TrainingStop.NonFiniteLoss"/> or <see cref="TrainingStop.NonFiniteParameter"/> the loss of
/// the step that was not kept comes last.
/// </param>
/// <param name="Steps">Steps taken in the whole run, including any before a resume.</param>
/// <param name="Stop">Why the fold ended; a <see cref="TrainingStop.FailedCase"/> carries the exception.</param>
public sealed record TrainingResult<TModel>(TModel Model, OptimiserState State, ImmutableArray<double> Losses, long Steps, TrainingStop Stop)
    where TModel : IModel
{
    /// <summary>
    /// The mean loss of each epoch this call finished, in order: the sum of its batches' losses (in
    /// batch order) over their count. A resumed epoch counts the batches of this call only; an epoch
    /// the run stopped inside has no entry.
    /// </summary>
    public ImmutableArray<double> EpochLosses { get; init; } = [];

    /// <summary>
    /// The score the run's <c>evaluate</c> function gave the model at the end of each epoch this call
    /// finished (e.g. the accuracy on a validation set), in order; empty when it was given none.
    /// </summary>
    public ImmutableArray<double> EpochScores { get; init; } = [];

    /// <summary>
    /// The model to evaluate or save for use: <see cref="Model"/> with the state's
    /// <see cref="OptimiserState.EvaluationParams"/> (an <see cref="EMA"/>'s average, Lookahead's
    /// slow weights, a schedule-free rule's <c>x</c>). For every other optimiser it is
    /// <see cref="Model"/> itself, at no cost. Training resumes from <see cref="Model"/>, not from this.
    /// </summary>
    public TModel EvaluationModel => State.EvaluationModel(Model);

    /// <summary>The loss of the last step, or NaN when no step ran.</summary>
    public double FinalLoss => Losses.IsEmpty ? double.NaN : Losses[^1];

    /// <summary>True when the model, the state, the history (bit for bit), the step count and the reason agree.</summary>
    public bool Equals(TrainingResult<TModel>? other) =>
        other is not null && EqualityComparer<TModel>.Default.Equals(Model, other.Model) && State.Equals(other.State)
        && Losses.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other.Losses.Select(BitConverter.DoubleToInt64Bits))
        && EpochLosses.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other.EpochLosses.Select(BitConverter.DoubleToInt64Bits))
        && EpochScores.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other.EpochScores.Select(BitConverter.DoubleToInt64Bits))
        && Steps == other.Steps && Stop == other.Stop;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Model, Losses.Length, Steps, Stop);

    /// <summary>The step count, the final loss and why it ended.</summary>
    public override string ToString() => $"TrainingResult: {Steps} steps, final loss {FinalLoss:G6}, {Stop}";
}
