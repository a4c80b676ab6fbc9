using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>Freeze(inner, params)</c>: <c>inner</c> with some parameters frozen. A frozen parameter is
/// stepped as if it had no gradient: its value and its state stay exactly as they are (bit for
/// bit), and no arithmetic is spent on it.
/// <code>
/// (s', p') = inner.Step(s, p, g without the frozen parameters' gradients)
/// </code>
/// The state is the inner optimiser's own (<see cref="Init"/> gives <c>inner.Init</c>), so a run
/// can freeze and thaw at any step with the same state: <see cref="Thaw(IEnumerable{Param})"/>
/// returns a new value, and a thawed parameter resumes from its kept moments.
/// </summary>
/// <remarks>
/// The inner rule's step count still advances while a parameter is frozen (it is one count for all
/// parameters), so after a thaw its kept moments are bias-corrected with the current <c>t</c>, as
/// with Optax's <c>masked</c>. Freeze a whole sub-model with <c>Optimisers.Freeze(opt, encoder)</c>
/// (its <see cref="IModel.Params"/>). Nested freezes merge into one.
/// <para>Parameters are matched by identity: <see cref="Init"/> and <see cref="Update"/> refuse a
/// parameter list that holds none of the frozen parameters (a rebuilt model, whose parameters have new
/// identities, would otherwise train in full). So freeze outside a <see cref="Partition"/> (whose groups
/// each see only their own parameters), or freeze in a group only that group's parameters.</para>
/// </remarks>
public sealed record Frozen : IFusedOptimiser
{
    /// <summary><paramref name="inner"/> with the parameters <paramref name="frozen"/> (by identity) frozen.</summary>
    public Frozen(IOptimiser inner, IEnumerable<ParamId> frozen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(frozen);
        (Inner, Ids) = inner is Frozen f ? (f.Inner, f.Ids.Union(frozen)) : (inner, frozen.ToImmutableHashSet());
    }

    /// <summary>The optimiser of the parameters that are not frozen.</summary>
    public IOptimiser Inner { get; private init; }

    /// <summary>The identities of the frozen parameters.</summary>
    public ImmutableHashSet<ParamId> Ids { get; private init; }

    /// <summary>True when <paramref name="param"/> (any version of it) is frozen.</summary>
    [Pure]
    public bool IsFrozen(Param param) => Ids.Contains((param ?? throw new ArgumentNullException(nameof(param))).Id);

    /// <summary>This optimiser with <paramref name="ps"/> frozen too.</summary>
    [Pure]
    public Frozen Freeze(IEnumerable<Param> ps) => this with { Ids = Ids.Union(IdsOf(ps)) };

    /// <summary>This optimiser with <paramref name="ps"/> thawed: they step again from their kept state (the state needs no change).</summary>
    [Pure]
    public Frozen Thaw(IEnumerable<Param> ps) => this with { Ids = Ids.Except(IdsOf(ps)) };

    /// <summary>This optimiser with the parameters of <paramref name="model"/> thawed.</summary>
    [Pure]
    public Frozen Thaw(IModel model) => Thaw((model ?? throw new ArgumentNullException(nameof(model))).Params());

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps) => Inner.Init(Named(ps, nameof(Init)));

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit) =>
        Fusion.Apply(Inner, state, Named(ps, emit.Operation()), Without(grads), emit);

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node) => Inner.Restore(node);

    /// <summary>The loss passed to the inner optimiser, whose state this is.</summary>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss) => Inner.Observe(state, loss);

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => Inner.HyperparameterNames;

    /// <summary>The inner optimiser adjusted, with the same parameters frozen.</summary>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        var (inner, next) = Inner.Adjust(state, changes);
        return ReferenceEquals(inner, Inner) ? (this, next) : (this with { Inner = inner }, next);
    }

    // A list that holds parameters but none of the frozen ones: a rebuilt model, which would train in full.
    private Params Named(Params ps, string operation)
    {
        ArgumentNullException.ThrowIfNull(ps);
        if (Ids.IsEmpty || ps.Count == 0 || ps.Any(p => Ids.Contains(p.Id))) return ps;
        throw new ArgumentException(
            $"Freeze.{operation}: none of the {ps.Count} parameters given is one of the {Ids.Count} frozen, so nothing would be frozen. Parameters are " +
            "matched by identity, and a rebuilt model (a fresh template, a model loaded from a checkpoint) has new identities: freeze the parameters of the model you step.",
            nameof(ps));
    }

    private Grads Without(Grads grads)
    {
        ArgumentNullException.ThrowIfNull(grads);
        return Ids.IsEmpty || !grads.Keys.Any(p => Ids.Contains(p.Id))
            ? grads
            : Grads.Of(grads.Where(e => !Ids.Contains(e.Key.Id)));
    }

    private static IEnumerable<ParamId> IdsOf(IEnumerable<Param> ps) =>
        (ps ?? throw new ArgumentNullException(nameof(ps))).Select(p => (p ?? throw new ArgumentNullException(nameof(ps))).Id);

    /// <summary>Equal inner optimisers and frozen sets.</summary>
    public bool Equals(Frozen? other) => other is not null && Inner.Equals(other.Inner) && Ids.SetEquals(other.Ids);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Inner, Ids.Count);

    /// <summary><c>Freeze(inner, n parameters)</c>.</summary>
    public override string ToString() => $"Freeze({Inner}, {Ids.Count} parameter{(Ids.Count == 1 ? "" : "s")})";
}

/// <summary>Freezing as extension methods: <c>opt.Freeze(encoder)</c>, <c>opt.Thaw(encoder)</c>.</summary>
public static class Freezing
{
    /// <summary><paramref name="optimiser"/> with <paramref name="ps"/> frozen (added to any already frozen).</summary>
    [Pure]
    public static Frozen Freeze(this IOptimiser optimiser, IEnumerable<Param> ps) =>
        new(optimiser, (ps ?? throw new ArgumentNullException(nameof(ps))).Select(p => p.Id));

    /// <summary><paramref name="optimiser"/> with every parameter of <paramref name="model"/> frozen.</summary>
    [Pure]
    public static Frozen Freeze(this IOptimiser optimiser, IModel model) =>
        optimiser.Freeze((model ?? throw new ArgumentNullException(nameof(model))).Params());

    /// <summary><paramref name="optimiser"/> with <paramref name="ps"/> thawed; an optimiser that freezes nothing is returned as it is.</summary>
    [Pure]
    public static IOptimiser Thaw(this IOptimiser optimiser, IEnumerable<Param> ps)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        return optimiser is Frozen f ? f.Thaw(ps) : optimiser;
    }

    /// <summary><paramref name="optimiser"/> with the parameters of <paramref name="model"/> thawed.</summary>
    [Pure]
    public static IOptimiser Thaw(this IOptimiser optimiser, IModel model) =>
        optimiser.Thaw((model ?? throw new ArgumentNullException(nameof(model))).Params());
}
