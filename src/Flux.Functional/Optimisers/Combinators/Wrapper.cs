using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The common part of a wrapper around one inner optimiser whose own state holds the inner state
/// (<see cref="Scheduled"/>, <see cref="AccumGrad"/>, <see cref="FiniteOnly"/>): the contract's
/// plumbing, the state check, and adjusting, which goes to the inner optimiser and keeps the state.
/// A wrapper supplies its kind, <c>Init</c>, <c>Restore</c> and one <c>Apply</c> that serves both
/// <see cref="IOptimiser.Update"/> and the fused step.
/// </summary>
public abstract record Wrapper<TState> : IFusedOptimiser where TState : WrapperState
{
    private protected Wrapper(IOptimiser inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped optimiser.</summary>
    public IOptimiser Inner { get; private protected init; }

    /// <summary>The wrapper's name in messages and in <see cref="StateNode.Kind"/>.</summary>
    private protected abstract string Kind { get; }

    /// <inheritdoc/>
    [Pure]
    public abstract OptimiserState Init(Params ps);

    /// <inheritdoc/>
    [Pure]
    public abstract OptimiserState Restore(StateNode node);

    /// <summary>One step of the wrapper on its own state: the new state and, per parameter, what <paramref name="emit"/> asks for.</summary>
    private protected abstract (OptimiserState State, Grads Out) Apply(TState state, Params ps, Grads grads, Emit emit);

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Run(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Run(state, ps, grads, emit);

    /// <inheritdoc/>
    public virtual ImmutableSortedSet<string> HyperparameterNames => Inner.HyperparameterNames;

    /// <inheritdoc/>
    [Pure]
    public virtual (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var s = Open(state, nameof(Adjust));
        var (inner, innerState) = Inner.Adjust(s.Inner, changes);
        return ReferenceEquals(inner, Inner) && ReferenceEquals(innerState, s.Inner)
            ? (this, state)
            : (this with { Inner = inner }, s with { Inner = innerState });
    }

    /// <summary>The loss passed to the inner optimiser; the wrapper's own state is unchanged.</summary>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss)
    {
        var s = Open(state, nameof(Observe));
        var inner = Inner.Observe(s.Inner, loss);
        return ReferenceEquals(inner, s.Inner) ? state : s with { Inner = inner };
    }

    /// <summary>The state as this wrapper's, or the error naming what it is.</summary>
    private protected TState Open(OptimiserState state, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as TState ?? throw OptimiserState.NotMine(Kind, operation, state);
    }

    private (OptimiserState State, Grads Out) Run(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        return Apply(Open(state, emit.Operation()), ps, grads, emit);
    }
}

/// <summary>The state of a <see cref="Wrapper{TState}"/>: its own step count and the inner optimiser's state.</summary>
public abstract record WrapperState : OptimiserState
{
    /// <summary>A state after <paramref name="stepCount"/> steps around <paramref name="inner"/>.</summary>
    private protected WrapperState(long stepCount, OptimiserState inner) : base(stepCount) =>
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The inner optimiser's state.</summary>
    public OptimiserState Inner { get; init; }

    /// <summary>The inner state's evaluation parameters: a wrapper that keeps none of its own passes the question on.</summary>
    public override Params EvaluationParams(Params ps) => Inner.EvaluationParams(ps);
}
