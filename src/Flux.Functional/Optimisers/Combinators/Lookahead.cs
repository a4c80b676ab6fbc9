using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>Lookahead(inner, k, α)</c>: k fast steps forward, one step back (Zhang et al. 2019; Optax's
/// <c>lookahead</c>). The parameters are the fast weights θ, stepped by <c>inner</c>; the state
/// keeps slow weights φ, which start at the parameters given to <c>Init</c>. Every <c>k</c>-th
/// step the slow weights move by α toward the fast ones and the fast weights are reset to them:
/// <code>
/// t counts every step, from 1
/// θ̃ = inner.Step(s, θ, g)
/// t mod k ≠ 0:  θ' = θ̃,                          φ' = φ
/// t mod k = 0:  φ' = φ + α*(θ̃ - φ),  θ' = φ'
/// </code>
/// So after every k-th step the parameters are the slow weights, which the paper evaluates.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>k</c>: the synchronisation period, 1 or more (5 by default, as in the paper).</item>
/// <item><c>α == alpha</c>: the slow step size, in (0, 1] (0.5 by default). <c>α = 1</c> is the inner
/// optimiser (up to the rounding of <c>φ + (θ̃ - φ)</c>); <c>k = 1</c> with SGD is SGD with η*α.</item>
/// <item>The inner state is kept across synchronisations (Optax's default). A parameter with no
/// gradient at a synchronisation keeps its fast and slow weights.</item>
/// <item>Closed form, SGD on <c>f(p) = a*p²/2</c>: after <c>j</c> synchronisations
/// <c>p = (1 - α + α*(1 - η*a)^k)^j * p0</c>.</item>
/// </list>
/// State: <see cref="LookaheadState"/> (the slow weights <c>"slow"</c> per parameter, the inner
/// state). Wrap the whole optimiser rather than put it inside a chain: it needs the parameters the
/// step returns. <see cref="Slow"/> gives the slow weights as parameters, for evaluation or a checkpoint
/// between synchronisations. Adjusting goes to the inner optimiser.
/// </remarks>
public sealed record Lookahead : Wrapper<LookaheadState>
{
    /// <summary>Lookahead around <paramref name="inner"/>: a synchronisation every <paramref name="k"/> steps, with slow step <paramref name="alpha"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="alpha"/> is not in (0, 1].</exception>
    public Lookahead(IOptimiser inner, int k = 5, double alpha = 0.5) : base(inner)
    {
        K = (int)Checks.AtLeastOne("Lookahead", nameof(k), k);
        Alpha = alpha > 0 && alpha <= 1
            ? alpha
            : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Lookahead: alpha (α, the slow step size) must be in (0, 1]; got {alpha}.");
    }

    /// <summary>k, the steps between synchronisations.</summary>
    public int K { get; }

    /// <summary>α, the slow step size.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    private protected override string Kind => LookaheadState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var slow = ImmutableDictionary.CreateBuilder<ParamId, Tensor>();
        foreach (var p in ps) slow.Add(p.Id, p.Value);
        return new LookaheadState(0, Inner.Init(ps), slow.ToImmutable());
    }

    /// <summary>The slow weights φ as parameters (same identities; a parameter the state does not know is returned as it is).</summary>
    /// <exception cref="ArgumentException">The state is not a Lookahead state.</exception>
    [Pure]
    public Params Slow(OptimiserState state, Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var s = Open(state, nameof(Slow));
        return ps.Select(p => s.Slow.TryGetValue(p.Id, out var phi) && phi.Shape == p.Shape ? p.With(phi) : p);
    }

    private protected override (OptimiserState State, Grads Out) Apply(LookaheadState state, Params ps, Grads grads, Emit emit)
    {
        foreach (var p in ps)
        {
            if (!state.Slow.TryGetValue(p.Id, out var phi))
                throw new ArgumentException($"Lookahead.{emit.Operation()}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", "state");
            if (phi.Shape != p.Shape)
                throw new ArgumentException($"Lookahead.{emit.Operation()}: state slot 'slow' of {p.Name} has shape {phi.Shape}; the parameter has shape {p.Shape}.", "state");
        }
        var t = state.StepCount + 1;
        if (t % K != 0)
        {
            var (inner, output) = Fusion.Apply(Inner, state.Inner, ps, grads, emit);
            return (new LookaheadState(t, inner, state.Slow), output);
        }
        var (synced, fast) = Fusion.Apply(Inner, state.Inner, ps, grads, Emit.Params);
        var slow = state.Slow.ToBuilder();
        var outputs = new List<KeyValuePair<Param, Tensor>>(fast.Count);
        foreach (var p in ps)
        {
            if (!fast.TryGet(p.Id, out var theta)) continue;
            var phi = state.Slow[p.Id];
            var next = phi + (theta - phi) * Alpha;
            slow[p.Id] = next;
            outputs.Add(new(p, emit == Emit.Params ? next : p.Value - next));
        }
        return (new LookaheadState(t, synced, slow.ToImmutable()), Grads.Of(outputs));
    }

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(LookaheadState.KindName, node, children: 1);
        var slow = ImmutableDictionary.CreateBuilder<ParamId, Tensor>();
        foreach (var slot in node.Slots)
        {
            if (slot.Name != "slow")
                throw new ArgumentException($"Lookahead.Restore: unknown slot '{slot.Name}' for parameter #{slot.Param}; a 'Lookahead' state has slot 'slow'.", nameof(node));
            if (!slow.TryAdd(slot.Param, slot.Value ?? throw new ArgumentException($"Lookahead.Restore: slot 'slow' of parameter #{slot.Param} has no value.", nameof(node))))
                throw new ArgumentException($"Lookahead.Restore: slot 'slow' of parameter #{slot.Param} appears twice.", nameof(node));
        }
        return new LookaheadState(node.Step, Inner.Restore(node.Children[0]), slow.ToImmutable());
    }

    /// <summary><c>Lookahead(inner, k, α)</c>.</summary>
    public override string ToString() => $"Lookahead({Inner}, {K}, {Rule.Format(Alpha)})";
}

/// <summary>The state of <see cref="Lookahead"/>: steps so far, the inner state, and each parameter's slow weights.</summary>
/// <remarks>Node: kind <c>"Lookahead"</c>, slot <c>"slow"</c> per parameter, one child (the inner state).</remarks>
public sealed record LookaheadState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Lookahead";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public LookaheadState(long stepCount, OptimiserState inner, ImmutableDictionary<ParamId, Tensor> slow) : base(stepCount, inner) =>
        Slow = slow ?? throw new ArgumentNullException(nameof(slow));

    /// <summary>The slow weights φ of each parameter, by identity.</summary>
    public ImmutableDictionary<ParamId, Tensor> Slow { get; }

    /// <summary>The slow weights φ, which the paper evaluates (also between synchronisations).</summary>
    public override Params EvaluationParams(Params ps) => WithValues(ps, Slow);

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode() => new(KindName, StepCount,
        [.. Slow.OrderBy(e => e.Key.Value).Select(e => new StateSlot(e.Key, "slow", e.Value))],
        ImmutableDictionary<string, double>.Empty, [Inner.ToNode()]);

    /// <summary>Equal step counts, inner states and slow weights (bit for bit).</summary>
    public bool Equals(LookaheadState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || !Inner.Equals(other.Inner) || Slow.Count != other.Slow.Count) return false;
        foreach (var (id, phi) in Slow)
            if (!other.Slow.TryGetValue(id, out var o) || !o.Equals(phi)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Slow.Count);
}
