using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An optimiser as a pure fold (Optax's <c>GradientTransformation</c>, Optimisers.jl's rule):
/// <see cref="Init"/> builds the state for some parameters, <see cref="Step"/> maps
/// <c>(state, params, grads)</c> to <c>(state', params')</c>. Nothing is mutated: the inputs stay
/// valid and unchanged, so a step can be repeated, compared or undone.
/// </summary>
/// <remarks>
/// Every optimiser of the library is immutable and safe to share across threads. A user's own rule
/// implements this interface (see <see cref="OptimiserLaws"/> to check it obeys the laws of every
/// rule); it can then be used alone or as an element of <see cref="Optimisers.Chain"/>.
/// </remarks>
public interface IOptimiser
{
    /// <summary>The initial state for <paramref name="ps"/>, keyed by parameter identity.</summary>
    [Pure]
    OptimiserState Init(Params ps);

    /// <summary>
    /// One step: the new state and the new parameters. A parameter with no gradient in
    /// <paramref name="grads"/> is returned as it is, and its state is kept; gradients of
    /// parameters not in <paramref name="ps"/> are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The state is another rule's or was built for other
    /// parameters, or a gradient's shape differs from its parameter's, or (every rule of the library,
    /// as a <see cref="NonFiniteGradientException"/> naming the parameter) a gradient holds NaN or ±∞.
    /// Nothing is changed. <see cref="FiniteOnly"/> skips such steps instead.</exception>
    [Pure]
    (OptimiserState State, Params Params) Step(OptimiserState state, Params ps, Grads grads);

    /// <summary>Rebuilds a state from its neutral form <see cref="OptimiserState.ToNode"/>, checking it is this rule's.</summary>
    /// <exception cref="ArgumentException">The node is of another kind or its slots are not this rule's.</exception>
    [Pure]
    OptimiserState Restore(StateNode node);
}

/// <summary>
/// An optimiser that can also give the step it would take without taking it: the map of
/// <c>Δ</c> per parameter such that <see cref="IOptimiser.Step"/> gives <c>p' = p - Δ</c>. This is
/// how a rule works as an inner element of a chain, feeding its <c>Δ</c> to the next element as
/// that element's gradient. Every rule and building block of the library implements it.
/// </summary>
/// <remarks>
/// A user's rule need not implement this: in a chain, an element that only implements
/// <see cref="IOptimiser"/> contributes <c>Δ = p - p'</c> from its own <see cref="IOptimiser.Step"/>
/// (exact in real arithmetic; rounded once in floating point).
/// </remarks>
public interface IGradientTransformation : IOptimiser
{
    /// <summary>
    /// The new state and the step <c>Δ</c> for each member of <paramref name="ps"/> that has a
    /// gradient, in the order of <paramref name="ps"/>. Validation is as for <see cref="IOptimiser.Step"/>.
    /// </summary>
    [Pure]
    (OptimiserState State, Grads Delta) Transform(OptimiserState state, Params ps, Grads grads);
}
