namespace Flux;

/// <summary>
/// The contents of a checkpoint file: a model's parameters (values, names and identities), the
/// optimiser state as a <see cref="StateNode"/> (or none), and the number of training steps taken.
/// </summary>
/// <param name="Params">The model's parameters in the model's order.</param>
/// <param name="Optimiser">The optimiser state's tree, or null for a model alone.</param>
/// <param name="Step">Training steps taken.</param>
/// <remarks>
/// Saved by <see cref="Checkpoints.Save(string, Checkpoint)"/>, read by <see cref="Checkpoints.Read"/>,
/// and put back into a model and optimiser by <see cref="Checkpoints.Load{TModel}(string, TModel, IOptimiser, bool)"/>.
/// Two checkpoints are equal when everything in them agrees bit for bit.
/// </remarks>
public sealed record Checkpoint(Params Params, StateNode? Optimiser, long Step)
{
    /// <summary>The checkpoint of a model, an optimiser state (or null) and a step count.</summary>
    public static Checkpoint Of(IModel model, OptimiserState? state, long step)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(model.Params(), state?.ToNode(), step);
    }

    /// <summary>The parameters.</summary>
    public Params Params { get; init; } = Params ?? throw new ArgumentNullException(nameof(Params));

    /// <summary>Training steps taken, 0 or more.</summary>
    public long Step { get; init; } = Step >= 0 ? Step : throw new ArgumentOutOfRangeException(nameof(Step), Step, "Checkpoint: the step count must be 0 or more.");

    /// <summary>True when parameters (identities, names, values), optimiser trees and step agree exactly.</summary>
    public bool Equals(Checkpoint? other) =>
        other is not null && Step == other.Step && Params.SequenceEqual(other.Params) && Equals(Optimiser, other.Optimiser);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Step, Params.Count, Optimiser?.Kind);

    /// <summary>A summary: step, parameters and optimiser kind.</summary>
    public override string ToString() =>
        $"Checkpoint at step {Step}: {Params.Count} parameters ({Params.ElementCount} elements), optimiser {Optimiser?.Kind ?? "none"}";
}
