using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>EMA(inner, β, debias)</c>: an exponential moving average of the parameters (Polyak–Ruppert
/// averaging with forgetting; PyTorch's <c>AveragedModel</c> with <c>get_ema_multi_avg_fn</c>, Optax's
/// <c>ema</c> applied to the parameters). The steps are the inner optimiser's, bit for bit; the state
/// also keeps, for each parameter, an average <c>a</c> of the values the steps returned and the
/// number <c>n</c> of them:
/// <code>
/// p' = inner.Step(s, p, g)                      (the parameters returned, unchanged)
/// n' = n + 1
/// debias = false:  a' = β*a + (1-β)*p'           a starts at the parameters given to Init
/// debias = true:   w = (1-β)/(1-β^n'),  a' = (1-w)*a + w*p'
/// </code>
/// With debiasing, <c>a_n = Σ_i β^(n-i) p_i / Σ_i β^(n-i)</c> over the values <c>p_1 … p_n</c>
/// after each step: the zero-started average of Optax's <c>ema(debias=True)</c>,
/// <c>â_n = a_n/(1-β^n)</c>, kept already divided (so <c>a_1 = p_1</c> and the start does not
/// matter). Without it, the start counts with weight <c>β^n</c>, as in a copy of the model at
/// the start.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>β == beta</c>: in [0, 1), 0.999 by default (PyTorch's); β = 0 keeps the last value.</item>
/// <item><see cref="Averaged(OptimiserState, Params)"/> gives the averages as parameters with the same
/// identities, to evaluate or save (a checkpoint of the state holds them too); a model overload
/// rebuilds the model with them. The state's <see cref="OptimiserState.EvaluationParams"/> gives the
/// same, so <see cref="TrainingResult{TModel}.EvaluationModel"/> and the cmdlets find them without
/// being told. Training goes on from the parameters the steps return.</item>
/// <item>A parameter with no gradient gets no step and its average and count are kept; each
/// parameter's debiasing uses its own count.</item>
/// <item>Through <see cref="IOptimiser.Update"/> the average takes <c>p - Δ</c>; through <c>Step</c> the
/// fused <c>p'</c>. They are the same bits wherever the inner rule's fused step is <c>p - Δ</c>
/// (ADAMW's rounds <c>p - Δ - decay*p</c> and may differ in the last bit).</item>
/// </list>
/// State: <see cref="EMAState"/> (slots <c>"average"</c> and <c>"count"</c>, a scalar, per
/// parameter, and the inner state). Wrap the whole optimiser rather than put it in a chain.
/// Adjusting goes to the inner optimiser.
/// </remarks>
public sealed record EMA : Wrapper<EMAState>
{
    /// <summary>The average of the parameters <paramref name="inner"/> returns, with decay <paramref name="beta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not in [0, 1).</exception>
    public EMA(IOptimiser inner, double beta = 0.999, bool debias = true) : base(inner)
    {
        Beta = Checks.UnitInterval("EMA", nameof(beta), beta);
        Debias = debias;
    }

    /// <summary>β, the decay of the average.</summary>
    public double Beta { get; }

    /// <summary>Whether the average is debiased (weights normalised to sum to 1).</summary>
    public bool Debias { get; }

    /// <inheritdoc/>
    private protected override string Kind => EMAState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var averages = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, long)>();
        foreach (var p in ps) averages.Add(p.Id, (p.Value, 0L));
        return new EMAState(0, Inner.Init(ps), averages.ToImmutable());
    }

    /// <summary>The averaged parameters: <paramref name="ps"/> with each value the state averages replaced by its average (same identities).</summary>
    /// <exception cref="ArgumentException">The state is not an EMA state.</exception>
    [Pure]
    public Params Averaged(OptimiserState state, Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var s = Open(state, nameof(Averaged));
        return ps.Select(p => s.Averages.TryGetValue(p.Id, out var e) && e.Average.Shape == p.Shape ? p.With(e.Average) : p);
    }

    /// <summary>The model rebuilt with its averaged parameters (same type, same identities).</summary>
    /// <exception cref="ArgumentException">The state is not an EMA state.</exception>
    /// <exception cref="InvalidOperationException">The model's <see cref="IModel.With"/> returned another type.</exception>
    [Pure]
    public TModel Averaged<TModel>(OptimiserState state, TModel model) where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.With(Averaged(state, model.Params())) is TModel m
            ? m
            : throw new InvalidOperationException($"EMA.Averaged: {model.GetType().Name}.With returned another type; IModel.With must return the model's own type.");
    }

    private protected override (OptimiserState State, Grads Out) Apply(EMAState state, Params ps, Grads grads, Emit emit)
    {
        foreach (var p in ps)
        {
            if (!state.Averages.TryGetValue(p.Id, out var e))
                throw new ArgumentException($"EMA.{emit.Operation()}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", "state");
            if (e.Average.Shape != p.Shape)
                throw new ArgumentException($"EMA.{emit.Operation()}: state slot 'average' of {p.Name} has shape {e.Average.Shape}; the parameter has shape {p.Shape}.", "state");
        }
        var (inner, output) = Fusion.Apply(Inner, state.Inner, ps, grads, emit);
        var averages = state.Averages.ToBuilder();
        foreach (var p in ps)
        {
            if (!output.TryGet(p.Id, out var o)) continue;
            var next = emit == Emit.Params ? o : p.Value - o;
            var (a, n) = state.Averages[p.Id];
            double keep = Beta, take = 1 - Beta;
            if (Debias)
            {
                take = (1 - Beta) / (1 - Math.Pow(Beta, n + 1));
                keep = 1 - take;
            }
            averages[p.Id] = (a * keep + next * take, n + 1);
        }
        return (new EMAState(state.StepCount + 1, inner, averages.ToImmutable()), output);
    }

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(EMAState.KindName, node, children: 1);
        var averages = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, long)>();
        foreach (var group in node.Slots.GroupBy(s => s.Param))
        {
            var average = group.Where(s => s.Name == "average").ToArray();
            var count = group.Where(s => s.Name == "count").ToArray();
            if (group.FirstOrDefault(s => s.Name is not ("average" or "count")) is { } other)
                throw new ArgumentException($"EMA.Restore: unknown slot '{other.Name}' for parameter #{group.Key}; an 'EMA' state has slots 'average', 'count'.", nameof(node));
            if (average.Length != 1 || count.Length != 1 || average[0].Value is null || count[0].Value is null)
                throw new ArgumentException($"EMA.Restore: parameter #{group.Key} needs exactly one slot 'average' and one slot 'count', each with a value.", nameof(node));
            var c = count[0].Value!;
            var n = c.Length == 1 ? c.Span[0] : double.NaN;
            if (c.Rank != 0 || !(n >= 0 && n == Math.Floor(n) && n <= node.Step))
                throw new ArgumentException($"EMA.Restore: slot 'count' of parameter #{group.Key} must be a scalar whole number from 0 to the step count {node.Step}; got {c}.", nameof(node));
            averages.Add(group.Key, (average[0].Value!, (long)n));
        }
        return new EMAState(node.Step, Inner.Restore(node.Children[0]), averages.ToImmutable());
    }

    /// <summary><c>EMA(inner, β, debias)</c>.</summary>
    public override string ToString() => $"EMA({Inner}, {Rule.Format(Beta)}, debias = {Debias})";
}

/// <summary>The state of <see cref="EMA"/>: steps so far, the inner state, and each parameter's average and count.</summary>
/// <remarks>Node: kind <c>"EMA"</c>, slots <c>"average"</c> (the parameter's shape) and <c>"count"</c> (a scalar) per parameter, one child (the inner state).</remarks>
public sealed record EMAState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "EMA";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public EMAState(long stepCount, OptimiserState inner, ImmutableDictionary<ParamId, (Tensor Average, long Count)> averages) : base(stepCount, inner) =>
        Averages = averages ?? throw new ArgumentNullException(nameof(averages));

    /// <summary>Each parameter's average and the number of values it averages, by identity.</summary>
    public ImmutableDictionary<ParamId, (Tensor Average, long Count)> Averages { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>The averages: the parameters to evaluate or save (the inner state's own are not consulted).</summary>
    public override Params EvaluationParams(Params ps) => WithValues(ps, Averages.ToDictionary(e => e.Key, e => e.Value.Average));

    /// <inheritdoc/>
    public override StateNode ToNode()
    {
        var slots = ImmutableArray.CreateBuilder<StateSlot>(Averages.Count * 2);
        foreach (var (id, (average, count)) in Averages.OrderBy(e => e.Key.Value))
        {
            slots.Add(new StateSlot(id, "average", average));
            slots.Add(new StateSlot(id, "count", Tensor.Scalar(count)));
        }
        return new StateNode(KindName, StepCount, slots.MoveToImmutable(), ImmutableDictionary<string, double>.Empty, [Inner.ToNode()]);
    }

    /// <summary>Equal step counts, inner states, averages (bit for bit) and counts.</summary>
    public bool Equals(EMAState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || !Inner.Equals(other.Inner) || Averages.Count != other.Averages.Count) return false;
        foreach (var (id, e) in Averages)
            if (!other.Averages.TryGetValue(id, out var o) || o.Count != e.Count || !o.Average.Equals(e.Average)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Averages.Count);
}
