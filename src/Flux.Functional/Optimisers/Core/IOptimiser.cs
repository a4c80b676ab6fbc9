using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An optimiser, as Optax's <c>GradientTransformation</c>: <see cref="Init"/> builds the state for
/// some parameters and <see cref="Update"/> maps <c>(state, params, grads)</c> to
/// <c>(state', Δ)</c>. The step <c>p' = p − Δ</c> is derived once, for every optimiser, by
/// <see cref="OptimiserExtensions.Step(IOptimiser, OptimiserState, Params, Grads)"/>. Nothing is
/// mutated: the inputs stay valid and unchanged, so a step can be repeated, compared or undone.
/// </summary>
/// <remarks>
/// A user's rule implements <see cref="Init"/>, <see cref="Update"/> and <see cref="Restore"/>;
/// chains, wrappers, checkpoints, training and <see cref="OptimiserLaws"/> then work with it. The
/// hyperparameter members have defaults (none, and nothing to adjust); the library's rules derive
/// them from their <see cref="RuleDeclaration"/>.
/// </remarks>
public interface IOptimiser
{
    /// <summary>The initial state for <paramref name="ps"/>, keyed by parameter identity.</summary>
    [Pure]
    OptimiserState Init(Params ps);

    /// <summary>
    /// The new state and the step <c>Δ</c> of each member of <paramref name="ps"/> that has a gradient,
    /// in the order of <paramref name="ps"/>. A parameter with no gradient gets no step and keeps its
    /// state; gradients of parameters not in <paramref name="ps"/> are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The state is another optimiser's or was built for other
    /// parameters, or a gradient's shape differs from its parameter's, or (every rule of the library,
    /// as a <see cref="NonFiniteGradientException"/> naming the parameter) a gradient holds NaN or ±∞.
    /// Nothing is changed. <see cref="FiniteOnly"/> skips such steps instead.</exception>
    [Pure]
    (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads);

    /// <summary>
    /// The state after being told <paramref name="loss"/>, the loss of the batch whose gradient the
    /// next step receives; the training fold tells it before every step. A rule that does not use
    /// the loss (every rule but <see cref="ReduceOnPlateau"/>) returns the state as it is, which is
    /// the default; composites pass the loss to their parts.
    /// </summary>
    /// <exception cref="ArgumentException">The state is not this optimiser's, or (where the loss is used) the loss is not finite.</exception>
    [Pure]
    OptimiserState Observe(OptimiserState state, double loss) => state;

    /// <summary>Rebuilds a state from its neutral form <see cref="OptimiserState.ToNode"/>, checking it is this optimiser's.</summary>
    /// <exception cref="ArgumentException">The node is of another kind or does not fit this optimiser.</exception>
    [Pure]
    OptimiserState Restore(StateNode node);

    /// <summary>The names <see cref="Adjust"/> accepts (<c>eta</c>, <c>beta1</c>, ...): none unless the optimiser says.</summary>
    ImmutableSortedSet<string> HyperparameterNames => [];

    /// <summary>
    /// This optimiser with the hyperparameters in <paramref name="changes"/> replaced, and its state
    /// carried over (moments kept). With nothing changed, the same optimiser and state.
    /// </summary>
    /// <exception cref="ArgumentException">A name the optimiser does not have, or the state is not its.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A new value is out of range.</exception>
    [Pure]
    (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes) =>
        changes.Count == 0
            ? (this, state)
            : throw new ArgumentException(
                $"Adjust: {GetType().Name} has no hyperparameters to adjust (asked for {string.Join(", ", changes.Keys)}).", nameof(changes));
}
