using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The state of an optimiser between steps: immutable. Every state has a neutral form,
/// <see cref="ToNode"/>, that checkpoints serialise and <see cref="IOptimiser.Restore"/> reads back.
/// </summary>
public abstract record OptimiserState
{
    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepCount"/> is negative.</exception>
    protected OptimiserState(long stepCount)
    {
        if (stepCount < 0)
            throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, "an optimiser state's step count must be 0 or more.");
        StepCount = stepCount;
    }

    /// <summary>The number of steps taken so far; the next step has <c>t = StepCount + 1</c>.</summary>
    public long StepCount { get; }

    /// <summary>The kind of optimiser this state belongs to, as in <see cref="StateNode.Kind"/> (<c>"ADAM"</c>, <c>"Chain"</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The neutral, serialisable form of this state.</summary>
    [Pure]
    public abstract StateNode ToNode();

    /// <summary>
    /// The parameters to evaluate or save, which may differ from the ones the gradient is taken at
    /// and training goes on from: an average the state keeps (<see cref="EMA"/>'s, Lookahead's slow
    /// weights) or a sequence of its own (schedule-free's <c>x</c>). By default, and for every state
    /// that keeps none, <paramref name="ps"/> itself (the same instance, so nothing is copied).
    /// </summary>
    /// <param name="ps">The parameters the steps returned (the training parameters).</param>
    /// <returns>
    /// <paramref name="ps"/> with each value the state holds an evaluation value for replaced by it
    /// (same identities and order); a parameter the state does not know keeps its value.
    /// </returns>
    /// <remarks>Composite states pass the question to their parts (a chain's elements in order, a wrapper's inner state).</remarks>
    [Pure]
    public virtual Params EvaluationParams(Params ps) => ps ?? throw new ArgumentNullException(nameof(ps));

    /// <summary>
    /// <paramref name="model"/> rebuilt with <see cref="EvaluationParams"/> of its parameters; the
    /// model itself when the state keeps no evaluation parameters.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's <see cref="IModel.With"/> returned another type.</exception>
    [Pure]
    public TModel EvaluationModel<TModel>(TModel model) where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var ps = model.Params();
        var evaluation = EvaluationParams(ps);
        if (ReferenceEquals(evaluation, ps)) return model;
        return model.With(evaluation) is TModel m
            ? m
            : throw new InvalidOperationException($"EvaluationModel: {model.GetType().Name}.With returned another type; IModel.With must return the model's own type.");
    }

    /// <summary><paramref name="ps"/> with the values in <paramref name="values"/> (by identity, same shape) put in; <paramref name="ps"/> itself when none applies.</summary>
    private protected static Params WithValues(Params ps, IReadOnlyDictionary<ParamId, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(ps);
        bool Applies(Param p) => values.TryGetValue(p.Id, out var v) && v.Shape == p.Shape;
        return ps.Any(Applies) ? ps.Select(p => Applies(p) ? p.With(values[p.Id]) : p) : ps;
    }

    /// <summary>
    /// The state as its neutral form prints it: kind, step, slot count and scalars, with nested
    /// states indented (<c>"Chain (step 3, 0 slots)\n  ADAM (step 3, 4 slots)"</c>).
    /// </summary>
    public sealed override string ToString() => ToNode().ToString();

    /// <summary>The error for a state that is not <paramref name="kind"/>'s.</summary>
    internal static ArgumentException NotMine(string kind, string operation, OptimiserState state) => new(
        $"{kind}.{operation}: the state is a '{state.Kind}' state ({state.GetType().Name}), not a '{kind}' state; pass the state made by this optimiser's Init, Step or Restore.",
        nameof(state));
}
