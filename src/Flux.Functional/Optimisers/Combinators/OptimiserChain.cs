using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// A chain of optimisers (Flux's <c>Optimiser(a, b, c...)</c>, Optax's <c>chain</c>,
/// Optimisers.jl's <c>OptimiserChain</c>): each element sees the previous element's output as its
/// gradient, and the last element's step is applied.
/// <code>
/// Δ₁ = a(g),  Δ₂ = b(Δ₁),  ...,  p' = p - z(Δₙ₋₁)       state = [state_a, state_b, ..., state_z]
/// </code>
/// </summary>
/// <remarks>
/// The inner elements contribute their <see cref="IOptimiser.Update"/>; in a step, the last element
/// writes <c>p'</c> itself on what it receives (its fused pass), so a chain of one rule is that rule
/// bit for bit (<c>Chain(r) ≡ r</c>). A user's rule works anywhere in a chain. The chain's state is the list of its elements' states (<see cref="ChainState"/>); a chain is itself
/// an optimiser and can be nested.
/// </remarks>
public sealed record OptimiserChain : IFusedOptimiser
{
    /// <summary>The chain of <paramref name="elements"/>, applied in order.</summary>
    /// <exception cref="ArgumentException">No elements, or a null element.</exception>
    public OptimiserChain(IEnumerable<IOptimiser> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var array = elements.ToImmutableArray();
        if (array.IsEmpty)
            throw new ArgumentException("Chain: a chain needs at least one optimiser.", nameof(elements));
        for (var i = 0; i < array.Length; i++)
            if (array[i] is null)
                throw new ArgumentException($"Chain: element {i} is null.", nameof(elements));
        Elements = array;
    }

    /// <summary>The elements, in the order they see the gradient.</summary>
    public ImmutableArray<IOptimiser> Elements { get; }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return new ChainState(0, [.. Elements.Select(e => e.Init(ps))]);
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    // Every element but the last gives its Δ to the next as that element's gradient; the last writes
    // what the caller asked for, so a chain's step is its last element's fused step.
    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        var chain = Check(state, ps, grads, emit.Operation());
        var states = ImmutableArray.CreateBuilder<OptimiserState>(Elements.Length);
        var g = grads;
        for (var i = 0; i < Elements.Length; i++)
        {
            var (s, output) = Fusion.Apply(Elements[i], chain.Elements[i], ps, g, i == Elements.Length - 1 ? emit : Emit.Delta);
            states.Add(s);
            g = output;
        }
        return (new ChainState(chain.StepCount + 1, states.MoveToImmutable()), g);
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(ChainState.KindName, node, children: Elements.Length, slots: false);
        var states = ImmutableArray.CreateBuilder<OptimiserState>(Elements.Length);
        for (var i = 0; i < Elements.Length; i++) states.Add(Elements[i].Restore(node.Children[i]));
        return new ChainState(node.Step, states.MoveToImmutable());
    }

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Elements.SelectMany(e => e.HyperparameterNames)];

    /// <summary>
    /// The chain with every element that has a hyperparameter in <paramref name="changes"/> adjusted
    /// (an element without it is kept), and the state with those elements' states.
    /// </summary>
    /// <exception cref="ArgumentException">No element has one of the names, or the state is not this chain's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range for an element that has it.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var chain = Check(state, Params.Empty, Grads.Empty, nameof(Adjust));
        var (elements, states) = OptimiserExtensions.AdjustEach("Chain", Elements, chain.Elements, changes);
        return elements.SequenceEqual(Elements) && states.SequenceEqual(chain.Elements)
            ? (this, state)
            : (new OptimiserChain(elements), new ChainState(chain.StepCount, states));
    }

    /// <summary>The chain with only element <paramref name="index"/> adjusted (for example the η of one of two rules).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an element's.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) AdjustElement(OptimiserState state, int index, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var chain = Check(state, Params.Empty, Grads.Empty, nameof(AdjustElement));
        if (index < 0 || index >= Elements.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Chain.AdjustElement: the chain has elements 0 to {Elements.Length - 1}.");
        var (element, s) = Elements[index].Adjust(chain.Elements[index], changes);
        return ReferenceEquals(element, Elements[index]) && ReferenceEquals(s, chain.Elements[index])
            ? (this, state)
            : (new OptimiserChain(Elements.SetItem(index, element)), new ChainState(chain.StepCount, chain.Elements.SetItem(index, s)));
    }

    /// <summary>The loss passed to every element, in order; the chain's own state is unchanged.</summary>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss)
    {
        var chain = Check(state, Params.Empty, Grads.Empty, nameof(Observe));
        var states = chain.Elements.Select((s, i) => Elements[i].Observe(s, loss)).ToImmutableArray();
        return states.Zip(chain.Elements).All(e => ReferenceEquals(e.Item1, e.Item2)) ? state : new ChainState(chain.StepCount, states);
    }

    private ChainState Check(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        if (state is not ChainState chain)
            throw new ArgumentException(
                $"Chain.{operation}: the state is a '{state.Kind}' state ({state.GetType().Name}), not a chain's; pass the state made by this chain's Init, Step or Restore.",
                nameof(state));
        if (chain.Elements.Length != Elements.Length)
            throw new ArgumentException(
                $"Chain.{operation}: this chain has {Elements.Length} elements but the state holds {chain.Elements.Length}; it belongs to another chain.",
                nameof(state));
        return chain;
    }

    /// <summary>Equal when the elements are equal, in order.</summary>
    public bool Equals(OptimiserChain? other) =>
        ReferenceEquals(this, other) || (other is not null && Elements.SequenceEqual(other.Elements));

    /// <inheritdoc/>
    public override int GetHashCode() => Elements.Aggregate(Elements.Length, (h, e) => HashCode.Combine(h, e));

    /// <summary><c>Chain(a, b, ...)</c> with each element's own form.</summary>
    public override string ToString() => "Chain(" + string.Join(", ", Elements) + ")";
}

/// <summary>The state of an <see cref="OptimiserChain"/>: its step count and its elements' states, in order.</summary>
public sealed record ChainState : OptimiserState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Chain";

    /// <summary>A chain's state after <paramref name="stepCount"/> steps.</summary>
    public ChainState(long stepCount, ImmutableArray<OptimiserState> elements) : base(stepCount)
    {
        if (elements.IsDefault || elements.Any(e => e is null))
            throw new ArgumentException("ChainState: every element state must be given.", nameof(elements));
        Elements = elements;
    }

    /// <summary>The elements' states, in the chain's order.</summary>
    public ImmutableArray<OptimiserState> Elements { get; }

    /// <summary>Each element's evaluation parameters in turn (in practice the one element that keeps any, such as a schedule-free rule).</summary>
    public override Params EvaluationParams(Params ps) => Elements.Aggregate(ps, (q, e) => e.EvaluationParams(q));

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode() =>
        new(KindName, StepCount, [], ImmutableDictionary<string, double>.Empty, [.. Elements.Select(e => e.ToNode())]);

    /// <summary>Equal step counts and equal element states, in order.</summary>
    public bool Equals(ChainState? other) =>
        ReferenceEquals(this, other) || (base.Equals(other) && Elements.SequenceEqual(other.Elements));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Elements.Length);
}
